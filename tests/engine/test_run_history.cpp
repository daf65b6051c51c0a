// The run history: one default runs folder from XDG_DATA_HOME, new run folders never reuse a
// run, runs record when they started and how long they took (resume adds up), listRuns turns
// damaged folders into "unreadable: why" rows, and compareRunSettings marks what differs.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iterator>

#include "featurelab/error.h"
#include "featurelab/run_history.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

void writeBytes(const QString& file, const QByteArray& bytes) {
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

QByteArray readBytes(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::string s(const QString& q) { return q.toStdString(); }

const RunSummary* find(const std::vector<RunSummary>& runs, const QString& folder) {
    const std::string want = std::filesystem::path(s(folder)).lexically_normal().string();
    for (const auto& r : runs)
        if (r.folder == want) return &r;
    return nullptr;
}

/// Copies a run folder's metrics.json (all listRuns reads) into a new folder under root.
QString copyRun(const QString& from, const QString& root, const QString& name) {
    QDir().mkpath(root + "/" + name);
    QFile::copy(from + "/metrics.json", root + "/" + name + "/metrics.json");
    return root + "/" + name;
}

}  // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_, runA_, runB_;
    RecipeResult a_, b_;

private Q_SLOTS:
    void initTestCase() {
        data_ = tmp_.filePath("colours");
        recipedata::makeColourFolder(data_, 8, 4, 0);
        runA_ = tmp_.filePath("runs/a");
        runB_ = tmp_.filePath("runs/b");
        const QString cache = tmp_.filePath("cache");
        a_ = runRecipe(recipedata::tinyRecipe(data_, runA_, cache, {"linear", "last"}, 1));
        auto b = recipedata::tinyRecipe(data_, runB_, cache, {"linear", "last"}, 1);
        b.stages[1].lr = 0.003;
        b_ = runRecipe(b);
    }

    void defaultRootFollowsXdg() {
        const QByteArray xdg = qgetenv("XDG_DATA_HOME"), home = qgetenv("HOME");
        qputenv("XDG_DATA_HOME", "/x/data");
        QCOMPARE(defaultRunsRoot(), std::string("/x/data/featurelab/runs"));
        qputenv("XDG_DATA_HOME", "relative/data");  // the XDG spec ignores relative paths
        qputenv("HOME", "/home/someone");
        QCOMPARE(defaultRunsRoot(), std::string("/home/someone/.local/share/featurelab/runs"));
        qunsetenv("XDG_DATA_HOME");
        QCOMPARE(defaultRunsRoot(), std::string("/home/someone/.local/share/featurelab/runs"));
        qputenv("XDG_DATA_HOME", xdg);
        qputenv("HOME", home);
    }

    void newFoldersAreUniqueAndNamed() {
        const QString root = tmp_.filePath("fresh");
        const std::string first = createRunFolder(s(data_), "mobilenet_v1_0.25:/w/m.h5", s(root));
        const std::string second = createRunFolder(s(data_), "mobilenet_v1_0.25:/w/m.h5", s(root));
        QVERIFY(first != second);  // the same second: a suffix, never the same folder
        for (const auto& f : {first, second}) {
            QVERIFY(QDir(QString::fromStdString(f)).exists());
            QVERIFY2(QString::fromStdString(f).contains("-mobilenet_v1_0.25-colours"), f.c_str());
            QVERIFY(QDir(QString::fromStdString(f)).isEmpty());
        }
        QVERIFY(QString::fromStdString(second).endsWith("-2"));
        // Odd names become plain ones: no spaces, slashes or control characters in the folder.
        const std::string odd = createRunFolder("/tmp/my data\n(1)", "resnet18@32", s(root));
        QVERIFY2(QString::fromStdString(odd).endsWith("-resnet18@32-my_data_1"), odd.c_str());
        // Only an unused folder is removed: a run's files are never lost.
        QDir().mkpath(QString::fromStdString(first) + "/stages");
        QVERIFY(removeUnusedRunFolder(first));
        QVERIFY(!QDir(QString::fromStdString(first)).exists());
        writeBytes(QString::fromStdString(second) + "/metrics.json", "{}");
        QVERIFY(!removeUnusedRunFolder(second));
        QVERIFY(QFile::exists(QString::fromStdString(second) + "/metrics.json"));
        QVERIFY(!removeUnusedRunFolder(s(tmp_.filePath("no-such-folder"))));
        // A root that cannot be made is an Io error.
        writeBytes(tmp_.filePath("a-file"), "x");
        try {
            createRunFolder(s(data_), "resnet18", s(tmp_.filePath("a-file/runs")));
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
        }
    }

    void listsRunsWithTheirRecord() {
        const auto runs = listRuns({s(tmp_.filePath("runs"))});
        QCOMPARE(runs.size(), std::size_t(2));
        const RunSummary* a = find(runs, runA_);
        QVERIFY(a);
        QCOMPARE(a->status, RunStatus::Complete);
        QCOMPARE(a->dataDir, a_.dataDir);
        QCOMPARE(a->backbone, std::string("resnet18@32"));
        QCOMPARE(a->stages, (std::vector<std::string>{"linear", "last"}));
        QCOMPARE(a->bestStage, a_.stages[std::size_t(a_.bestStage)].stage);
        QCOMPARE(a->bestValidAcc, a_.stages[std::size_t(a_.bestStage)].validAcc);
        // The recorded wall time covers the stages and what came before and after them.
        double stageSeconds = 0;
        for (const auto& st : a_.stages) stageSeconds += st.seconds;
        QVERIFY2(a->wallSeconds >= stageSeconds && a->wallSeconds < 600,
                 qPrintable(QString::number(a->wallSeconds)));
        QCOMPARE(a->wallSeconds, a_.wallSeconds);
        QCOMPARE(a->started, a_.started);
        const std::int64_t now = std::time(nullptr);
        QVERIFY(a->started > now - 600 && a->started <= now);
        QVERIFY(runs[0].started >= runs[1].started);  // newest first
        // metrics.json keeps the start as ISO 8601 UTC and the wall time in seconds.
        const QJsonObject m = QJsonDocument::fromJson(readBytes(runA_ + "/metrics.json")).object();
        QVERIFY2(QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")
                     .match(m["started"].toString())
                     .hasMatch(),
                 qPrintable(m["started"].toString()));
        QCOMPARE(m["wall_seconds"].toDouble(), a_.wallSeconds);
    }

    void resumeKeepsStartAndAddsTime() {
        const QString root = tmp_.filePath("resumed");
        const QString run = root + "/r";
        const QString cache = tmp_.filePath("cache");
        const RecipeResult first =
            runRecipe(recipedata::tinyRecipe(data_, run, cache, {"linear"}, 1));
        QTest::qWait(1100);  // a resumed session that restarted the clock would start later
        auto more = recipedata::tinyRecipe(data_, run, cache, {"linear", "last"}, 1);
        more.resume = true;
        const RecipeResult resumed = runRecipe(more);
        QCOMPARE(resumed.started, first.started);
        QVERIFY(resumed.wallSeconds > first.wallSeconds);
        const auto runs = listRuns({s(root)});
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].started, first.started);
        QCOMPARE(runs[0].wallSeconds, resumed.wallSeconds);
    }

    // Run folders are untrusted: every damaged metrics.json is a row saying why, never a crash.
    void damagedFoldersAreRowsSayingWhy() {
        const QString root = tmp_.filePath("damaged");
        const QByteArray good = readBytes(runA_ + "/metrics.json");
        struct Case {
            const char* name;
            QByteArray bytes;
            const char* why;
        } cases[] = {
            {"truncated", good.left(good.size() / 2), "metrics.json is not a metrics.json"},
            {"not-json", "\x89PNG\r\n\x1a\n", "metrics.json is not a metrics.json"},
            {"empty", "", "metrics.json is not a metrics.json"},
            {"array", "[1,2,3]", "no \"backbone\""},
            {"deep", QByteArray(100000, '[') + QByteArray(100000, ']'), "nested deeper"},
            {"stages-text",
             QByteArray(good).replace("\"stages\": [", "\"stages\": \"x\", \"y\": ["),
             "\"stages\" is not a list"},
            {"newer", QByteArray(good).replace("\"format_version\": 1", "\"format_version\": 99"),
             "newer Featurelab"},
        };
        for (const Case& c : cases) {
            QDir().mkpath(root + "/" + c.name);
            writeBytes(root + "/" + c.name + "/metrics.json", c.bytes);
        }
        // Oversized: not read at all (a sparse file, so the test writes almost nothing).
        QDir().mkpath(root + "/huge");
        {
            QFile f(root + "/huge/metrics.json");
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(64) << 20));
        }
        // Interrupted: stopped during a stage, and one killed between stages (no best stage).
        const QString stopped = copyRun(runA_, root, "stopped");
        writeBytes(
            stopped + "/metrics.json",
            QByteArray(good).replace("\"stopped_during\": \"\"", "\"stopped_during\": \"last\""));
        const QString killed = copyRun(runA_, root, "killed");
        QByteArray noBest = good;
        noBest.replace(QByteArray("\"best_stage\": \"") +
                           a_.stages[std::size_t(a_.bestStage)].stage.c_str() + "\"",
                       "\"best_stage\": \"\"");
        writeBytes(killed + "/metrics.json", noBest);
        // Not runs: a folder without metrics.json, a file, a dangling link.
        QDir().mkpath(root + "/not-a-run/stages");
        writeBytes(root + "/note.txt", "x");
        QFile::link(root + "/nowhere", root + "/dangling");

        const auto runs = listRuns({s(root)});
        QCOMPARE(runs.size(), std::size_t(std::size(cases) + 3));
        for (const Case& c : cases) {
            const RunSummary* r = find(runs, root + "/" + c.name);
            QVERIFY2(r, c.name);
            QCOMPARE(r->status, RunStatus::Unreadable);
            QVERIFY2(QString::fromStdString(r->why).contains(c.why),
                     qPrintable(QString(c.name) + ": " + QString::fromStdString(r->why)));
            QVERIFY2(!QString::fromStdString(r->why).contains(root), r->why.c_str());
        }
        const RunSummary* huge = find(runs, root + "/huge");
        QVERIFY(huge && huge->status == RunStatus::Unreadable);
        QVERIFY2(QString::fromStdString(huge->why).contains("64 MB"), huge->why.c_str());
        const RunSummary* st = find(runs, stopped);
        QVERIFY(st && st->status == RunStatus::Interrupted);
        QCOMPARE(st->why, std::string("stopped during last"));
        QVERIFY(!st->bestStage.empty());  // a stopped run keeps its best finished stage
        const RunSummary* k = find(runs, killed);
        QVERIFY(k && k->status == RunStatus::Interrupted);
        QVERIFY2(QString::fromStdString(k->why).contains("finished 2 of 2"), k->why.c_str());
        QVERIFY(k->bestStage.empty() && std::isnan(k->bestValidAcc));
        // readRunRecord reads a run without a best stage (openRun would refuse it).
        QCOMPARE(readRunRecord(s(killed)).stages.size(), std::size_t(2));
        try {
            readRunRecord(s(root + "/huge"));
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
        }
        try {
            readRunRecord(s(root + "/not-a-run"));
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::NotFound);
        }
    }

    void rootsOverlapAndMissing() {
        // A root that is a run folder itself, the same run twice, a root that does not exist.
        const auto runs = listRuns({s(tmp_.filePath("runs")), s(runA_), s(tmp_.filePath("runs/")),
                                    s(tmp_.filePath("missing")), ""});
        QCOMPARE(runs.size(), std::size_t(2));
        QVERIFY(find(runs, runA_) && find(runs, runB_));
        QVERIFY(listRuns({s(tmp_.filePath("missing"))}).empty());
        CancelToken cancel;
        cancel.cancel();
        try {
            listRuns({s(tmp_.filePath("runs"))}, {&cancel, nullptr});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }

    void comparesSettings() {
        const auto rows = compareRunSettings({readRunRecord(s(runA_)), readRunRecord(s(runB_))});
        auto row = [&](const std::string& stage, const std::string& name) {
            for (const auto& r : rows)
                if (r.stage == stage && r.name == name) return r;
            return SettingComparison{};
        };
        const auto lastLr = row("last", "lr");
        QCOMPARE(lastLr.values, (std::vector<std::string>{"0.001", "0.003"}));
        QVERIFY(lastLr.differs);
        QVERIFY(!row("linear", "lr").differs);
        QVERIFY(!row("", "seed").differs);
        QCOMPARE(row("", "data").values[0], a_.dataDir);
        QVERIFY(!row("last", "layers_trained").values[0].empty());
        int differing = 0;
        for (const auto& r : rows) differing += r.differs;
        QCOMPARE(differing, 1);  // only the LR was changed
        // Stages in the order the runs ran them; a stage one run lacks shows as "".
        RecipeResult onlyLinear = readRunRecord(s(runA_));
        onlyLinear.stages.pop_back();
        const auto mixed = compareRunSettings({onlyLinear, readRunRecord(s(runB_))});
        std::vector<std::string> stages;
        for (const auto& r : mixed)
            if (stages.empty() || stages.back() != r.stage) stages.push_back(r.stage);
        QCOMPARE(stages, (std::vector<std::string>{"", "linear", "last"}));
        for (const auto& r : mixed)
            if (r.stage == "last") {
                QCOMPARE(r.values[0], std::string());
                QCOMPARE(r.differs, !r.values[1].empty());  // trainable_layers: "" in both
            }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRunHistory)
#include "test_run_history.moc"

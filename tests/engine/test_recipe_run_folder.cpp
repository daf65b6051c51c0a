// A run folder is a record you can trust: Stop keeps finished stages (and resumes), resume
// refuses data that changed, the folder can move, odd names do not lose the run, metrics.json
// says how the run was made and refuses values no run writes, and writes are atomic.
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/run_folder.h"
#include "recipe_data.h"
#include "test_support.h"
#include "util/atomic_file.h"

using namespace featurelab;

namespace {

/// Cancels the job as soon as the given stage has finished: the next stage is the one stopped.
class StopAfter : public JobObserver {
public:
    StopAfter(std::string stage, CancelToken& token) : stage_(std::move(stage)), token_(token) {}
    void onStageFinished(const StageResult& r) override {
        if (r.stage == stage_) token_.cancel();
    }
    void onMessage(const std::string& line) override { messages.push_back(line); }
    std::vector<std::string> messages;

private:
    std::string stage_;
    CancelToken& token_;
};

QJsonObject readJson(const QString& file) {
    QFile f(file);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeBytes(const QString& file, const QByteArray& bytes) {
    QFile f(file);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(bytes);
}

}  // namespace

class TestRecipeRunFolder : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_;

    RecipeConfig config(const QString& run, const std::vector<std::string>& stages) {
        return recipedata::tinyRecipe(data_, run, tmp_.filePath("cache"), stages, 1);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        data_ = tmp_.filePath("data");
        recipedata::makeColourFolder(data_, 8, 4, 0);
    }

    void stopKeepsFinishedStagesAndResumes() {
        const QString run = tmp_.filePath("stopped");
        const RecipeConfig c = config(run, {"linear", "last", "dense"});
        CancelToken token;
        StopAfter stop("last", token);
        try {
            runRecipe(c, JobControl{&token, &stop});
            QFAIL("the run was not stopped");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
            QCOMPARE(e.hint().action, HintAction::ResumeRun);
            QCOMPARE(QDir(QString::fromStdString(e.hint().argument)).absolutePath(),
                     QDir(run).absolutePath());
        }
        const RecipeResult stopped = openRun(run.toStdString());
        QCOMPARE(stopped.stoppedDuring, std::string("dense"));
        QCOMPARE(stopped.stages.size(), std::size_t(2));
        QCOMPARE(stopped.plannedStages, (std::vector<std::string>{"linear", "last", "dense"}));
        QCOMPARE(stopped.valid.size(), std::size_t(8));
        QVERIFY(QFile::exists(run + "/model.safetensors"));
        QVERIFY(QFile::exists(run + "/views.json"));

        RecipeConfig again = c;
        again.resume = true;
        JobObserver quiet;
        const RecipeResult done = runRecipe(again, JobControl{nullptr, &quiet});
        QCOMPARE(done.stages.size(), std::size_t(3));
        const RecipeResult reopened = openRun(run.toStdString());
        QCOMPARE(reopened.stoppedDuring, std::string());
        QCOMPARE(reopened.stages.size(), std::size_t(3));
        QCOMPARE(reopened.stages[0].validAcc, stopped.stages[0].validAcc);  // not retrained
    }

    void metricsSayHowTheRunWasMade() {
        const QString run = tmp_.filePath("made");
        RecipeConfig c = config(run, {"linear", "last"});
        c.seed = 7;
        c.stages[1].lr = 0.0123;
        runRecipe(c);
        const QJsonObject m = readJson(run + "/metrics.json");
        QCOMPARE(m["format_version"].toInt(), 1);
        QVERIFY(!m["app_version"].toString().isEmpty());
        QCOMPARE(m["seed"].toInt(), 7);
        QCOMPARE(m["weights_sha256"].toString(), QString());  // random initialisation
        const QJsonObject last = m["stages"].toArray()[1].toObject();
        QCOMPARE(last["settings"].toObject()["lr"].toDouble(), 0.0123);
        QCOMPARE(last["settings"].toObject()["batch_size"].toInt(), 8);
        QCOMPARE(last["checkpoint"].toString(), QStringLiteral("stages/2-last.safetensors"));
        QVERIFY(!last["layers_trained"].toArray().isEmpty());
        const RecipeResult r = openRun(run.toStdString());
        QCOMPARE(r.seed, std::uint64_t(7));
        QCOMPARE(r.stages[1].settings.lr, 0.0123);
        QCOMPARE(r.stages[1].layersTrained.empty(), false);

        // A value no run writes is refused, not cast into nonsense.
        QByteArray text;
        {
            QFile f(run + "/metrics.json");
            f.open(QIODevice::ReadOnly);
            text = f.readAll();
        }
        const QString bad = tmp_.filePath("bad");
        QVERIFY(QDir().rename(run, bad));
        text.replace("\"trainable_params\": ", "\"trainable_params\": 1e300, \"was\": ");
        writeBytes(bad + "/metrics.json", text);
        try {
            openRun(bad.toStdString());
            QFAIL("opened trainable_params 1e300");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QVERIFY2(QString(e.what()).contains("out of range"), e.what());
        }
    }

    void aMovedRunFolderResumesWithoutRetraining() {
        const QString run = tmp_.filePath("before-move");
        runRecipe(config(run, {"linear"}));
        const QString moved = tmp_.filePath("moved/elsewhere");
        QDir().mkpath(tmp_.filePath("moved"));
        QVERIFY(QDir().rename(run, moved));
        RecipeConfig c = config(moved, {"linear", "last"});
        c.resume = true;
        CancelToken none;
        StopAfter watch("", none);
        const RecipeResult r = runRecipe(c, JobControl{nullptr, &watch});
        QCOMPARE(r.stages.size(), std::size_t(2));
        bool resumed = false;
        for (const auto& m : watch.messages)
            resumed |= m.rfind("Resuming after stage linear", 0) == 0;
        QVERIFY(resumed);
    }

    void resumeRefusesChangedValidImages() {
        const QString data = tmp_.filePath("changing");
        recipedata::makeColourFolder(data, 6, 3, 0, 5);
        const QString run = tmp_.filePath("changing-run");
        RecipeConfig c = recipedata::tinyRecipe(data, run, tmp_.filePath("cache"), {"linear"}, 1);
        runRecipe(c);
        // One validation image removed: the stored probabilities no longer line up.
        QVERIFY(QFile::remove(data + "/valid/red/0.bmp"));
        c.stages.push_back(RecipeConfig::defaultStage("last"));
        c.stages.back().epochs = 1;
        c.resume = true;
        try {
            runRecipe(c);
            QFAIL("resumed onto other images");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QCOMPARE(e.hint().action, HintAction::ChooseOutputFolder);
            QVERIFY2(QString(e.what()).contains("changed"), e.what());
        }
    }

    void namesThatAreNotUtf8KeepTheRun() {
        const QString data = tmp_.filePath("latin1");
        recipedata::makeColourFolder(data, 6, 3, 0, 9);
        const QByteArray odd = QByteArray("r\xe9") + "d";  // Latin-1 "réd": not UTF-8
        for (const char* split : {"train", "valid"}) {
            const QByteArray from = QFile::encodeName(data + "/" + split + "/red");
            const QByteArray to = QFile::encodeName(data + "/" + split + "/") + odd;
            QCOMPARE(::rename(from.constData(), to.constData()), 0);
        }
        const QString run = tmp_.filePath("latin1-run");
        const RecipeResult r =
            runRecipe(recipedata::tinyRecipe(data, run, tmp_.filePath("cache"), {"linear"}, 1));
        QCOMPARE(r.classes[1], std::string(odd.constData()));
        QVERIFY(QFileInfo(run + "/views.json").size() > 0);
        QVERIFY(QFile::exists(run + "/model.safetensors"));
        const RecipeResult back = openRun(run.toStdString());
        QCOMPARE(back.valid.size(), r.valid.size());
        QCOMPARE(back.views.mostUncertain, r.views.mostUncertain);
    }

    void atomicWritesKeepThePreviousFile() {
        const QString target = tmp_.filePath("keep.txt");
        util::writeTextAtomically(target.toStdString(), "old");
        try {
            util::writeAtomically(target.toStdString(), [](const std::string& tmp) {
                QFile f(QString::fromStdString(tmp));
                f.open(QIODevice::WriteOnly);
                f.write("half of the new");
                f.close();
                throw Error(ErrorCode::Io, "the disk filled up");
            });
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
        }
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("old"));
        QCOMPARE(QDir(tmp_.path()).entryList({"keep.txt.tmp*"}, QDir::Files).size(), 0);

        // A folder in the target's place: the rename fails, nothing is left behind.
        const QString blocked = tmp_.filePath("blocked.csv");
        QDir().mkpath(blocked + "/inside");
        try {
            writePredictionsCsv(blocked.toStdString(), {}, {"a"}, false);
            QFAIL("wrote over a folder");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
        }
        QVERIFY(QFileInfo(blocked + "/inside").isDir());
        QCOMPARE(QDir(tmp_.path()).entryList({"blocked.csv.tmp*"}, QDir::Files).size(), 0);
    }

    // A writer killed mid-write leaves target.tmp-<pid>-<n>: the next write of that target
    // removes it once its pid is gone and it has been quiet for two minutes (or after six hours
    // whatever the pid), and nothing else.
    void staleTemporariesAreRemoved() {
        const QString dir = tmp_.filePath("stale");
        QVERIFY(QDir().mkpath(dir));
        const pid_t child = ::fork();
        if (child == 0) ::_exit(0);
        QVERIFY(child > 0 && ::waitpid(child, nullptr, 0) == child);
        const QString dead = QString::number(child), live = QString::number(::getppid()),
                      own = QString::number(::getpid());
        const long minute = 60, hour = 3600;
        auto make = [&](const QString& name, long age) {
            const QString path = dir + "/" + name;
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("half a file");
            f.close();
            const utimbuf times{::time(nullptr) - age, ::time(nullptr) - age};
            QVERIFY(::utime(QFile::encodeName(path).constData(), &times) == 0);
        };
        make("t.csv.tmp-" + dead + "-0", 10 * minute);  // removed: dead and quiet
        make("t.csv.tmp-" + dead + "-1", 0);            // kept: its writer may be elsewhere
        make("t.csv.tmp-" + live + "-0", 10 * minute);  // kept: the process runs
        make("t.csv.tmp-" + live + "-1", 7 * hour);     // removed: quiet for hours
        make("t.csv.tmp-" + own + "-99", 10 * minute);  // kept: this process's own
        make("t.csv.tmp-notapid", 7 * hour);            // kept: not the writer's pattern
        make("t.csv.tmp-" + dead + "-0-x", 7 * hour);   // kept: not the writer's pattern
        make("u.csv.tmp-" + dead + "-0", 7 * hour);     // kept: another target's
        QVERIFY(QFile::link(dir + "/t.csv.tmp-" + dead + "-1", dir + "/t.csv.tmp-" + dead + "-5"));
        QVERIFY(QDir().mkpath(dir + "/t.csv.tmp-" + dead + "-6"));
        util::writeTextAtomically((dir + "/t.csv").toStdString(), "new");
        QStringList left = QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot |
                                               QDir::System);  // System: the link
        left.sort();
        QStringList expected{"t.csv",
                             "t.csv.tmp-" + dead + "-0-x",
                             "t.csv.tmp-" + dead + "-1",
                             "t.csv.tmp-" + dead + "-5",
                             "t.csv.tmp-" + dead + "-6",
                             "t.csv.tmp-" + live + "-0",
                             "t.csv.tmp-" + own + "-99",
                             "t.csv.tmp-notapid",
                             "u.csv.tmp-" + dead + "-0"};
        expected.sort();
        QCOMPARE(left, expected);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipeRunFolder)
#include "test_recipe_run_folder.moc"

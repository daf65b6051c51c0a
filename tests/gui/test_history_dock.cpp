// Run history across both front ends: the GUI and featurelab-cli write to and list the same
// runs folder, the History dock lists runs as they finish (a CLI run too, without restart),
// compares runs (curves overlaid, settings that differ marked), renames them and moves them to
// the trash. Set FEATURELAB_SCREENSHOTS_DIR to also write the README's screenshot.
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <algorithm>

#include "curves_panel.h"
#include "engine_bridge.h"
#include "gui_test_util.h"
#include "history_controller.h"
#include "history_panel.h"
#include "main_window.h"
#include "recipe_data.h"
#include "run_comparison_view.h"
#include "test_support.h"
#include "training_panel.h"
#include "workbench.h"

class TestHistoryDock : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_, root_;

    /// A short CLI recipe without --out; returns the run folder it reports ("" on failure).
    QString cliRun(const QStringList& extra) {
        const auto r = testsupport::runCli(
            QStringList{"recipe", "--data", data_, "--backbone", "resnet18@32", "--stages",
                        "linear,last", "--epochs", "1", "--batch-size", "8", "--threads", "1",
                        "--workers", "1", "--quiet"} +
            extra);
        if (r.exitCode != 0) qWarning("%s", qPrintable(r.err));
        for (const QString& line : r.out.split('\n'))
            if (line.startsWith("Run folder ")) return line.mid(11);
        return QString();
    }
    static QStringList names(const QStringList& folders) {
        QStringList out;
        for (const QString& f : folders) out << QFileInfo(f).fileName();
        return out;
    }
    static QList<int> differing(RunComparisonView* view, QStringList* what) {
        const QList<int> rows = view->differingRows();
        for (int r : rows)
            *what << view->settingsTable()->item(r, 0)->text() + "." +
                         view->settingsTable()->item(r, 1)->text();
        return rows;
    }

private Q_SLOTS:
    void initTestCase() {
        // Everything this test and the CLIs it starts write stays in its temporary folder: the
        // runs folder (XDG_DATA_HOME), the trash (under it), the feature cache, the settings.
        qputenv("HOME", tmp_.filePath("home").toUtf8());
        qputenv("XDG_DATA_HOME", tmp_.filePath("xdg-data").toUtf8());
        qputenv("XDG_CACHE_HOME", tmp_.filePath("xdg-cache").toUtf8());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.filePath("conf"));
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_history_dock");
        QDir().mkpath(tmp_.filePath("home"));
        data_ = tmp_.filePath("colours");
        recipedata::makeColourFolder(data_, 6, 3, 0);
        root_ = tmp_.filePath("xdg-data/featurelab/runs");
    }

    // The "one default runs folder": a CLI run without --out and a GUI run land in the
    // same folder, and each front end lists the other's run.
    void guiAndCliShareTheRunsFolder() {
        QCOMPARE(Workbench::runsRoot(), root_);
        QCOMPARE(HistoryController::defaultRoot(), root_);
        const QString cli = cliRun({});
        QVERIFY(!cli.isEmpty());
        QCOMPARE(QFileInfo(cli).absolutePath(), root_);
        QVERIFY2(QFileInfo(cli).fileName().endsWith("-resnet18@32-colours"), qPrintable(cli));

        MainWindow w;
        const Panels& p = w.panels();
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data_);
        QVERIFY(scanned.wait(60000));
        QSignalSpy described(w.bridge(), &EngineBridge::backboneDescribed);
        w.workbench()->setBackbone("resnet18@32");
        QVERIFY(described.wait(120000));
        TrainingSettings s = p.training->settings();
        s.setTicked({"linear"});
        guitest::setEpochs(s, 1, 8);
        p.training->setSettings(s);
        QSignalSpy finished(w.bridge(), &EngineBridge::recipeFinished);
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        QVERIFY(w.workbench()->start());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 300000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
        const QString gui = finished[0][0].value<RecipeOutcome>().runDir;
        QCOMPARE(QFileInfo(gui).absolutePath(), root_);
        QVERIFY(gui != cli);
        // The GUI's run appears in the dock as it finishes, next to the CLI's.
        QTRY_VERIFY_WITH_TIMEOUT(w.historyPanel()->shownFolders().contains(gui), 10000);
        QVERIFY(w.historyPanel()->shownFolders().contains(cli));

        const auto json = testsupport::runCli({"runs", "--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject listed = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(listed["roots"].toArray()[0].toString(), root_);
        QStringList folders, started;
        for (const auto& r : listed["runs"].toArray()) {
            const QJsonObject o = r.toObject();
            folders << o["folder"].toString();
            started << o["started"].toString();
            QCOMPARE(o["status"].toString(), QString("complete"));
            QVERIFY(o["wall_seconds"].toDouble() > 0);
            QVERIFY(o["best_valid_acc"].toDouble() > 0);
        }
        QCOMPARE(folders.size(), 2);
        QVERIFY(folders.contains(gui) && folders.contains(cli));
        QVERIFY(started[0] >= started[1]);  // newest first (ISO 8601 sorts as text)
        const auto table = testsupport::runCli({"runs"});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains(QFileInfo(gui).fileName()) &&
                     table.out.contains(QFileInfo(cli).fileName()) &&
                     table.out.contains("linear,last") && table.out.contains("colours"),
                 qPrintable(table.out));
    }

    void comparesRunsAndShowsDamagedOnes() {
        const QString a = cliRun({"--lr", "0.01,0.001"});
        const QString b = cliRun({"--lr", "0.01,0.003"});
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        QDir().mkpath(root_ + "/broken");
        QFile f(root_ + "/broken/metrics.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "{\"format_version\": 1, \"backbone\": \"x\", \"classes\": [\"a\"], \"stages\": [{");
        f.close();

        MainWindow w;
        HistoryPanel* panel = w.historyPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownFolders().contains(b), 10000);
        const int brokenRow = int(panel->shownFolders().indexOf(root_ + "/broken"));
        QVERIFY(brokenRow >= 0);
        const QString status =
            panel->table()->model()->index(brokenRow, HistoryPanel::Status).data().toString();
        QVERIFY2(status.startsWith("unreadable: metrics.json is not a metrics.json"),
                 qPrintable(status));

        panel->selectFolders({a, b});
        CurvesPanel* curves = w.panels().curves;
        // The legend names each run by what sets its folder name apart from the other's.
        const QStringList labels = curves->comparisonLabels();
        const QStringList selected = names(panel->selectedFolders());
        QCOMPARE(labels.size(), 2);
        QVERIFY(labels[0] != labels[1]);
        // (Each part of a label is a part of its folder name: two CLI runs made in the same
        // second read "180240" and "180240-2".)
        for (int i = 0; i < 2; ++i) {
            const QStringList own = labels[i].split('-'), name = selected[i].split('-');
            QVERIFY2(std::all_of(own.begin(), own.end(),
                                 [&](const QString& t) { return name.contains(t); }) &&
                         !labels[i].contains("colours"),
                     qPrintable(labels[i]));
        }
        QCOMPARE(curves->comparisonSeries(0, "validAcc").size(), 2);  // linear, last: 1 epoch each
        QCOMPARE(curves->comparisonSeries(1, "validLoss").size(), 2);
        RunComparisonView* view = panel->comparison();
        QCOMPARE(view->stageTables().size(), 2);
        QCOMPARE(view->stageTables()[0]->rowCount(), 2);
        QStringList what;
        QCOMPARE(differing(view, &what).size(), 1);  // the runs differ in last's LR alone
        QCOMPARE(what, QStringList({"last.lr"}));

        panel->selectFolders({a, root_ + "/broken"});
        QCOMPARE(view->stageTables().size(), 1);
        QCOMPARE(curves->comparisonLabels().size(), 1);
        auto* problems = view->findChild<QLabel*>("comparisonProblems");
        QVERIFY2(problems->text().contains("broken cannot be compared"),
                 qPrintable(problems->text()));
        // File > Clear comparison: nothing selected, nothing overlaid.
        w.action("actionClearComparison")->trigger();
        QVERIFY(curves->comparisonLabels().isEmpty());
        QVERIFY(panel->selectedFolders().isEmpty());
        QVERIFY(!w.action("actionCompareRun"));  // the History dock replaces it
        QVERIFY(QFile::remove(root_ + "/broken/metrics.json"));
    }

    void renamesAndMovesToTheTrash() {
        MainWindow w;
        HistoryController* history = w.history();
        HistoryPanel* panel = w.historyPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownFolders().size() >= 4, 10000);
        const QStringList before = panel->shownFolders();
        const QString run = before[0];
        QSignalSpy errors(history, &HistoryController::error);
        QVERIFY(!history->rename(run, "a/b"));
        QVERIFY(!history->rename(run, QFileInfo(before[1]).fileName()));  // taken
        QCOMPARE(errors.size(), 2);
        QVERIFY(QFileInfo(run).isDir());

        panel->selectFolders({run});
        QVERIFY(history->rename(run, "lr 0.003 (kept)"));
        const QString renamed = root_ + "/lr 0.003 (kept)";
        QVERIFY(QFileInfo(renamed + "/metrics.json").isFile());
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownFolders().contains(renamed), 10000);
        QVERIFY(!panel->shownFolders().contains(run));
        QCOMPARE(panel->selectedFolders(), QStringList({renamed}));  // still compared
        QCOMPARE(w.panels().curves->comparisonLabels(), QStringList({"lr 0.003 (kept)"}));

        // The trash, never a deletion: the folder is whole under XDG_DATA_HOME/Trash.
        QCOMPARE(history->moveToTrash({renamed}), 1);
        QVERIFY(!QFileInfo::exists(renamed));
        QVERIFY(
            QFileInfo(tmp_.filePath("xdg-data/Trash/files/lr 0.003 (kept)/metrics.json")).isFile());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->shownFolders().contains(renamed), 10000);
        QVERIFY(w.panels().curves->comparisonLabels().isEmpty());
        // What cannot go to the trash stays, and the message says nothing was deleted.
        QCOMPARE(history->moveToTrash({root_ + "/no-such-run"}), 0);
        QVERIFY(errors.last()[1].toString().contains("Nothing was deleted"));
        // No usable trash (here: Trash is a file): Qt 6.4 would drop the run into ./files.
        const QString trash = tmp_.filePath("xdg-data/Trash");
        QVERIFY(QDir().rename(trash, trash + ".kept"));
        QFile blocker(trash);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString kept = panel->shownFolders()[0];
        const int errorsBefore = int(errors.size());
        QCOMPARE(history->moveToTrash({kept}), 0);
        QVERIFY(QFileInfo(kept + "/metrics.json").isFile());
        QVERIFY(
            !QFileInfo::exists(QDir::current().filePath("files/" + QFileInfo(kept).fileName())));
        QCOMPARE(int(errors.size()), errorsBefore + 1);
        QVERIFY(QFile::remove(trash));
        QVERIFY(QDir().rename(trash + ".kept", trash));

        // The run a recipe is training into is neither renamed nor trashed.
        CurvesPanel curves;
        HistoryPanel otherPanel;
        EngineBridge bridge;
        const QString busy = panel->shownFolders()[0];
        HistoryController guarded(&otherPanel, &curves, &bridge, [busy] { return busy; });
        QSignalSpy guardErrors(&guarded, &HistoryController::error);
        QVERIFY(!guarded.rename(busy, "elsewhere"));
        QCOMPARE(guarded.moveToTrash({busy}), 0);
        QCOMPARE(guardErrors.size(), 2);
        QVERIFY(QFileInfo(busy).isDir());
        bridge.shutdown();
    }

    // A CLI run started while the window is open appears without a restart (the folder watch).
    void aNewCliRunAppears() {
        MainWindow w;
        HistoryPanel* panel = w.historyPanel();
        QSignalSpy refreshed(w.history(), &HistoryController::refreshed);
        QVERIFY(refreshed.wait(10000));
        const int before = int(panel->shownFolders().size());
        const QString run = cliRun({});
        QVERIFY(!run.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownFolders().contains(run), 15000);
        QCOMPARE(int(panel->shownFolders().size()), before + 1);
        // A folder the user adds is listed too, and kept for the next start.
        const QString elsewhere = tmp_.filePath("elsewhere");
        const auto r =
            testsupport::runCli({"recipe", "--data", data_, "--backbone", "resnet18@32", "--stages",
                                 "linear", "--epochs", "1", "--threads", "1", "--workers", "1",
                                 "--quiet", "--out", elsewhere + "/mine"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        Q_EMIT panel->addRootRequested(elsewhere);
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownFolders().contains(elsewhere + "/mine"), 10000);
        QCOMPARE(w.history()->addedRoots(), QStringList({elsewhere}));
        MainWindow again;
        QTRY_VERIFY_WITH_TIMEOUT(again.historyPanel()->shownFolders().contains(elsewhere + "/mine"),
                                 10000);
        again.history()->removeRoot(elsewhere);
        QTRY_VERIFY_WITH_TIMEOUT(
            !again.historyPanel()->shownFolders().contains(elsewhere + "/mine"), 10000);
    }

    // Real photos and the real MobileNet: two runs that differ in their learning rates, compared
    // as the README shows them. screenshots.sh passes full-data runs in FEATURELAB_HISTORY_RUNS;
    // without it the test makes two small ones.
    void comparesRealRuns() {
        SKIP_WITHOUT_SHARED();
        QString runs = qEnvironmentVariable("FEATURELAB_HISTORY_RUNS");
        if (runs.isEmpty()) {
            runs = tmp_.filePath("real-runs");
            const QString subset = tmp_.filePath("dogscats");
            QVERIFY(recipedata::linkDogsCats(testsupport::dogscatsDir(), subset, 20, 10));
            for (const QString& lr : {"0.01,0.001", "0.003,0.0003"}) {
                const auto r = testsupport::runCli(
                    {"recipe", "--data", subset, "--backbone",
                     "mobilenet_v1_0.25:" + testsupport::mobilenetWeights(), "--stages",
                     "linear,last", "--epochs", "3", "--lr", lr, "--quiet", "--out",
                     runs + "/lr-" + lr.section(',', 0, 0)});
                QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            }
        }
        QTranslator german;
        if (qEnvironmentVariable("FEATURELAB_SHOT_LANG") == "de") {
            QVERIFY(german.load(":/i18n/featurelab_de"));
            QCoreApplication::installTranslator(&german);
        }
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        HistoryPanel* panel = w.historyPanel();
        Q_EMIT panel->addRootRequested(runs);
        QStringList real;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                real.clear();
                for (const QString& f : panel->shownFolders())
                    if (f.startsWith(QDir(runs).absolutePath() + "/")) real << f;
                return real.size() == 2;
            }(),
            10000);
        panel->selectFolders(real);
        QCOMPARE(w.panels().curves->comparisonLabels().size(), 2);
        QStringList what;
        differing(panel->comparison(), &what);
        // The same data, backbone, seed and stages: only the two learning rates differ.
        QCOMPARE(what, QStringList({"linear.lr", "last.lr"}));
        const QString shots = qEnvironmentVariable("FEATURELAB_SCREENSHOTS_DIR");
        if (shots.isEmpty()) return;
        auto* dock = w.findChild<QDockWidget*>("HistoryDock");
        dock->raise();
        w.resizeDocks({dock, w.findChild<QDockWidget*>("CurvesDock")}, {520, 300}, Qt::Vertical);
        QTest::qWait(300);
        const QString suffix = qEnvironmentVariable("FEATURELAB_SHOT_LANG").isEmpty()
                                   ? QString()
                                   : "_" + qEnvironmentVariable("FEATURELAB_SHOT_LANG");
        QDir().mkpath(shots);
        QVERIFY(w.grab().save(shots + "/history_compare" + suffix + ".png", "PNG"));
        panel->comparison()->tabs()->setCurrentIndex(1);
        QTest::qWait(100);
        QVERIFY(dock->grab().save(shots + "/history_settings" + suffix + ".png", "PNG"));
    }
};

FEATURELAB_TEST_MAIN(TestHistoryDock)
#include "test_history_dock.moc"

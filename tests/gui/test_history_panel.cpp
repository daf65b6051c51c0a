// The History dock's panel on its own (plain values, no engine): rows show what a history row
// needs, columns sort by value (not text), unreadable rows say why, the selection asks for a
// comparison and survives a refresh, and the comparison marks the settings that differ.
#include <QApplication>
#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <cmath>

#include "curves_panel.h"
#include "history_panel.h"
#include "run_comparison_view.h"
#include "test_support.h"

namespace {
RunListEntry entry(const QString& folder, double acc, double wall, qint64 started) {
    RunListEntry e;
    e.folder = folder;
    e.state = RunListEntry::Complete;
    e.started = QDateTime::fromSecsSinceEpoch(started);
    e.dataDir = "/data/dogscats";
    e.backbone = "mobilenet_v1_0.25:/models/m.h5";
    e.stages = {"linear", "last"};
    e.bestStage = "last";
    e.bestValidAcc = acc;
    e.wallSeconds = wall;
    return e;
}

QString cellText(QTableView* t, int row, int column) {
    return t->model()->index(row, column).data().toString();
}
}  // namespace

class TestHistoryPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsSortAndSayWhy() {
        HistoryPanel panel;
        RunListEntry broken;
        broken.folder = "/runs/broken";
        broken.why = "metrics.json is not a metrics.json written by a recipe run: no \"stages\"";
        RunListEntry stopped = entry("/runs/c", 0.85, 3725, 3000);
        stopped.state = RunListEntry::Interrupted;
        stopped.why = "stopped during conv";
        panel.setRuns(
            {entry("/runs/a", 0.9, 75, 1000), entry("/runs/b", 0.925, 9.6, 2000), stopped, broken});
        QTableView* t = panel.table();
        QCOMPARE(t->model()->rowCount(), 4);
        // Newest first by default; the unreadable row has no date and comes last.
        QCOMPARE(panel.shownFolders(),
                 QStringList({"/runs/c", "/runs/b", "/runs/a", "/runs/broken"}));
        QCOMPARE(cellText(t, 0, HistoryPanel::Data), QString("dogscats"));
        QCOMPARE(cellText(t, 0, HistoryPanel::Backbone), QString("mobilenet_v1_0.25"));
        QCOMPARE(cellText(t, 0, HistoryPanel::Stages), QString("linear,last"));
        QCOMPARE(cellText(t, 0, HistoryPanel::Best), QString("last"));
        QCOMPARE(cellText(t, 1, HistoryPanel::ValidAcc), QString("0.9250"));
        QCOMPARE(cellText(t, 0, HistoryPanel::WallTime), QString("1:02:05"));
        QCOMPARE(cellText(t, 2, HistoryPanel::WallTime), QString("1:15"));
        QCOMPARE(cellText(t, 1, HistoryPanel::WallTime), QString("0:10"));
        QCOMPARE(cellText(t, 0, HistoryPanel::Run), QString("c"));
        QCOMPARE(cellText(t, 0, HistoryPanel::Status), QString("interrupted: stopped during conv"));
        QVERIFY(cellText(t, 3, HistoryPanel::Status).startsWith("unreadable: metrics.json is not"));
        QCOMPARE(cellText(t, 3, HistoryPanel::ValidAcc), QString());
        QCOMPARE(cellText(t, 0, HistoryPanel::Date),
                 QDateTime::fromSecsSinceEpoch(3000).toString("yyyy-MM-dd HH:mm"));
        // By value: 0.925 > 0.9 > 0.85 > none; 0:10 < 1:15 < 1:02:05 (as text 1:02:05 < 1:15).
        t->sortByColumn(HistoryPanel::ValidAcc, Qt::DescendingOrder);
        QCOMPARE(panel.shownFolders(),
                 QStringList({"/runs/b", "/runs/a", "/runs/c", "/runs/broken"}));
        t->sortByColumn(HistoryPanel::WallTime, Qt::AscendingOrder);
        QCOMPARE(panel.shownFolders().mid(1), QStringList({"/runs/b", "/runs/a", "/runs/c"}));
        QVERIFY(panel.findChild<QLabel*>("historySummary")->text().contains("4"));
    }

    void selectionComparesAndSurvivesRefresh() {
        HistoryPanel panel;
        const QVector<RunListEntry> runs = {entry("/runs/a", 0.9, 75, 1000),
                                            entry("/runs/b", 0.925, 9.6, 2000)};
        panel.setRuns(runs);
        QSignalSpy compare(&panel, &HistoryPanel::compareRequested);
        panel.selectFolders({"/runs/a", "/runs/b"});
        QVERIFY(!compare.isEmpty());
        QCOMPARE(compare.last()[0].toStringList(), QStringList({"/runs/b", "/runs/a"}));
        compare.clear();
        panel.setRuns(runs);  // a refresh keeps the selection and does not ask again
        QCOMPARE(panel.selectedFolders(), QStringList({"/runs/b", "/runs/a"}));
        QVERIFY(compare.isEmpty());
        panel.setRuns({runs[1]});  // a compared run went away (trash, rename elsewhere)
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare.last()[0].toStringList(), QStringList({"/runs/b"}));
        panel.clearSelection();
        QCOMPARE(compare.last()[0].toStringList(), QStringList());
        // The context menu: Open and Rename for one run, Move to Trash for any number.
        QMenu* one = panel.contextMenuFor({"/runs/b"});
        QVERIFY(one->findChild<QAction*>("historyRename")->isEnabled());
        QMenu* two = panel.contextMenuFor({"/runs/a", "/runs/b"});
        QVERIFY(!two->findChild<QAction*>("historyRename")->isEnabled());
        QVERIFY(two->findChild<QAction*>("historyTrash")->isEnabled());
        QSignalSpy opened(&panel, &HistoryPanel::openRequested);
        one->findChild<QAction*>("historyOpen")->trigger();
        QCOMPARE(opened.last()[0].toString(), QString("/runs/b"));
    }

    // Move to Trash asks first: Cancel keeps the runs, and nothing is asked of the app.
    void trashAsksFirst() {
        HistoryPanel panel;
        panel.setRuns({entry("/runs/a", 0.9, 75, 1000)});
        QSignalSpy trash(&panel, &HistoryPanel::trashRequested);
        for (const bool accept : {false, true}) {
            QTimer::singleShot(0, [accept] {
                for (QWidget* w : QApplication::topLevelWidgets())
                    if (auto* box = qobject_cast<QMessageBox*>(w);
                        box && box->objectName() == "confirmTrash") {
                        QVERIFY(box->text().contains("a"));
                        for (QAbstractButton* b : box->buttons())
                            if ((b->text() == "Move to Trash") == accept) b->click();
                    }
            });
            panel.contextMenuFor({"/runs/a"})->findChild<QAction*>("historyTrash")->trigger();
            QCOMPARE(trash.size(), accept ? 1 : 0);
        }
        QCOMPARE(trash.last()[0].toStringList(), QStringList({"/runs/a"}));
    }

    void comparisonMarksDifferences() {
        RunComparisonView view;
        RunComparison c;
        for (const char* name : {"run-a", "run-b"}) {
            ComparedRun r;
            r.folder = QString("/runs/") + name;
            r.label = name;
            r.stages = {{"linear", 2002, 8, 47.7, 0.8962, 0.884, 0.2817, ""},
                        {"last", 514, 8, 0.5, 0.9241, 0.9175, 0.1896, ""}};
            r.bestStage = 1;
            c.runs << r;
        }
        c.settings = {{"", "seed", {"42", "42"}, false},
                      {"last", "lr", {"0.001", "0.003"}, true},
                      {"last", "epochs", {"8", "8"}, false},
                      {"conv", "lr", {"", "0.0001"}, true}};
        c.problems = {"broken cannot be compared: no metrics.json"};
        view.setComparison(c);
        QCOMPARE(view.stageTables().size(), 2);
        QTableWidget* first = view.stageTables()[0];
        QCOMPARE(first->rowCount(), 2);
        QCOMPARE(first->item(1, 0)->text(), QString("last *"));  // the best stage
        QVERIFY(first->item(1, 4)->font().bold());
        QVERIFY(!first->item(0, 4)->font().bold());
        QCOMPARE(first->item(1, 4)->text(), QString("0.9175"));
        QTableWidget* settings = view.settingsTable();
        QCOMPARE(settings->rowCount(), 4);
        QCOMPARE(settings->horizontalHeaderItem(2)->text(), QString("run-a"));
        QCOMPARE(settings->horizontalHeaderItem(2)->foreground().color(),
                 CurvesPanel::overlayColor(0));
        QCOMPARE(view.differingRows(), QList<int>({1, 3}));
        QVERIFY(settings->item(1, 3)->font().bold());
        QCOMPARE(settings->item(3, 2)->text(), QString("\u2014"));  // run-a has no conv stage
        view.onlyDifferences()->setChecked(true);
        QCOMPARE(settings->rowCount(), 2);
        QCOMPARE(settings->item(0, 1)->text(), QString("lr"));
        auto* problems = view.findChild<QLabel*>("comparisonProblems");
        QVERIFY(!problems->isHidden());
        QVERIFY(problems->text().contains("broken"));
        view.clear();
        QCOMPARE(view.stageTables().size(), 0);
        QVERIFY(view.tabs()->isHidden());
    }
};

FEATURELAB_TEST_MAIN(TestHistoryPanel)
#include "test_history_panel.moc"

// The main window: all seven docks (by object name) with their panels, a View menu of their
// toggle actions, layout persisted through QSettings, "Reset layout", the shortcuts, and
// errors shown as non-modal messages.
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include "main_window.h"
#include "test_support.h"

namespace {
const char* const kDocks[] = {"DataDock",      "ModelDock",   "TrainingDock", "CurvesDock",
                              "ConfusionDock", "GalleryDock", "InspectorDock"};
}

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_main_window");
        QSettings().clear();
    }
    void showsDocksAndViewMenu() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList names;
        for (QDockWidget* d : w.docks()) {
            names << d->objectName();
            QVERIFY(d->widget());
        }
        for (const char* expected : kDocks) QVERIFY2(names.contains(expected), expected);
        QMenu* view = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->menu() && a->text() == "&View") view = a->menu();
        QVERIFY(view);
        for (QDockWidget* d : w.docks()) QVERIFY(view->actions().contains(d->toggleViewAction()));
        QVERIFY(view->actions().contains(w.action("actionResetLayout")));
        QCOMPARE(w.action("actionCancel")->shortcut(), QKeySequence(Qt::Key_Escape));
        QCOMPARE(w.action("actionStart")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        QCOMPARE(w.action("actionOpenFolder")->shortcut(), QKeySequence(QKeySequence::Open));
        QVERIFY(w.action("actionLanguage_de"));
    }
    void layoutPersistsAndResets() {
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QDockWidget* curves = w.findChild<QDockWidget*>("CurvesDock");
            curves->toggleViewAction()->trigger();
            QVERIFY(!curves->isVisible());
            w.close();  // saves the layout
        }
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QDockWidget* curves = w.findChild<QDockWidget*>("CurvesDock");
        QVERIFY(!curves->isVisible());  // restored from QSettings
        w.action("actionResetLayout")->trigger();
        QVERIFY(curves->isVisible());
        for (QDockWidget* d : w.docks())
            QVERIFY2(d->isVisible() && !d->isFloating(), qPrintable(d->objectName()));
    }
    void errorsAreNonModal() {
        MainWindow w;
        w.show();
        QVERIFY(w.workbench()->start() == false);  // no data folder yet
        const auto boxes = w.findChildren<QMessageBox*>("errorMessage");
        QCOMPARE(boxes.size(), 1);
        QVERIFY(boxes.first()->isVisible());
        QCOMPARE(boxes.first()->windowModality(), Qt::NonModal);
        QVERIFY(boxes.first()->text().contains("Data panel"));
        QVERIFY(!QApplication::activeModalWidget());
    }
    void badFolderIsReportedWithTheEnginesText() {
        MainWindow w;
        w.show();
        w.workbench()->openFolder("/nonexistent/featurelab-test-folder");
        QTRY_COMPARE(w.findChildren<QMessageBox*>("errorMessage").size(), 1);
        const QString text = w.findChildren<QMessageBox*>("errorMessage").first()->text();
        QVERIFY2(text.contains("/nonexistent/featurelab-test-folder"), qPrintable(text));
    }
};

FEATURELAB_TEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

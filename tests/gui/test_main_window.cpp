// The GUI starts offscreen and shows its main window with its dock panels.
#include <QDockWidget>
#include <QMenuBar>

#include "main_window.h"
#include "test_support.h"

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_main_window");
    }
    void showsDocks() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList names;
        for (QDockWidget* d : w.docks()) {
            QVERIFY(d->isVisible());
            names << d->objectName();
        }
        for (const char* expected : {"DataDock", "ModelDock", "TrainingDock", "CurvesDock",
                                     "ConfusionDock", "GalleryDock", "InspectorDock"})
            QVERIFY2(names.contains(expected), expected);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

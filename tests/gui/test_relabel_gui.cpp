// Relabel in the workbench (offscreen): Move to class from the Inspector, Quarantine from the
// gallery's context menu, Ctrl+Z / Ctrl+Shift+Z, and a restarted window that shows the run's
// images where they are now and undoes what the previous window did. Every file's place and
// checksum is checked after each step.
#include <QAction>
#include <QElapsedTimer>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <memory>

#include "engine_bridge.h"
#include "gallery_model.h"
#include "gallery_panel.h"
#include "inspector_panel.h"
#include "main_window.h"
#include "relabel_data.h"
#include "test_support.h"

using relabeltest::Tree;

#define CHECK_TREE(root, expected)                                                              \
    do {                                                                                        \
        const QString diff_ = relabeltest::difference(relabeltest::snapshot(root), (expected)); \
        QVERIFY2(diff_.isEmpty(), qPrintable(diff_));                                           \
    } while (0)

namespace {

/// A finished run over the four valid/ images, as EngineBridge::runOpened delivers one: every
/// image predicted "red" with 0.7.
RecipeOutcome runOver(const QString& root) {
    RecipeOutcome o;
    o.runDir = root + "/../run";
    o.dataDir = root;
    o.classes = {"blue", "red"};
    o.bestStage = 0;
    const QStringList files{"valid/blue/blue_0.bmp", "valid/blue/blue_1.bmp", "valid/red/red_0.bmp",
                            "valid/red/red_1.bmp"};
    for (const QString& f : files) {
        PredictionItem item;
        item.displayPath = f;
        item.path = root + "/" + f;
        item.trueLabel = f.contains("/blue/") ? 0 : 1;
        item.predicted = 1;
        item.probs = {0.3f, 0.7f};
        o.valid << item;
    }
    o.views.randomCorrect = {0, 1, 2, 3};
    o.confusion = {{0, 2}, {0, 2}};
    return o;
}

QAction* child(QObject* parent, const QString& name) { return parent->findChild<QAction*>(name); }

}  // namespace

class TestRelabelGui : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    /// A main window showing the run (as File > Open run folder would), active for shortcuts.
    std::unique_ptr<MainWindow> openWindow(const QString& root) {
        auto w = std::make_unique<MainWindow>();
        w->show();
        w->activateWindow();
        if (!QTest::qWaitForWindowActive(w.get())) return nullptr;
        Q_EMIT w->bridge()->runOpened(runOver(root));
        w->panels().gallery->setCurrentView(GalleryPanel::RandomCorrect);
        return w;
    }

    static QString galleryPath(MainWindow& w, int prediction) {
        return w.panels().gallery->predictions()->at(prediction).path;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_relabel_gui");
    }

    void moveQuarantineUndoRedoAndRestart() {
        const QString root = tmp_.filePath("data");
        relabeltest::makeData(root);
        const Tree initial = relabeltest::snapshot(root);
        Tree expected = initial;
        Tree afterMove;
        {
            auto w = openWindow(root);
            QVERIFY(w);
            GalleryPanel* gallery = w->panels().gallery;
            InspectorPanel* inspector = w->panels().inspector;
            QCOMPARE(gallery->model()->rowCount(), 4);
            // What a right click on a thumbnail of any tab's list reads from its model.
            const QModelIndex first = gallery->model()->index(0);
            QCOMPARE(first.data(GalleryModel::PathRole).toString(),
                     root + "/valid/blue/blue_0.bmp");
            QCOMPARE(first.data(GalleryModel::TrueLabelRole).toInt(), 0);
            QCOMPARE(gallery->model()->classes(), QStringList({"blue", "red"}));
            QAction* undo = w->action("actionUndo");
            QAction* redo = w->action("actionRedo");
            QVERIFY(undo && redo);
            QCOMPARE(undo->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Z));
            QCOMPARE(redo->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
            QVERIFY(!undo->isEnabled() && !redo->isEnabled());

            // Inspector: Move to class > red.
            gallery->selectRow(0);
            QCOMPARE(inspector->currentPath(), root + "/valid/blue/blue_0.bmp");
            auto* move = inspector->findChild<QToolButton*>("relabelMove");
            QVERIFY(move && move->isEnabled() && move->menu());
            QVERIFY(!child(move->menu(), "moveTo_blue"));  // not its own class
            QElapsedTimer timer;
            timer.start();
            child(move->menu(), "moveTo_red")->trigger();
            qInfo("Move to class took %lld ms on the UI thread", timer.elapsed());
            relabeltest::moveIn(expected, "valid/blue/blue_0.bmp", "valid/red/blue_0.bmp");
            CHECK_TREE(root, expected);
            afterMove = expected;
            QCOMPARE(galleryPath(*w, 0), root + "/valid/red/blue_0.bmp");
            QCOMPARE(gallery->predictions()->at(0).trueLabel, 1);
            QCOMPARE(inspector->currentPath(), root + "/valid/red/blue_0.bmp");
            QVERIFY2(w->statusBar()->currentMessage().contains("valid/red/blue_0.bmp"),
                     qPrintable(w->statusBar()->currentMessage()));
            QVERIFY(undo->isEnabled());
            QVERIFY2(undo->text().contains("blue_0.bmp"), qPrintable(undo->text()));

            // Gallery context menu (any tab): Quarantine the second image.
            QMenu menu;
            gallery->addRelabelActions(&menu, 1);
            child(&menu, "relabelQuarantine")->trigger();
            relabeltest::moveIn(expected, "valid/blue/blue_1.bmp",
                                ".featurelab/quarantine/valid/blue/blue_1.bmp");
            CHECK_TREE(root, expected);
            QCOMPARE(gallery->model()->rowCount(), 3);  // it left the gallery

            // Ctrl+Z twice: both undone, in reverse order.
            QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
            relabeltest::moveIn(expected, ".featurelab/quarantine/valid/blue/blue_1.bmp",
                                "valid/blue/blue_1.bmp");
            CHECK_TREE(root, expected);
            QCOMPARE(gallery->model()->rowCount(), 4);
            QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
            CHECK_TREE(root, initial);
            QCOMPARE(galleryPath(*w, 0), root + "/valid/blue/blue_0.bmp");
            QVERIFY(!undo->isEnabled() && redo->isEnabled());

            // Ctrl+Shift+Z: the move again.
            QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
            CHECK_TREE(root, afterMove);
            QCOMPARE(galleryPath(*w, 0), root + "/valid/red/blue_0.bmp");
            w->close();
        }
        // Restart: the run (which recorded the image in blue) shows it where it is now, and
        // Ctrl+Z undoes the previous window's move; the quarantine stays redoable.
        auto w = openWindow(root);
        QVERIFY(w);
        QCOMPARE(galleryPath(*w, 0), root + "/valid/red/blue_0.bmp");
        QCOMPARE(w->panels().gallery->predictions()->at(0).trueLabel, 1);
        QVERIFY(w->action("actionUndo")->isEnabled() && w->action("actionRedo")->isEnabled());
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        CHECK_TREE(root, initial);
        QCOMPARE(galleryPath(*w, 0), root + "/valid/blue/blue_0.bmp");
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        CHECK_TREE(root, afterMove);
    }

    void refusalIsShownAndChangesNothing() {
        const QString root = tmp_.filePath("taken");
        relabeltest::makeData(root);
        QVERIFY(QFile::copy(root + "/valid/red/red_0.bmp", root + "/valid/blue/red_0.bmp"));
        const Tree before = relabeltest::snapshot(root);
        auto w = openWindow(root);
        QVERIFY(w);
        QMenu menu;
        w->panels().gallery->addRelabelActions(&menu, 2);  // valid/red/red_0.bmp
        child(&menu, "moveTo_blue")->trigger();
        CHECK_TREE(root, before);
        QVERIFY(!QFileInfo::exists(root + "/.featurelab"));
        QCOMPARE(galleryPath(*w, 2), root + "/valid/red/red_0.bmp");
        QVERIFY2(w->statusBar()->currentMessage().contains("already there"),
                 qPrintable(w->statusBar()->currentMessage()));
        QVERIFY(!w->action("actionUndo")->isEnabled());
    }
};

FEATURELAB_TEST_MAIN(TestRelabelGui)
#include "test_relabel_gui.moc"

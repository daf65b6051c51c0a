// Relabel on real photos: a linear run of the real MobileNet on a symlinked dogs-vs-cats subset,
// opened in the workbench. The most confidently wrong image is moved to the class the model
// predicts from the Inspector, and another is quarantined from the gallery's context menu; each
// time the symlink is renamed (the photo in ../shared is untouched), the gallery and Inspector
// follow, and Ctrl+Z puts it back. With FEATURELAB_SCREENSHOTS_DIR set (under xvfb-run,
// packaging/screenshots.sh) the quarantine also saves the README's relabel.png, with the Edit
// menu open; FEATURELAB_RELABEL_IMAGE (e.g. valid/dogs/dog.4386.jpg) picks the image.
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <memory>

#include "data_panel.h"
#include "e2e_support.h"
#include "engine_bridge.h"
#include "featurelab/recipe.h"
#include "gallery_model.h"
#include "gallery_panel.h"
#include "inspector_panel.h"
#include "main_window.h"
#include "test_support.h"

namespace {

QByteArray sha256(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
               : QByteArray();
}

}  // namespace

class TestRelabelRealPhotos : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString root_, run_;

    /// A window showing the run and its data folder, active (Ctrl+Z is a window shortcut).
    std::unique_ptr<MainWindow> openWindow() {
        auto w = std::make_unique<MainWindow>();
        w->resize(1600, 1000);
        w->show();
        w->activateWindow();
        if (!QTest::qWaitForWindowActive(w.get())) return nullptr;
        QSignalSpy scanned(w->bridge(), &EngineBridge::scanFinished);
        w->workbench()->openFolder(root_);
        if (!scanned.wait(60000)) return nullptr;
        // One job at a time: the scan's ends just after scanFinished.
        if (!QTest::qWaitFor([&] { return !w->bridge()->isBusy(); }, 30000)) return nullptr;
        QSignalSpy opened(w->bridge(), &EngineBridge::runOpened);
        w->workbench()->openRun(run_);
        if (!opened.wait(60000)) return nullptr;
        // Relabelling waits for the job lane: the opening job ends just after runOpened.
        if (!QTest::qWaitFor([&] { return !w->bridge()->isBusy(); }, 30000)) return nullptr;
        return w;
    }

    /// The window with the Edit menu open, as the screen shows it (a popup is a window of its
    /// own: the main window's grab() alone would miss it).
    static void saveScreenshot(MainWindow& w, const QString& file) {
        QMenu* edit = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->menu() && a->menu()->actions().contains(w.action("actionUndo")))
                edit = a->menu();
        QVERIFY(edit);
        w.menuBar()->setActiveAction(edit->menuAction());
        QTest::qWait(300);
        const QRect frame = w.frameGeometry();
        const QPixmap shot = QGuiApplication::primaryScreen()->grabWindow(
            0, frame.x(), frame.y(), frame.width(), frame.height());
        edit->close();
        QVERIFY(!shot.isNull() && shot.save(file, "PNG"));
    }

private Q_SLOTS:
    void initTestCase() {
        SKIP_WITHOUT_SHARED();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_relabel_real_photos");
        root_ = tmp_.filePath("dogscats");
        run_ = tmp_.filePath("run");
        const int train = qMax(20, qEnvironmentVariableIntValue("FEATURELAB_E2E_TRAIN"));
        const int valid = qMax(20, qEnvironmentVariableIntValue("FEATURELAB_E2E_VALID"));
        QVERIFY(e2e::linkSubset(root_, train, valid));
        featurelab::RecipeConfig config;
        config.dataDir = root_.toStdString();
        config.backbone = "mobilenet_v1_0.25:" + testsupport::mobilenetWeights().toStdString();
        config.stages = {featurelab::RecipeConfig::defaultStage("linear")};
        config.outDir = run_.toStdString();
        config.cacheDir = tmp_.filePath("cache").toStdString();
        config.viewSize = 24;
        featurelab::JobObserver quiet;
        featurelab::runRecipe(config, {nullptr, &quiet});
    }

    void moveTheMostConfidentlyWrongImage() {
        auto w = openWindow();
        QVERIFY(w);
        GalleryPanel* gallery = w->panels().gallery;
        InspectorPanel* inspector = w->panels().inspector;
        gallery->setCurrentView(GalleryPanel::ConfidentWrong);
        if (gallery->model()->rowCount() == 0) gallery->setCurrentView(GalleryPanel::Uncertain);
        QVERIFY(gallery->model()->rowCount() > 0);
        gallery->selectRow(0);
        const int index = gallery->selectedPrediction();
        const PredictionItem item = gallery->predictions()->at(index);
        const QStringList classes = gallery->classes();
        const int target = item.predicted != item.trueLabel ? item.predicted : 1 - item.trueLabel;
        const QString from = item.displayPath;
        const QString to =
            from.section('/', 0, 0) + "/" + classes[target] + "/" + from.section('/', -1);
        const QString photo = QFileInfo(item.path).symLinkTarget();
        QVERIFY2(photo.startsWith(QFileInfo(testsupport::dogscatsDir()).canonicalFilePath()),
                 qPrintable(photo));
        const QByteArray sum = sha256(photo);

        auto* move = inspector->findChild<QToolButton*>("relabelMove");
        QVERIFY(move && move->isEnabled());
        QAction* action = move->menu()->findChild<QAction*>("moveTo_" + classes[target]);
        QVERIFY(action);
        action->trigger();
        // The link moved; the photo it points to in ../shared is where it was, unchanged.
        QVERIFY(!QFileInfo(root_ + "/" + from).isSymLink());
        QCOMPARE(QFileInfo(root_ + "/" + to).symLinkTarget(), photo);
        QCOMPARE(sha256(photo), sum);
        QCOMPARE(gallery->predictions()->at(index).trueLabel, target);
        QCOMPARE(inspector->currentPath(), root_ + "/" + to);
        QVERIFY2(w->statusBar()->currentMessage().contains(to),
                 qPrintable(w->statusBar()->currentMessage()));
        QVERIFY(w->action("actionUndo")->text().contains(QFileInfo(from).fileName()));

        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(QFileInfo(root_ + "/" + from).symLinkTarget(), photo);
        QVERIFY(!QFileInfo::exists(root_ + "/" + to));
        QCOMPARE(gallery->predictions()->at(index).trueLabel, item.trueLabel);
    }

    void quarantineFromTheGallery() {
        auto w = openWindow();
        QVERIFY(w);
        GalleryPanel* gallery = w->panels().gallery;
        const auto& predictions = *gallery->predictions();
        gallery->setCurrentView(GalleryPanel::Uncertain);
        QVERIFY(gallery->model()->rowCount() > 0);
        int index = gallery->currentIndices().first();
        const QString wanted = qEnvironmentVariable("FEATURELAB_RELABEL_IMAGE");
        if (!wanted.isEmpty()) {
            index = -1;
            for (int i = 0; i < predictions.size(); ++i)
                if (predictions[i].displayPath == wanted) index = i;
            QVERIFY2(index >= 0, qPrintable(wanted + " is not in the run's predictions"));
            for (int v = 0; v < GalleryPanel::ViewCount; ++v) {
                gallery->setCurrentView(GalleryPanel::View(v));
                if (gallery->currentIndices().contains(index)) break;
            }
        }
        const QString from = predictions[index].displayPath;
        const QString to = ".featurelab/quarantine/" + from;
        const QString photo = QFileInfo(predictions[index].path).symLinkTarget();
        const QByteArray sum = sha256(photo);
        const bool inView = gallery->currentIndices().contains(index);
        if (inView) gallery->selectRow(int(gallery->currentIndices().indexOf(index)));

        // The Data panel's count of the image's class in valid/ (column 2) follows.
        QTableWidget* counts = w->panels().data->classTable();
        const int classRow = predictions[index].trueLabel;
        const int before = counts->item(classRow, 2)->text().toInt();

        QMenu menu;  // what a right click on the thumbnail shows, in any tab
        gallery->addRelabelActions(&menu, index);
        QAction* quarantine = menu.findChild<QAction*>("relabelQuarantine");
        QVERIFY(quarantine);
        quarantine->trigger();
        QCOMPARE(QFileInfo(root_ + "/" + to).symLinkTarget(), photo);
        QVERIFY(!QFileInfo(root_ + "/" + from).isSymLink());
        QCOMPARE(sha256(photo), sum);
        QVERIFY(!gallery->currentIndices().contains(index));  // gone from the gallery
        QCOMPARE(counts->item(classRow, 2)->text().toInt(), before - 1);
        QVERIFY2(w->action("actionUndo")->text().contains(QFileInfo(from).fileName()),
                 qPrintable(w->action("actionUndo")->text()));

        const QString shots = qEnvironmentVariable("FEATURELAB_SCREENSHOTS_DIR");
        if (!shots.isEmpty()) {
            QDir().mkpath(shots);
            saveScreenshot(*w, shots + "/relabel.png");
        }
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(QFileInfo(root_ + "/" + from).symLinkTarget(), photo);
        QVERIFY(!QFileInfo::exists(root_ + "/" + to));
        QCOMPARE(gallery->currentIndices().contains(index), inView);
        QCOMPARE(counts->item(classRow, 2)->text().toInt(), before);
    }
};

FEATURELAB_TEST_MAIN(TestRelabelRealPhotos)
#include "test_relabel_real_photos.moc"

// The Inspector's Grad-CAM: the overlay controls on a made-up map (class, layer, opacity, late
// answers ignored), then the real path: a run opened in the main window, a thumbnail clicked,
// the engine's map arriving over the image and a class change computing it again.
#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "engine_bridge.h"
#include "featurelab/recipe.h"
#include "gallery_model.h"
#include "gallery_panel.h"
#include "grad_cam_controls.h"
#include "gui_test_util.h"
#include "inspector_panel.h"
#include "main_window.h"
#include "quadrant_data.h"
#include "recipe_data.h"
#include "test_support.h"
#include "workbench.h"

namespace {

/// A 10 x 10 map, hot on its left half, over the whole of a w x h image.
HeatMap leftHalfHot(const QString& path, int w, int h, int cls, const QString& layer) {
    HeatMap m;
    m.path = path;
    m.classIndex = cls;
    m.predicted = 0;
    m.layer = layer;
    m.size = QSize(10, 10);
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x) m.values << (x < 5 ? 1.0f : 0.0f);
    m.layerSize = QSize(2, 2);
    m.imageSize = QSize(w, h);
    m.crop = QRectF(0, 0, w, h);
    m.layers = QStringList{"conv1", "conv2", "conv2_relu"};
    return m;
}

}  // namespace

class TestInspectorGradCam : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_inspector_gradcam");
        QSettings().clear();
    }

    void overlayControls() {
        const QStringList paths = guitest::writeImages(dir_.filePath("imgs"), 2, 200, 100);
        InspectorPanel panel;
        panel.resize(800, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        GradCamControls* g = panel.gradCamControls();
        QSignalSpy asked(&panel, &InspectorPanel::gradCamRequested);
        PredictionItem item;
        item.path = paths[0];
        item.trueLabel = 0;
        item.predicted = 0;
        item.probs = {0.8f, 0.2f};
        panel.showItem(item, {"cats", "dogs"});
        QCOMPARE(asked.count(), 1);  // a new image asks for its map: predicted class, default
        QCOMPARE(asked[0][0].toString(), paths[0]);
        QCOMPARE(asked[0][1].toInt(), -1);
        QCOMPARE(asked[0][2].toString(), QString());
        QCOMPARE(g->classBox()->count(), 3);
        QCOMPARE(g->classBox()->itemText(2), QString("dogs"));
        QCOMPARE(panel.composedImage(), panel.image());  // nothing to draw yet

        panel.setHeatMap(leftHalfHot("/another/image.jpg", 200, 100, 0, "conv2_relu"));
        QVERIFY(panel.heatMap().isEmpty());  // a late answer for another image
        panel.setHeatMap(leftHalfHot(paths[0], 200, 100, 1, "conv2_relu"));
        QVERIFY(panel.heatMap().isEmpty());  // not the predicted class
        panel.setHeatMap(leftHalfHot(paths[0], 200, 100, 0, "conv1"));
        QVERIFY(panel.heatMap().isEmpty());  // not the default layer
        panel.setHeatMap(leftHalfHot(paths[0], 200, 100, 0, "conv2_relu"));
        QVERIFY(!panel.heatMap().isEmpty());
        QVERIFY2(g->statusLabel()->text().contains("cats") &&
                     g->statusLabel()->text().contains("conv2_relu"),
                 qPrintable(g->statusLabel()->text()));
        // Layers deepest first, after the default entry naming the last one.
        QCOMPARE(g->layerBox()->count(), 3);
        QVERIFY(g->layerBox()->itemData(0, Qt::ToolTipRole).toString().contains("conv2_relu"));
        QCOMPARE(g->layerBox()->itemText(1), QString("conv2"));
        // Drawn: red on the hot half, blue on the cold half, at the slider's opacity.
        // (The image is reddish: jet's dark red lowers green and blue on the hot half, its
        // dark blue raises blue and lowers red on the cold half.)
        const QImage shown = panel.composedImage();
        const QColor hot = shown.pixelColor(20, 50), cold = shown.pixelColor(180, 50);
        const QColor plainHot = panel.image().pixelColor(20, 50);
        const QColor plainCold = panel.image().pixelColor(180, 50);
        QVERIFY(hot.blue() < plainHot.blue() && hot.green() < plainHot.green());
        QVERIFY(cold.blue() > plainCold.blue() && cold.red() < plainCold.red());
        g->opacitySlider()->setValue(100);
        QCOMPARE(panel.composedImage().pixelColor(20, 50).rgb(), jetColour(1.0f));
        QCOMPARE(panel.composedImage().pixelColor(180, 50).rgb(), jetColour(0.0f));
        g->opacitySlider()->setValue(0);
        QCOMPARE(panel.composedImage(), panel.image());
        QCOMPARE(asked.count(), 1);  // opacity is drawing only

        // Another class: asked again; the old class's late answer does not show.
        g->classBox()->setCurrentIndex(2);
        QCOMPARE(asked.count(), 2);
        QCOMPARE(asked[1][1].toInt(), 1);
        QVERIFY(panel.heatMap().isEmpty());
        panel.setHeatMap(leftHalfHot(paths[0], 200, 100, 0, "conv2_relu"));
        QVERIFY(panel.heatMap().isEmpty());
        panel.setHeatMap(leftHalfHot(paths[0], 200, 100, 1, "conv2_relu"));
        QVERIFY(!panel.heatMap().isEmpty());
        // Another layer: asked with its name.
        g->layerBox()->setCurrentIndex(2);
        QCOMPARE(asked.count(), 3);
        QCOMPARE(asked[2][2].toString(), QString("conv1"));
        panel.setHeatMapMessage(paths[0], "no conv layers here");
        QCOMPARE(g->statusLabel()->text(), QString("no conv layers here"));
        // The choices stay when stepping to the next image.
        item.path = paths[1];
        panel.showItem(item, {"cats", "dogs"});
        QCOMPARE(asked.count(), 4);
        QCOMPARE(asked[3][1].toInt(), 1);
        QCOMPARE(asked[3][2].toString(), QString("conv1"));
    }

    void mapFromTheEngineThroughTheWorkbench() {
        const QString data = dir_.filePath("quadrants"), run = dir_.filePath("run");
        QVERIFY(quadrantdata::makeFolder(data, 16, 4, 64, 0));
        featurelab::RecipeConfig c =
            recipedata::tinyRecipe(data, run, dir_.filePath("cache"), {"last"}, 3);
        c.backbone = "resnet18@64";
        featurelab::runRecipe(c);

        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const auto& p = w.panels();
        QSignalSpy opened(w.bridge(), &EngineBridge::runOpened);
        w.workbench()->openRun(run);
        QVERIFY(opened.wait(60000));
        QSignalSpy ready(w.bridge(), &EngineBridge::gradCamReady);
        QListView* list = p.gallery->listView();
        QVERIFY(p.gallery->model()->rowCount() > 0);
        const QRect r = list->visualRect(p.gallery->model()->index(0));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, r.center());
        QVERIFY(!p.inspector->currentPath().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!p.inspector->heatMap().isEmpty(), 60000);
        const HeatMap& m = p.inspector->heatMap();
        QCOMPARE(m.path, p.inspector->currentPath());
        QCOMPARE(m.layer, QString("layer4.1.relu"));
        QCOMPARE(m.size, QSize(64, 64));
        QCOMPARE(m.values.size(), 64 * 64);
        QCOMPARE(m.layers.last(), QString("layer4.1.relu"));
        QCOMPARE(m.classIndex, m.predicted);
        GradCamControls* g = p.inspector->gradCamControls();
        QVERIFY(g->layerBox()->count() > 20);
        QVERIFY(p.inspector->composedImage() != p.inspector->image());
        // The other class, computed on the engine thread.
        const int other = 1 - m.predicted;
        g->classBox()->setCurrentIndex(other + 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            !p.inspector->heatMap().isEmpty() && p.inspector->heatMap().classIndex == other, 60000);
        QVERIFY(ready.count() >= 2);
    }
};

FEATURELAB_TEST_MAIN(TestInspectorGradCam)
#include "test_inspector_gradcam.moc"

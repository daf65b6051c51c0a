// Grad-CAM through TrainedModel on a head trained over a random ResNet-18 (no shared data
// needed): the map is CAM where the two coincide, the class and layer options, the layer list,
// every error and the overlay PNG. test_gradcam_quadrant checks where real features look.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "data/image.h"
#include "data/preprocess.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/trained_model.h"
#include "quadrant_data.h"
#include "recipe/model_file.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

class TestGradCam : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_, run_;

    std::string image(const QString& rel) const { return (data_ + "/" + rel).toStdString(); }
    std::string validImage(const QString& cls, int i) const {
        return image(QString("valid/%1/%2.bmp").arg(cls).arg(i));
    }

    template <typename Fn>
    static void expectError(ErrorCode code, Fn&& fn) {
        try {
            fn();
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), code);
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        data_ = tmp_.filePath("data");
        QVERIFY(quadrantdata::makeFolder(data_, 12, 3, 128, 0));
        run_ = tmp_.filePath("run");
        // At 128 px ResNet-18's last conv block is 4 x 4, layer3's 8 x 8.
        RecipeConfig c = recipedata::tinyRecipe(data_, run_, tmp_.filePath("cache"), {"last"}, 2);
        c.backbone = "resnet18@128";
        runRecipe(c);
    }

    // At the last conv block, right before global average pooling and the classifier, the
    // gradients are the classifier's weights / (h * w): Grad-CAM is then CAM (Zhou et al.
    // 2016), ReLU(sum_k w_ck A_k), computed here without autograd.
    void equalsCamBeforeThePooling() {
        const TrainedModel m = TrainedModel::open(run_.toStdString());
        recipe::LoadedModel lm = recipe::loadModel(run_.toStdString());
        Network& net = *lm.net;
        net.setTrainMode(false);
        const std::string lastBlock = m.gradCamLayers().back().name;
        const std::string classifier = net.segments().back();
        torch::Tensor weight;
        for (const auto& p : net.module().named_parameters())
            if (p.key() == classifier + ".weight") weight = p.value().detach();
        QVERIFY(weight.defined());
        for (const QString cls : {"patch", "plain"})
            for (int i = 0; i < 3; ++i) {
                const std::string path = validImage(cls, i);
                const GradCam cam = m.gradCam(path);
                torch::NoGradGuard noGrad;
                const torch::Tensor x = toInputTensor(decodeImage(path), lm.meta.preprocessing);
                const torch::Tensor a =
                    net.forwardSegments(x.unsqueeze(0), 0, net.cutPoint("pool") - 1);
                QCOMPARE(a.dim(), 4);
                torch::Tensor ref =
                    torch::relu((weight[cam.classIndex].view({1, -1, 1, 1}) * a).sum(1, true));
                ref = torch::nn::functional::interpolate(
                    ref, torch::nn::functional::InterpolateFuncOptions()
                             .size(std::vector<std::int64_t>{cam.height, cam.width})
                             .mode(torch::kBilinear)
                             .align_corners(false));
                ref = (ref / ref.max()).flatten().contiguous();
                float worst = 0;
                for (std::size_t j = 0; j < cam.heat.size(); ++j)
                    worst = std::max(worst, std::abs(cam.heat[j] - ref[long(j)].item<float>()));
                QVERIFY2(worst < 1e-4, qPrintable(QString("max difference %1").arg(worst)));
            }
    }

    // The class selector: the other class gets its own map; the probabilities stay.
    void aChosenClassChangesTheMap() {
        const TrainedModel m = TrainedModel::open(run_.toStdString());
        const GradCam predicted = m.gradCam(validImage("patch", 0));
        QCOMPARE(predicted.classIndex, predicted.predicted);
        GradCamOptions other;
        other.classIndex = 1 - predicted.predicted;
        const GradCam cam = m.gradCam(validImage("patch", 0), other);
        QCOMPARE(cam.classIndex, other.classIndex);
        QCOMPARE(cam.predicted, predicted.predicted);
        QCOMPARE(cam.probs, predicted.probs);
        float largest = 0;
        for (std::size_t i = 0; i < cam.heat.size(); ++i)
            largest = std::max(largest, std::abs(cam.heat[i] - predicted.heat[i]));
        QVERIFY(largest > 0.1f);
    }

    void layersComeFromTheRegistry() {
        const TrainedModel m = TrainedModel::open(run_.toStdString());
        const std::vector<LayerInfo> layers = m.gradCamLayers();
        QVERIFY(layers.size() > 20);
        QCOMPARE(layers.back().name, std::string("layer4.1.relu"));
        QCOMPARE(layers.front().name, std::string("conv1"));
        for (const LayerInfo& l : layers) QCOMPARE(l.outputShape.size(), std::size_t(3));
        // An earlier layer inside a block: a finer map.
        GradCamOptions o;
        o.layer = "layer3.1.conv2";
        const GradCam cam = m.gradCam(validImage("patch", 1), o);
        QCOMPARE(cam.layer, o.layer);
        QCOMPARE(cam.layerWidth, 8);
        QCOMPARE(cam.heat.size(), std::size_t(128 * 128));
        const auto [lo, hi] = std::minmax_element(cam.heat.begin(), cam.heat.end());
        QVERIFY(*lo >= 0.0f);
        QCOMPARE(*hi, 1.0f);
    }

    void badOptionsAreInvalidArguments() {
        const TrainedModel m = TrainedModel::open(run_.toStdString());
        GradCamOptions o;
        o.layer = "fc";  // a registry layer, but not a feature map
        try {
            m.gradCam(validImage("patch", 0), o);
            QFAIL("Grad-CAM at a dense layer");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QCOMPARE(e.hint().action, HintAction::ShowLayerNames);
            QVERIFY(QString(e.what()).contains("layer4.1.relu"));
        }
        o.layer = "no_such_layer";
        expectError(ErrorCode::InvalidArgument, [&] { m.gradCam(validImage("patch", 0), o); });
        GradCamOptions c;
        c.classIndex = 2;
        expectError(ErrorCode::InvalidArgument, [&] { m.gradCam(validImage("patch", 0), c); });
        c.classIndex = -2;
        expectError(ErrorCode::InvalidArgument, [&] { m.gradCam(validImage("patch", 0), c); });
        expectError(ErrorCode::NotFound, [&] { m.gradCam(image("valid/patch/missing.bmp")); });
        QFile junk(tmp_.filePath("junk.png"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not an image");
        junk.close();
        expectError(ErrorCode::BadImage, [&] { m.gradCam(junk.fileName().toStdString()); });
    }

    // ResNet's torchvision pipeline sees a centre crop: the result says where it lies.
    void cropAndOverlayPng() {
        const TrainedModel m = TrainedModel::open(run_.toStdString());
        const GradCam cam = m.gradCam(validImage("patch", 2));
        QCOMPARE(cam.imageWidth, 128);
        QCOMPARE(cam.imageHeight, 128);
        // 128 -> 146 px, crop 128 at offset 9: 9 * 128/146 from each side.
        QVERIFY(std::abs(cam.cropX - 9.0 * 128 / 146) < 1e-6);
        QVERIFY(std::abs(cam.cropWidth - 128.0 * 128 / 146) < 1e-6);
        const std::string png = tmp_.filePath("patch2.png").toStdString();
        writeGradCamOverlay(validImage("patch", 2), cam, png, 0.6);
        const RgbImage out = decodeImage(png);
        QCOMPARE(out.width, 128);
        QCOMPARE(out.height, 128);
        // The hottest part is drawn red-ish (jet's top), the coldest blue-ish.
        std::size_t hot = 0, cold = 0;
        for (std::size_t i = 0; i < cam.heat.size(); ++i) {
            if (cam.heat[i] > cam.heat[hot]) hot = i;
            if (cam.heat[i] < cam.heat[cold]) cold = i;
        }
        auto pixelAt = [&](std::size_t mapIndex) {
            const int mx = int(mapIndex % 128), my = int(mapIndex / 128);
            const int x = int(cam.cropX + (mx + 0.5) * cam.cropWidth / 128);
            const int y = int(cam.cropY + (my + 0.5) * cam.cropHeight / 128);
            return out.row(y) + 3 * x;
        };
        QVERIFY(pixelAt(hot)[0] > pixelAt(hot)[2]);
        QVERIFY(pixelAt(cold)[2] > pixelAt(cold)[0]);
        expectError(ErrorCode::InvalidArgument,
                    [&] { writeGradCamOverlay(validImage("patch", 2), cam, png, 1.5); });
        expectError(ErrorCode::InvalidArgument,
                    [&] { writeGradCamOverlay(validImage("patch", 2), GradCam{}, png); });
        expectError(ErrorCode::Io, [&] {
            writeGradCamOverlay(validImage("patch", 2), cam,
                                tmp_.filePath("no/such/dir/x.png").toStdString());
        });
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestGradCam)
#include "test_gradcam.moc"

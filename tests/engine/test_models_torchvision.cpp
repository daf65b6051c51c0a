// Parity with torchvision (safetensors, torch.save, TorchScript) and with a NumPy forward of a
// Keras-layout VGG16 (TF and Theano orderings), all on fixtures generated at test time.
#include <QtTest>

#include "featurelab/error.h"
#include "model_fixtures.h"
#include "models/network.h"
#include "test_support.h"

using namespace featurelab;

namespace {

const QStringList kTorchvisionArgs = {"torchvision", "--out", modelfixtures::dir()};
const QStringList kKerasArgs = {"keras_vgg16", "--out", modelfixtures::dir()};

double parity(const std::string& spec, const QString& refName) try {
    auto ref = modelfixtures::readRef(refName);
    auto net = createNetwork(BackboneSpec::parse(spec));
    net->module().eval();
    torch::NoGradGuard noGrad;
    const auto out = net->forwardSegments(ref.at("input"), 0, net->segments().size());
    if (out.sizes() != ref.at("logits").sizes()) return 1e9;
    const double diff = modelfixtures::maxAbsDiff(out, ref.at("logits"));
    qInfo("%-40s max abs diff %.3g (|logits| up to %.2f)", spec.substr(0, spec.find(':')).c_str(),
          diff, ref.at("logits").abs().max().item<double>());
    return diff;
} catch (const std::exception& e) {
    qWarning("%s: %s", spec.c_str(), e.what());
    return 1e9;
}

}  // namespace

class TestModelsTorchvision : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void safetensors_data() {
        QTest::addColumn<QString>("arch");
        for (const char* a : {"resnet18", "resnet50", "mobilenet_v2", "vgg16"})
            QTest::newRow(a) << a;
    }
    void safetensors() {
        QFETCH(QString, arch);
        ENSURE_FIXTURE("torchvision.done", kTorchvisionArgs);
        const std::string a = arch.toStdString();
        QVERIFY(parity(a + ":" + modelfixtures::path(arch + ".safetensors"),
                       arch + "_ref.safetensors") < 1e-4);
    }

    void torchSaveArchives_data() {
        QTest::addColumn<QString>("arch");
        for (const char* a : {"resnet18", "mobilenet_v2"}) QTest::newRow(a) << a;
    }
    void torchSaveArchives() {
        QFETCH(QString, arch);
        ENSURE_FIXTURE("torchvision.done", kTorchvisionArgs);
        const std::string a = arch.toStdString();
        QVERIFY(parity(a + ":" + modelfixtures::path(arch + ".pth"), arch + "_ref.safetensors") <
                1e-4);
    }

    void torchScript() {
        ENSURE_FIXTURE("torchvision.done", kTorchvisionArgs);
        const std::string file = modelfixtures::path("resnet18_scripted.pt");
        // A scripted torchvision model loads natively (trainable, with its registry) ...
        QVERIFY(parity("resnet18:" + file, "resnet18_ref.safetensors") < 1e-4);
        // ... and any TorchScript model works as a frozen feature extractor.
        QVERIFY(parity("torchscript:" + file, "resnet18_ref.safetensors") < 1e-4);
        auto net = createNetwork(BackboneSpec::parse("torchscript:" + file));
        QCOMPARE(net->numOutputs(), 1000);  // probed
        net->replaceHead(3);
        QCOMPARE(net->numOutputs(), 3);
        torch::NoGradGuard noGrad;
        const auto y = net->forwardSegments(torch::rand({2, 3, 64, 64}), 0, net->segments().size());
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 3}));
        std::int64_t trainable = 0;
        for (const auto& p : net->module().parameters())
            if (p.requires_grad()) trainable += p.numel();
        QCOMPARE(trainable, std::int64_t(1000 * 3 + 3));
    }

    void kerasVgg16_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("tf ordering, by name") << "vgg16_keras_tf.h5";
        QTest::newRow("th ordering, full model, by order") << "vgg16_keras_th.h5";
    }
    void kerasVgg16() {
        QFETCH(QString, file);
        ENSURE_FIXTURE("keras_vgg16.done", kKerasArgs);
        QVERIFY(parity("vgg16:" + modelfixtures::path(file), "vgg16_keras_ref.safetensors") < 1e-4);
        auto net = createNetwork(BackboneSpec::parse("vgg16:" + modelfixtures::path(file)));
        QCOMPARE(net->preprocessing().scaling, Scaling::CaffeMean);  // Keras' VGG16 input
        QCOMPARE(net->preprocessing().channels, ChannelOrder::BGR);
    }

    void vgg16Registry() {
        auto net = createNetwork(BackboneSpec::parse("vgg16"));
        const auto layers = net->layers();
        std::int64_t total = 0;
        for (const auto& l : layers) total += l.params;
        QCOMPARE(total, std::int64_t(138357544));  // Keras' and torchvision's count
        QCOMPARE(net->segments()[net->cutPoint("dense_input")], std::string("fc1"));
        QCOMPARE(net->segments()[net->cutPoint("penultimate")], std::string("fc2_dropout"));
        QCOMPARE(asLayer(layers, "block5_pool").outputShape,
                 (std::vector<std::int64_t>{512, 7, 7}));
        QCOMPARE(net->cutPoint("block5_conv1"), net->cutPoint("features.24"));
    }

    void resnetRegistry() {
        auto net = createNetwork(BackboneSpec::parse("resnet50"));
        const auto layers = net->layers();
        std::int64_t total = 0;
        for (const auto& l : layers) total += l.params;
        // torchvision's 25,557,032 parameters plus BatchNorm statistics (2 x 26,560).
        QCOMPARE(total, std::int64_t(25557032 + 2 * 26560));
        QCOMPARE(asLayer(layers, "layer4.2.relu").outputShape,
                 (std::vector<std::int64_t>{2048, 7, 7}));
        QCOMPARE(asLayer(layers, "layer1.0.downsample.0").kind, LayerKind::Conv);
        QCOMPARE(net->segments()[net->cutPoint("layer3.0.conv1")], std::string("layer3.0"));
    }

private:
    static const LayerInfo& asLayer(const std::vector<LayerInfo>& layers, const std::string& name) {
        for (const auto& l : layers)
            if (l.name == name) return l;
        throw std::runtime_error("no layer " + name);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsTorchvision)
#include "test_models_torchvision.moc"

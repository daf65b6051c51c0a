// Model files (recipe/model_file.h: safetensors, Keras HDF5) re-import with bit-identical
// outputs, classes, preprocessing and stage for every architecture family; a network-head
// model file loads back as backbone weights; a plain state dict is not a model file.
#include <QTemporaryDir>
#include <QtTest>

#include "featurelab/error.h"
#include "models/network.h"
#include "models/weights_io.h"
#include "recipe/model_file.h"
#include "test_support.h"

using namespace featurelab;

namespace {

// Random BatchNorm statistics and biases, so a lost or mis-ordered tensor changes the output.
void perturb(Network& net) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(3);
    for (auto& b : net.module().named_buffers()) {
        if (b.key().find("running_mean") != std::string::npos) b.value().normal_(0, 0.1);
        if (b.key().find("running_var") != std::string::npos) b.value().uniform_(0.5, 1.5);
    }
    for (auto& p : net.module().named_parameters())
        if (p.key().find("bias") != std::string::npos) p.value().normal_(0, 0.1);
}

torch::Tensor run(Network& net, const torch::Tensor& x) {
    net.module().eval();
    torch::NoGradGuard noGrad;
    return net.forwardSegments(x, 0, net.segments().size());
}

}  // namespace

class TestModelsExport : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    std::string file(const char* name) { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void roundTrip_data() {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("classes");
        QTest::addColumn<bool>("keras");
        QTest::newRow("mobilenet_v1 safetensors") << "mobilenet_v1_0.25@96" << 3 << false;
        QTest::newRow("mobilenet_v1 keras") << "mobilenet_v1_0.25@96" << 3 << true;
        QTest::newRow("resnet18 safetensors") << "resnet18@64" << 2 << false;
        QTest::newRow("resnet18 keras") << "resnet18@64" << 2 << true;
        QTest::newRow("mobilenet_v2 keras") << "mobilenet_v2@64" << 5 << true;
        QTest::newRow("vgg16 keras (Flatten rows)") << "vgg16@64" << 2 << true;
    }
    void roundTrip() {
        QFETCH(QString, arch);
        QFETCH(int, classes);
        QFETCH(bool, keras);
        auto net = createNetwork(BackboneSpec::parse(arch.toStdString()));
        net->replaceHead(classes);
        perturb(*net);
        std::vector<std::string> names;
        for (int i = 0; i < classes; ++i) names.push_back("class " + std::to_string(i));
        const std::string path = file(keras ? "model.h5" : "model.safetensors");
        recipe::ModelMeta meta;
        meta.architecture = net->architecture();
        meta.classes = names;
        meta.preprocessing = net->preprocessing();
        meta.stage = "last";
        if (keras)
            recipe::saveModelKeras(path, *net, nullptr, meta);
        else
            recipe::saveModel(path, *net, nullptr, meta);

        const recipe::LoadedModel loaded = recipe::loadModel(path);
        QCOMPARE(loaded.meta.architecture, arch.toStdString());
        QCOMPARE(loaded.meta.classes, names);
        QCOMPARE(loaded.meta.stage, std::string("last"));
        QVERIFY(!loaded.probsHead);
        QCOMPARE(loaded.net->numOutputs(), classes);
        QCOMPARE(loaded.meta.preprocessing.toString(), net->preprocessing().toString());
        const auto x = torch::randn({2, 3, 64, 64});
        const auto a = run(*net, x), b = run(*loaded.net, x);
        QVERIFY(torch::equal(a, b));  // bit-identical
    }

    void plainExportIsBackboneWeights() {
        auto net = createNetwork(BackboneSpec::parse("resnet18"));
        perturb(*net);
        const std::string path = file("resnet18_backbone.safetensors");
        recipe::ModelMeta meta;
        meta.architecture = net->architecture();
        meta.preprocessing = net->preprocessing();
        recipe::saveModel(path, *net, nullptr, meta);
        auto again = createNetwork(BackboneSpec::parse("resnet18:" + path));
        const auto x = torch::randn({1, 3, 64, 64});
        QVERIFY(torch::equal(run(*net, x), run(*again, x)));
        // torchvision's own names and scalar num_batches_tracked, as torch.load expects them.
        std::map<std::string, torch::Tensor> sd;
        for (auto& [k, v] : readSafetensors(path)) sd[k] = v;
        QVERIFY(sd.count("layer1.0.conv1.weight"));
        QCOMPARE(sd.at("bn1.num_batches_tracked").dim(), std::int64_t(0));
    }

    void notAnExport() {
        auto net = createNetwork(BackboneSpec::parse("resnet18"));
        const std::string path = file("plain.safetensors");
        writeSafetensors(path, networkStateDict(*net), {});
        try {
            recipe::loadModel(path);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadWeights);
            QVERIFY2(QString(e.what()).contains("not a Featurelab model"), e.what());
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsExport)
#include "test_models_export.moc"

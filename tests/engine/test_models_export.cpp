// Whole-model exports (safetensors, Keras HDF5) re-import with bit-identical outputs, classes,
// preprocessing and metadata; plain exports load back as backbone weights.
#include <QTemporaryDir>
#include <QtTest>

#include "featurelab/error.h"
#include "models/model_io.h"
#include "models/network.h"
#include "models/weights_io.h"

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
        const std::map<std::string, std::string> extra = {{"stage", "last"}, {"cut_point", "penultimate"}};
        if (keras)
            exportKerasHdf5(*net, path, names, extra);
        else
            exportSafetensors(*net, path, names, extra);

        const auto loaded = loadExportedModel(path);
        QCOMPARE(loaded.architecture, arch.toStdString());
        QCOMPARE(loaded.classes, names);
        QCOMPARE(loaded.metadata.at("stage"), std::string("last"));
        QCOMPARE(loaded.network->numOutputs(), classes);
        QCOMPARE(loaded.preprocessing.toString(), net->preprocessing().toString());
        const auto x = torch::randn({2, 3, 64, 64});
        const auto a = run(*net, x), b = run(*loaded.network, x);
        QVERIFY(torch::equal(a, b));  // bit-identical
    }

    void plainExportIsBackboneWeights() {
        auto net = createNetwork(BackboneSpec::parse("resnet18"));
        perturb(*net);
        const std::string path = file("resnet18_backbone.safetensors");
        exportSafetensors(*net, path, {});
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
        writeSafetensors(path, networkStateDict(asChain(*net)), {});
        try {
            loadExportedModel(path);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadWeights);
            QVERIFY2(QString(e.what()).contains("not a Featurelab model export"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestModelsExport)
#include "test_models_export.moc"

// Keras ResNet50 (keras_resnet50) against PyTorch forwards written from the two Keras sources
// (tests/fixtures/make_model_fixtures.py keras_resnet50): the tf.keras layer names and the
// original release's (res2a_branch2a, ...), full and include_top=False files with random
// weights, one-screen errors for a mixed or misshapen file, another input size, and exports.
#include <QTemporaryDir>
#include <QtTest>

#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "model_fixtures.h"
#include "models/keras_h5.h"
#include "models/keras_weights.h"
#include "models/network.h"
#include "models/trainability.h"
#include "recipe/layer_choice.h"
#include "test_support.h"

using namespace featurelab;

namespace {

const QStringList kArgs = {"keras_resnet50", "--out", modelfixtures::dir()};

/// A network with the weights file `file`: a fixture's name, or a path.
std::shared_ptr<Network> load(const std::string& file, const std::string& arch = "keras_resnet50") {
    const std::string path = file.find('/') == std::string::npos
                                 ? modelfixtures::path(QString::fromStdString(file))
                                 : file;
    return createNetwork(BackboneSpec::parse(arch + ":" + path));
}

/// Logits and pooled features (the "pool" cut) of net on input.
std::pair<torch::Tensor, torch::Tensor> run(Network& net, const torch::Tensor& input) {
    net.module().eval();
    torch::NoGradGuard noGrad;
    const auto pool = net.cutPoint("pool");
    const auto pooled = net.forwardSegments(input, 0, pool);
    return {net.forwardSegments(pooled, pool, net.segments().size()), pooled};
}

std::string errorOf(const std::function<void()>& fn, ErrorCode* code = nullptr) {
    try {
        fn();
    } catch (const Error& e) {
        if (code) *code = e.code();
        return e.what();
    }
    return "";
}

int lineCount(const std::string& s) { return 1 + int(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

class TestModelsKerasResNet50 : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string at(const char* name) { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void initTestCase() { ENSURE_FIXTURE("keras_resnet50.done", kArgs); }

    void generationsMatchTheirReferences_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("other");
        QTest::newRow("tf.keras names") << "keras_resnet50_tfkeras"
                                        << "keras_resnet50_tfkeras_ref.safetensors"
                                        << "keras_resnet50_original_ref.safetensors";
        QTest::newRow("original names") << "keras_resnet50_original"
                                        << "keras_resnet50_original_ref.safetensors"
                                        << "keras_resnet50_tfkeras_ref.safetensors";
    }
    void generationsMatchTheirReferences() {
        QFETCH(QString, file);
        QFETCH(QString, ref);
        QFETCH(QString, other);
        auto r = modelfixtures::readRef(ref);
        auto net = load(file.toStdString() + ".h5");
        QVERIFY(net->untrainedTop.empty());
        // Keras' preprocess_input for ResNet50: BGR minus the ImageNet mean, direct resize.
        QCOMPARE(net->preprocessing().toString(), Preprocessing::kerasCaffe(224, 224).toString());
        const auto [logits, pooled] = run(*net, r["input"]);
        const double diff = modelfixtures::maxAbsDiff(logits, r["logits"]);
        const double pooledDiff = modelfixtures::maxAbsDiff(pooled, r["pooled"]);
        // The generations differ only in BatchNorm epsilon: the other reference is far off, so
        // the tolerance tells them apart.
        const double otherDiff =
            modelfixtures::maxAbsDiff(logits, modelfixtures::readRef(other)["logits"]);
        qInfo(
            "%s vs PyTorch: max abs diff %.3g logits (up to %.2f), %.3g pooled; %.3g from the "
            "other generation's reference",
            qPrintable(file), diff, r["logits"].abs().max().item<double>(), pooledDiff, otherDiff);
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
        QVERIFY2(pooledDiff < 1e-4, qPrintable(QString::number(pooledDiff)));
        QVERIFY(otherDiff > 1e-2);

        // Exports keep the tf.keras names and compute the same (the original release's
        // epsilon lives in the moving variances).
        const std::string exported = at("exported.h5");
        keras::write(exported, toKerasFile(*net));
        const keras::File back = keras::read(exported);
        QVERIFY(std::any_of(back.layers.begin(), back.layers.end(),
                            [](const keras::Layer& l) { return l.name == "conv2_block1_0_conv"; }));
        auto again = createNetwork(BackboneSpec::parse("keras_resnet50:" + exported));
        QVERIFY(modelfixtures::maxAbsDiff(run(*again, r["input"]).first, logits) < 1e-5);
    }

    void notopFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("tf.keras names") << "keras_resnet50_tfkeras";
        QTest::newRow("original names") << "keras_resnet50_original";
    }
    void notopFiles() {
        QFETCH(QString, file);
        auto full = load(file.toStdString() + ".h5");
        auto notop = load(file.toStdString() + "_notop.h5");
        QCOMPARE(notop->untrainedTop, std::vector<std::string>{"predictions"});
        const auto input =
            modelfixtures::readRef("keras_resnet50_tfkeras_ref.safetensors")["input"];
        QVERIFY(torch::equal(run(*full, input).second, run(*notop, input).second));
    }

    void mixedOrMisshapenFilesAreRefused() {
        // One layer of the original file under its tf.keras name: names of two generations.
        keras::File mixed = keras::read(modelfixtures::path("keras_resnet50_original.h5"));
        for (auto& l : mixed.layers)
            if (l.name == "res3a_branch2b") l.name = "conv3_block1_2_conv";
        keras::write(at("mixed.h5"), mixed);
        ErrorCode code = ErrorCode::Internal;
        std::string why = errorOf([&] { load(at("mixed.h5")); }, &code);
        qInfo("%s", why.c_str());
        QCOMPARE(code, ErrorCode::BadWeights);
        QVERIFY2(why.find("mixes two layer-naming generations") != std::string::npos, why.c_str());
        QVERIFY2(why.find("conv3_block1_2_conv") != std::string::npos, why.c_str());
        QVERIFY2(why.find("missing layers: res3a_branch2b") != std::string::npos, why.c_str());
        QVERIFY(lineCount(why) <= 6);

        // A kernel of the wrong shape, in each generation: the error names the file's layer
        // and ours.
        keras::File tf = keras::read(modelfixtures::path("keras_resnet50_tfkeras.h5"));
        for (auto& l : tf.layers)
            if (l.name == "conv4_block2_2_conv")
                l.weights[0].value = torch::zeros({3, 3, 256, 128});
        keras::write(at("misshapen.h5"), tf);
        why = errorOf([&] { load(at("misshapen.h5")); }, &code);
        qInfo("%s", why.c_str());
        QCOMPARE(code, ErrorCode::BadWeights);
        QVERIFY2(why.find("'conv4_block2_2_conv'") != std::string::npos, why.c_str());
        QVERIFY2(why.find("expected [3,3,256,256]") != std::string::npos, why.c_str());
        QVERIFY2(why.find("found [3,3,256,128]") != std::string::npos, why.c_str());
        QCOMPARE(lineCount(why), 1);

        keras::File old = keras::read(modelfixtures::path("keras_resnet50_original.h5"));
        for (auto& l : old.layers)
            if (l.name == "bn5c_branch2a") l.weights[2].value = torch::zeros({511});
        keras::write(at("misshapen_original.h5"), old);
        why = errorOf([&] { load(at("misshapen_original.h5")); }, &code);
        qInfo("%s", why.c_str());
        QCOMPARE(code, ErrorCode::BadWeights);
        QVERIFY2(why.find("'bn5c_branch2a' (for conv5_block3_1_bn, matched by alias)") !=
                     std::string::npos,
                 why.c_str());
        QVERIFY2(why.find("found [511]") != std::string::npos, why.c_str());
    }

    void otherInputSize() {
        auto r = modelfixtures::readRef("keras_resnet50_tfkeras_ref.safetensors");
        auto net = load("keras_resnet50_tfkeras.h5", "keras_resnet50@160");
        QCOMPARE(net->preprocessing().toString(), Preprocessing::kerasCaffe(160, 160).toString());
        const double diff =
            modelfixtures::maxAbsDiff(run(*net, r["input160"]).first, r["logits160"]);
        qInfo("keras_resnet50@160 vs PyTorch: max abs diff %.3g", diff);
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
        const auto layers = net->layers();
        const auto out = std::find_if(layers.begin(), layers.end(), [](const LayerInfo& l) {
            return l.name == "conv5_block3_out";
        });
        QVERIFY(out != layers.end());
        QCOMPARE(out->outputShape, (std::vector<std::int64_t>{2048, 5, 5}));
    }

    void registryMatchesKeras() {
        auto net = createNetwork(BackboneSpec::parse("keras_resnet50"));  // random, tf.keras
        const auto layers = net->layers();
        std::int64_t total = 0;
        for (const auto& l : layers) total += l.params;
        QCOMPARE(total, std::int64_t(25636712));  // Keras' ResNet50 summary: Total params
        QCOMPARE(int(layers.size()), 176);        // Keras' 177 layers without input_1
        QCOMPARE(layers.front().name, std::string("conv1_pad"));
        QCOMPARE(layers.front().outputShape, (std::vector<std::int64_t>{3, 230, 230}));
        auto shapeOf = [&](const std::string& name) {
            for (const auto& l : layers)
                if (l.name == name) return l.outputShape;
            return std::vector<std::int64_t>{};
        };
        QCOMPARE(shapeOf("pool1_pool"), (std::vector<std::int64_t>{64, 56, 56}));
        // The stride sits in the first 1x1 conv of a stage's first block (and its shortcut).
        QCOMPARE(shapeOf("conv3_block1_1_conv"), (std::vector<std::int64_t>{128, 28, 28}));
        QCOMPARE(shapeOf("conv3_block1_0_conv"), (std::vector<std::int64_t>{512, 28, 28}));
        QCOMPARE(shapeOf("avg_pool"), (std::vector<std::int64_t>{2048}));
        QCOMPARE(layers.back().name, std::string("predictions"));
        QCOMPARE(layers.back().params, std::int64_t(2049000));
        QCOMPARE(net->preprocessing().toString(), Preprocessing::kerasCaffe(224, 224).toString());
        QCOMPARE(net->segments()[net->cutPoint("pool")], std::string("predictions"));
        QCOMPARE(net->cutPoint("penultimate"), net->cutPoint("pool"));
        // A layer inside a block cuts at its block's input ('_' joins Keras' names).
        QCOMPARE(net->segments()[net->cutPoint("conv5_block3_1_conv")],
                 std::string("conv5_block3"));
        QCOMPARE(net->segments()[net->cutPoint("conv2_block1_0_bn")], std::string("conv2_block1"));

        // A block's layers belong to its segment, so the conv stage (from the row's
        // conv5_block3_1_conv) trains the last block and the head, cut at the block's input.
        const auto seg = layerSegments(*net);
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (layers[i].name.rfind("conv3_block2_", 0) == 0)
                QCOMPARE(net->segments()[seg[i]], std::string("conv3_block2"));
        const recipe::LayerChoice conv =
            recipe::chooseLayers(*net, RecipeConfig::defaultStage("conv"));
        QCOMPARE(net->segments()[conv.cut], std::string("conv5_block3"));
        QCOMPARE(conv.layers.front(), std::string("conv5_block3_1_conv"));
        QCOMPARE(conv.layers.back(), std::string("predictions"));
        QVERIFY(std::none_of(conv.layers.begin(), conv.layers.end(), [](const std::string& l) {
            return l.find("_bn") != std::string::npos || l.rfind("conv5_block2", 0) == 0;
        }));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsKerasResNet50)
#include "test_models_keras_resnet50.moc"

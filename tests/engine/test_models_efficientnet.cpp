// EfficientNet-B0 against torchvision: a random torchvision model saved as a state dict, a
// training checkpoint and safetensors must give torchvision's logits and pooled features; the
// registry, other input sizes, train/eval behaviour and stage training are checked natively.
#include <QtTest>

#include <set>

#include "featurelab/recipe.h"
#include "model_fixtures.h"
#include "models/network.h"
#include "recipe/layer_choice.h"
#include "test_support.h"

using namespace featurelab;

namespace {

const QStringList kArgs = {"efficientnet", "--out", modelfixtures::dir()};

std::string spec(const char* file) {
    return "efficientnet_b0:" + modelfixtures::path(QString::fromLatin1(file));
}

const LayerInfo& layerNamed(const std::vector<LayerInfo>& layers, const std::string& name) {
    for (const auto& l : layers)
        if (l.name == name) return l;
    throw std::runtime_error("no layer " + name);
}

std::vector<std::int64_t> shape(std::initializer_list<std::int64_t> s) { return s; }

/// Every parameter and buffer by its state-dict name, copied.
std::map<std::string, torch::Tensor> snapshot(torch::nn::Module& m) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : m.named_parameters(true)) out[p.key()] = p.value().detach().clone();
    for (const auto& b : m.named_buffers(true)) out[b.key()] = b.value().detach().clone();
    return out;
}

}  // namespace

class TestModelsEfficientNet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parity_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("torch.save state dict") << "efficientnet_b0.pth";
        QTest::newRow("training checkpoint") << "efficientnet_b0_checkpoint.pth";
        QTest::newRow("safetensors") << "efficientnet_b0.safetensors";
    }
    void parity() {
        QFETCH(QString, file);
        ENSURE_FIXTURE("efficientnet.done", kArgs);
        auto ref = modelfixtures::readRef("efficientnet_b0_ref.safetensors");
        auto net = createNetwork(BackboneSpec::parse(spec(qPrintable(file))));
        net->setTrainMode(false);
        torch::NoGradGuard noGrad;
        const auto& x = ref.at("input");
        const auto pooled = net->forwardSegments(x, 0, net->cutPoint("pool"));
        const auto logits =
            net->forwardSegments(pooled, net->cutPoint("pool"), net->segments().size());
        QCOMPARE(pooled.sizes().vec(), ref.at("pooled").sizes().vec());
        QCOMPARE(logits.sizes().vec(), ref.at("logits").sizes().vec());
        const double dPooled = modelfixtures::maxAbsDiff(pooled, ref.at("pooled"));
        const double dLogits = modelfixtures::maxAbsDiff(logits, ref.at("logits"));
        qInfo("%-32s max abs diff: pooled %.3g (|x| up to %.2f), logits %.3g (up to %.2f)",
              qPrintable(file), dPooled, ref.at("pooled").abs().max().item<double>(), dLogits,
              ref.at("logits").abs().max().item<double>());
        QVERIFY(dPooled < 1e-4);
        QVERIFY(dLogits < 1e-4);
    }

    void registry() {
        auto net = createNetwork(BackboneSpec::parse("efficientnet_b0"));
        const auto layers = net->layers();
        std::int64_t total = 0;
        for (const auto& l : layers) total += l.params;
        // torchvision's 5,288,548 parameters plus BatchNorm statistics (2 x 21,008).
        QCOMPARE(total, std::int64_t(5288548 + 2 * 21008));
        QCOMPARE(layerNamed(layers, "features.0.2").outputShape, shape({32, 112, 112}));
        // Stage 1 has no expansion: depthwise at block.0, squeeze-excitation at block.1 with
        // max(1, 32 // 4) = 8 channels, projection at block.2.
        QCOMPARE(layerNamed(layers, "features.1.0.block.0.0").kind, LayerKind::Depthwise);
        QCOMPARE(layerNamed(layers, "features.1.0.block.1.fc1").outputShape, shape({8, 1, 1}));
        QCOMPARE(layerNamed(layers, "features.1.0.block.1.fc1").kind, LayerKind::Conv);
        QCOMPARE(layerNamed(layers, "features.1.0.block.2.1").outputShape, shape({16, 112, 112}));
        // Later stages: expansion x6, squeeze width from the block's input (24 // 4 = 6).
        QCOMPARE(layerNamed(layers, "features.3.0.block.0.0").outputShape, shape({144, 56, 56}));
        QCOMPARE(layerNamed(layers, "features.3.0.block.1.0").outputShape, shape({144, 28, 28}));
        QCOMPARE(layerNamed(layers, "features.3.0.block.2.fc1").outputShape, shape({6, 1, 1}));
        QCOMPARE(layerNamed(layers, "features.3.1.block.2.fc1").outputShape, shape({10, 1, 1}));
        QCOMPARE(layerNamed(layers, "features.6.3.stochastic_depth").outputShape,
                 shape({192, 7, 7}));
        QCOMPARE(layerNamed(layers, "features.8.2").outputShape, shape({1280, 7, 7}));
        QCOMPARE(layerNamed(layers, "avgpool").outputShape, shape({1280}));
        QCOMPARE(layerNamed(layers, "classifier.1").outputShape, shape({1000}));
        // Stochastic depth only where torchvision uses it: on residual blocks.
        std::set<std::string> names;
        for (const auto& l : layers) names.insert(l.name);
        QVERIFY(!names.count("features.2.0.stochastic_depth"));  // stride 2
        QVERIFY(!names.count("features.7.0.stochastic_depth"));  // 192 -> 320
        QVERIFY(names.count("features.2.1.stochastic_depth"));
        // One segment per MBConv block; inner layers cut at their block.
        QCOMPARE(net->segments()[net->cutPoint("features.7.0.block.0.0")],
                 std::string("features.7.0"));
        QCOMPARE(net->segments()[net->cutPoint("penultimate")], std::string("classifier.0"));
        QCOMPARE(net->cutPoint("pool"), net->cutPoint("penultimate"));
    }

    void otherInputSize() {
        auto net = createNetwork(BackboneSpec::parse("efficientnet_b0@192"));
        QCOMPARE(net->preprocessing().width, 192);
        QCOMPARE(layerNamed(net->layers(), "features.8.2").outputShape, shape({1280, 6, 6}));
        net->setTrainMode(false);
        torch::NoGradGuard noGrad;
        const auto y =
            net->forwardSegments(torch::rand({1, 3, 192, 192}), 0, net->segments().size());
        QCOMPARE(y.sizes().vec(), shape({1, 1000}));
        QVERIFY(torch::isfinite(y).all().item<bool>());
    }

    void trainAndEvalModes() {
        ENSURE_FIXTURE("efficientnet.done", kArgs);
        auto net = createNetwork(BackboneSpec::parse(spec("efficientnet_b0.pth")));
        auto ref = modelfixtures::readRef("efficientnet_b0_ref.safetensors");
        const auto& x = ref.at("input");
        const std::size_t pool = net->cutPoint("pool"), n = net->segments().size();
        torch::NoGradGuard noGrad;
        net->setTrainMode(false);
        const auto eval1 = net->forwardSegments(x, 0, n);
        const auto evalPooled = net->forwardSegments(x, 0, pool);
        QVERIFY(torch::equal(eval1, net->forwardSegments(x, 0, n)));  // deterministic

        // BatchNorm frozen (kept in eval), convolutions training: only stochastic depth
        // makes the pooled features differ.
        for (const auto& l : net->layers())
            if (l.kind == LayerKind::BatchNorm) net->setTrainable(l.name, false);
        net->setTrainMode(true);
        torch::manual_seed(3);  // as the fixture: the same draws from torch's generator
        const auto depth = net->forwardSegments(x, 0, pool);
        const double depthOnly = modelfixtures::maxAbsDiff(depth, evalPooled);
        const double vsTorchvision = modelfixtures::maxAbsDiff(depth, ref.at("pooled_depth_seed3"));
        qInfo(
            "stochastic depth alone moves the pooled features by up to %.3g; max abs diff "
            "to torchvision's with the same seed %.3g",
            depthOnly, vsTorchvision);
        QVERIFY(depthOnly > 1e-3);
        QVERIFY(vsTorchvision < 1e-4);

        // Everything below the pool frozen: train mode there is inference (streamed features
        // equal cached ones), while the classifier's dropout still acts.
        for (const auto& l : net->layers())
            if (l.name != "classifier.1") net->setTrainable(l.name, false);
        net->setTrainMode(true);
        QVERIFY(torch::equal(net->forwardSegments(x, 0, pool), evalPooled));
        QVERIFY(!torch::equal(net->forwardSegments(x, 0, n), eval1));

        // Everything training (last: BatchNorm in batch mode updates its statistics).
        for (const auto& l : net->layers())
            if (l.params > 0) net->setTrainable(l.name, true);
        net->setTrainMode(true);
        QVERIFY(modelfixtures::maxAbsDiff(net->forwardSegments(x, 0, n), eval1) > 1e-2);
    }

    void stagesTrainOnlyTheirLayers_data() {
        QTest::addColumn<QString>("stage");
        QTest::newRow("last") << "last";
        QTest::newRow("conv") << "conv";
    }
    void stagesTrainOnlyTheirLayers() {
        QFETCH(QString, stage);
        ENSURE_FIXTURE("efficientnet.done", kArgs);
        auto net = createNetwork(BackboneSpec::parse(spec("efficientnet_b0.safetensors")));
        net->replaceHead(2);
        QCOMPARE(net->numOutputs(), 2);
        StageConfig config;
        config.name = stage.toStdString();
        const recipe::LayerChoice choice = recipe::chooseLayers(*net, config);
        recipe::applyChoice(*net, choice);
        if (stage == "conv") {
            QCOMPARE(net->segments()[choice.cut], std::string("features.7.0"));
            QVERIFY(choice.batchNormFrozen);
        } else {
            // The dropout before it has nothing to train: training starts at the classifier.
            QCOMPARE(net->segments()[choice.cut], std::string("classifier.1"));
        }
        const std::set<std::string> chosen(choice.layers.begin(), choice.layers.end());
        QVERIFY(chosen.count("classifier.1"));
        QCOMPARE(chosen.count("features.7.0.block.0.0"), std::size_t(stage == "conv"));
        QCOMPARE(chosen.count("features.8.0"), std::size_t(stage == "conv"));
        QVERIFY(!chosen.count("features.6.3.block.3.0"));
        QVERIFY(!chosen.count("features.8.1"));  // BatchNorm stays frozen

        const auto before = snapshot(net->module());
        std::vector<torch::Tensor> params;
        for (const auto& p : net->module().parameters())
            if (p.requires_grad()) params.push_back(p);
        torch::optim::Adam opt(params, torch::optim::AdamOptions(1e-3));
        torch::manual_seed(4);
        const auto x = torch::randn({4, 3, 96, 96});
        const auto target = torch::tensor({0, 1, 0, 1}, torch::kLong);
        net->setTrainMode(true);
        for (int step = 0; step < 3; ++step) {
            opt.zero_grad();
            torch::Tensor below;
            {
                torch::NoGradGuard noGrad;
                below = net->forwardSegments(x, 0, choice.cut);
            }
            const auto logits = net->forwardSegments(below, choice.cut, net->segments().size());
            torch::nn::functional::cross_entropy(logits, target).backward();
            opt.step();
        }
        int changed = 0;
        for (const auto& [name, old] : snapshot(net->module())) {
            const std::string layer = name.substr(0, name.rfind('.'));
            const bool trains = chosen.count(layer) > 0;
            const bool moved = !torch::equal(old, before.at(name));
            if (moved != trains)
                QFAIL(qPrintable(QString::fromStdString(name) +
                                 (moved ? " changed" : " did not change")));
            changed += moved;
        }
        qInfo("%s: %zu layers chosen, %d tensors changed", qPrintable(stage), chosen.size(),
              changed);
        QVERIFY(changed >= 2);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsEfficientNet)
#include "test_models_efficientnet.moc"

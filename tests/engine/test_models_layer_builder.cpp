// LayerBuilder on a small made-up architecture: module paths, derived and pinned cut points,
// the head swap, dropout's train/eval mode, a block's traced inner layers, and the conv stage
// starting at a row's convFrom.
#include <QtTest>

#include <algorithm>

#include "featurelab/error.h"
#include "models/layer_builder.h"
#include "models/network.h"
#include "models/trainability.h"
#include "recipe/layer_choice.h"
#include "test_support.h"

using namespace featurelab;
using namespace featurelab::arch;

namespace {

// conv1 bn1 relu1 | block (block.conv, block.bn, block.relu) | pool flatten | fc1 fc1_relu
// fc1_dropout | predictions
NetworkParts toyParts(const std::string& pin = "") {
    NetworkParts parts;
    LayerBuilder b(parts, std::make_shared<torch::nn::Module>());
    b.layer("stem.0", LayerKind::Conv, torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3)),
            nullptr, "conv1");
    b.layer("stem.1", LayerKind::BatchNorm, torch::nn::BatchNorm2d(4), nullptr, "bn1");
    b.op("relu1", LayerKind::Activation, [](const torch::Tensor& x) { return torch::relu(x); });
    auto conv = b.tracedInner("block.conv", LayerKind::Conv,
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(4, 4, 1)));
    auto bn = b.tracedInner("block.bn", LayerKind::BatchNorm, torch::nn::BatchNorm2d(4));
    auto relu = b.innerOp("block.relu", LayerKind::Activation);
    b.block("block",
            [=](const torch::Tensor& x) mutable { return relu(torch::relu(bn(conv(x)) + x)); });
    b.op("pool", LayerKind::Pool,
         [](const torch::Tensor& x) { return torch::max_pool2d(x, 2, 2); });
    b.op("flatten", LayerKind::Flatten, [](const torch::Tensor& x) { return x.flatten(1); });
    b.layer("classifier.0", LayerKind::Dense, torch::nn::Linear(4 * 3 * 3, 8), nullptr, "fc1");
    b.op("fc1_relu", LayerKind::Activation, [](const torch::Tensor& x) { return torch::relu(x); });
    b.dropout("fc1_dropout", 0.5, "classifier.2");
    b.head("classifier.3", 8, 5, "predictions");
    if (!pin.empty()) b.pinCut("pool", pin);
    b.finish();
    parts.architecture = "toy";
    parts.preprocessing = Preprocessing::torchvision(8);
    return parts;
}

std::size_t segmentIndex(const Network& net, const std::string& name) {
    const auto s = net.segments();
    return static_cast<std::size_t>(std::find(s.begin(), s.end(), name) - s.begin());
}

}  // namespace

class TestModelsLayerBuilder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modulesSitAtTheirPaths() {
        Network net(toyParts());
        const auto params = net.module().named_parameters(true);
        for (const char* key : {"stem.0.weight", "stem.1.running_mean", "block.conv.weight",
                                "block.bn.weight", "classifier.0.weight", "classifier.3.bias"})
            QVERIFY2(params.contains(key) || net.module().named_buffers(true).contains(key), key);
        QCOMPARE(net.findLayer("conv1")->modulePath, std::string("stem.0"));
        QCOMPARE(net.findLayer("classifier.3")->name, std::string("predictions"));
        QCOMPARE(net.findLayer("block.relu")->modulePath, std::string(""));
        // The registry lists inner layers in registration order, each once.
        std::vector<std::string> names;
        for (const auto& l : net.layerEntries()) names.push_back(l.name);
        QCOMPARE(names, (std::vector<std::string>{"conv1", "bn1", "relu1", "block.conv", "block.bn",
                                                  "block.relu", "pool", "flatten", "fc1",
                                                  "fc1_relu", "fc1_dropout", "predictions"}));
        QCOMPARE(net.segments(),
                 (std::vector<std::string>{"conv1", "bn1", "relu1", "block", "pool", "flatten",
                                           "fc1", "fc1_relu", "fc1_dropout", "predictions"}));
    }

    void takenPathsAndNamesAreRefused() {
        torch::nn::Module root;
        registerAt(root, "a.b.c", torch::nn::Linear(2, 2).ptr());
        QVERIFY_THROWS_EXCEPTION(Error, registerAt(root, "a.b.c", torch::nn::Linear(2, 2).ptr()));
        QVERIFY_THROWS_EXCEPTION(Error, registerAt(root, "a..d", torch::nn::Linear(2, 2).ptr()));
        NetworkParts parts;
        LayerBuilder b(parts, std::make_shared<torch::nn::Module>());
        b.op("x", LayerKind::Activation, [](const torch::Tensor& t) { return t; });
        QVERIFY_THROWS_EXCEPTION(Error, b.op("x", LayerKind::Pool, nullptr));
        QVERIFY_THROWS_EXCEPTION(Error, b.finish());  // no head
    }

    void cutsAreDerivedOrPinned() {
        Network net(toyParts());
        QCOMPARE(net.cutPoint("penultimate"), segmentIndex(net, "fc1_dropout"));
        QCOMPARE(net.cutPoint("dense_input"), segmentIndex(net, "fc1"));
        QCOMPARE(net.cutPoint("pool"), segmentIndex(net, "flatten"));  // after the last Pool
        Network pinned(toyParts("pool"));
        QCOMPARE(pinned.cutPoint("pool"), segmentIndex(pinned, "pool"));
        QVERIFY_THROWS_EXCEPTION(Error, toyParts("no_such_segment"));
    }

    void headSwapKeepsItsPath() {
        Network net(toyParts());
        QCOMPARE(net.numOutputs(), 5);
        net.replaceHead(3);
        QCOMPARE(net.numOutputs(), 3);
        const auto params = net.module().named_parameters(true);
        QCOMPARE(params["classifier.3.weight"].sizes().vec(), (std::vector<std::int64_t>{3, 8}));
        net.module().eval();
        const auto y = net.forwardSegments(torch::rand({2, 3, 8, 8}), 0, net.segments().size());
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(net.layers().back().outputShape, (std::vector<std::int64_t>{3}));
    }

    void dropoutFollowsTrainMode() {
        Network net(toyParts());
        const std::size_t d = segmentIndex(net, "fc1_dropout");
        const auto x = torch::ones({4, 64});
        net.setTrainMode(false);
        QVERIFY(torch::equal(net.forwardSegments(x, d, d + 1), x));
        net.setTrainMode(true);
        QVERIFY((net.forwardSegments(x, d, d + 1) == 0).any().item<bool>());
        QVERIFY(net.module().named_modules("", false)["classifier.2"]->is_training());
    }

    void blockReportsItsInnerLayers() {
        Network net(toyParts());
        std::map<std::string, std::vector<std::int64_t>> shapes;
        for (const auto& l : net.layers()) shapes[l.name] = l.outputShape;
        for (const char* inner : {"block.conv", "block.bn", "block.relu"})
            QCOMPARE(shapes[inner], (std::vector<std::int64_t>{4, 6, 6}));
        QCOMPARE(net.cutPoint("block.conv"), segmentIndex(net, "block"));
        // Wired by the builder, not guessed from names.
        const auto seg = layerSegments(net);
        const auto layers = net.layers();
        for (std::size_t i = 0; i < layers.size(); ++i)
            QCOMPARE(net.findLayer(layers[i].name)->segment, std::ptrdiff_t(seg[i]));
        QCOMPARE(net.findLayer("block.relu")->segment, std::ptrdiff_t(segmentIndex(net, "block")));
        QCOMPARE(net.findLayer("fc1")->segment, std::ptrdiff_t(segmentIndex(net, "fc1")));
    }

    void convStageStartsAtTheRowsConvFrom() {
        StageConfig conv;
        conv.name = "conv";
        NetworkParts parts = toyParts();
        Network fourthLast(toyParts());  // two convs only: the first is the default
        QCOMPARE(recipe::chooseLayers(fourthLast, conv).layers.front(), std::string("conv1"));
        parts.convFrom = "block.conv";
        Network fromRow(std::move(parts));
        const auto choice = recipe::chooseLayers(fromRow, conv);
        QCOMPARE(choice.layers.front(), std::string("block.conv"));
        QCOMPARE(choice.cut, segmentIndex(fromRow, "block"));
        conv.fromLayer = "conv1";  // the stage's own choice wins over the row's
        QCOMPARE(recipe::chooseLayers(fromRow, conv).layers.front(), std::string("conv1"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsLayerBuilder)
#include "test_models_layer_builder.moc"

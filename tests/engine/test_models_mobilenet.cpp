// MobileNet v1 (Keras HDF5) against a NumPy reference forward pass on real photos, plus the
// registry, cut points, head replacement and trainability contract.
#include <QtTest>

#include "featurelab/error.h"
#include "model_fixtures.h"
#include "models/network.h"
#include "models/trainability.h"
#include "test_support.h"

using namespace featurelab;

class TestModelsMobilenet : public QObject {
    Q_OBJECT

    static QStringList photos() {
        QStringList out;
        for (int i = 4001; i <= 4016; ++i)
            out << testsupport::dogscatsDir() + QString("/valid/cats/cat.%1.jpg").arg(i);
        for (int i = 4001; i <= 4004; ++i)
            out << testsupport::dogscatsDir() + QString("/valid/dogs/dog.%1.jpg").arg(i);
        return out;
    }
    static std::string spec() {
        return "mobilenet_v1_0.25:" + testsupport::mobilenetWeights().toStdString();
    }

private Q_SLOTS:
    void matchesNumpyReference() {
        SKIP_WITHOUT_SHARED();
        ENSURE_FIXTURE("mobilenet.done",
                       QStringList{"mobilenet", "--weights", testsupport::mobilenetWeights(),
                                   "--out", modelfixtures::dir()} +
                           photos());
        auto ref = modelfixtures::readRef("mobilenet_v1_ref.safetensors");
        auto net = createNetwork(BackboneSpec::parse(spec()));
        QCOMPARE(net->preprocessing().width, 128);
        QCOMPARE(net->numOutputs(), 1000);
        net->module().eval();
        torch::NoGradGuard noGrad;
        const auto n = net->segments().size();
        const auto logits = net->forwardSegments(ref["input"], 0, n);
        const double diff = modelfixtures::maxAbsDiff(logits, ref["logits"]);
        qInfo("mobilenet_v1_0.25 vs NumPy: max abs logit diff %.3g (logits up to %.1f)", diff,
              ref["logits"].abs().max().item<double>());
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));

        // The pooled features at the "pool" cut point, and resuming from there.
        const auto pool = net->cutPoint("pool");
        const auto pooled = net->forwardSegments(ref["input"], 0, pool);
        QVERIFY(modelfixtures::maxAbsDiff(pooled, ref["pooled"]) < 1e-4);
        QVERIFY(modelfixtures::maxAbsDiff(net->forwardSegments(pooled, pool, n), logits) < 1e-5);

        // Real photos: dogs get dog breeds, most cats a cat class in their top 5.
        const auto top5 = std::get<1>(logits.topk(5, 1));
        int cats = 0, dogs = 0;
        for (int i = 0; i < 16; ++i) {
            bool cat = false;
            for (int r = 0; r < 5; ++r) {
                const auto c = top5[i][r].item<std::int64_t>();
                cat = cat || (c >= 281 && c <= 285);
            }
            cats += cat;
        }
        for (int i = 16; i < 20; ++i) {
            const auto c = top5[i][0].item<std::int64_t>();
            dogs += c >= 151 && c <= 268;
        }
        qInfo("cats with a cat class in the top 5: %d/16; dogs with a breed on top: %d/4", cats,
              dogs);
        QVERIFY(cats >= 8);
        QVERIFY(dogs >= 3);
    }

    void registryMatchesKeras() {
        SKIP_WITHOUT_SHARED();
        auto net = createNetwork(BackboneSpec::parse(spec()));
        const auto layers = net->layers();
        std::int64_t total = 0;
        for (const auto& l : layers) total += l.params;
        QCOMPARE(total, std::int64_t(475544));  // Keras' count for this file
        QCOMPARE(layers.front().name, std::string("conv1"));
        QCOMPARE(layers.front().outputShape, (std::vector<std::int64_t>{8, 64, 64}));
        const auto it = std::find_if(layers.begin(), layers.end(), [](const LayerInfo& l) {
            return l.name == "conv_pw_13_relu";
        });
        QVERIFY(it != layers.end());
        QCOMPARE(it->outputShape, (std::vector<std::int64_t>{256, 4, 4}));
        QCOMPARE(layers.back().name, std::string("conv_preds"));
        QCOMPARE(layers.back().kind, LayerKind::Dense);
        QCOMPARE(layers.back().params, std::int64_t(257000));
        QVERIFY_THROWS_EXCEPTION(Error, net->cutPoint("no_such_point"));
    }

    void tfSamePaddingIsAsymmetric() {
        // An odd input size exercises the general TF rule, not just ZeroPadding((0,1),(0,1)).
        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.5@97"));
        net->module().eval();
        torch::NoGradGuard noGrad;
        QCOMPARE(net->preprocessing().width, 97);
        const auto first = net->cutPoint("conv1_bn");
        const auto y = net->forwardSegments(torch::ones({1, 3, 97, 97}), 0, first);
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{1, 16, 49, 49}));
        const auto y2 = net->forwardSegments(torch::ones({1, 3, 96, 96}), 0, first);
        QCOMPARE(y2.sizes().vec(), (std::vector<std::int64_t>{1, 16, 48, 48}));
        // With the padding only at the bottom/right, the top-left output sees no zeros: on a
        // constant image it equals an interior output; the bottom-right one differs.
        QVERIFY((y2[0].select(1, 0).select(1, 0) - y2[0].select(1, 10).select(1, 10))
                    .abs()
                    .max()
                    .item<float>() < 1e-5);
        QVERIFY((y2[0].select(1, 47).select(1, 47) - y2[0].select(1, 10).select(1, 10))
                    .abs()
                    .max()
                    .item<float>() > 1e-4);
    }

    void headReplacementAndTrainability() {
        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25"));
        const auto penultimate = net->cutPoint("penultimate");
        QCOMPARE(net->segments()[penultimate], std::string("dropout"));
        net->replaceHead(2);
        QCOMPARE(net->numOutputs(), 2);
        QCOMPARE(net->layers().back().outputShape, (std::vector<std::int64_t>{2}));
        auto names = net->module().named_parameters();
        QVERIFY(names.contains("conv_preds.weight"));
        QCOMPARE(names["conv_preds.weight"].sizes().vec(), (std::vector<std::int64_t>{2, 256}));

        for (const auto& l : net->layers()) net->setTrainable(l.name, false);
        net->setTrainable("conv_preds", true);
        net->setTrainable("conv_pw_13_bn", true);
        std::int64_t trainable = 0;
        for (const auto& p : net->module().parameters())
            if (p.requires_grad()) trainable += p.numel();
        QCOMPARE(trainable, std::int64_t(2 * 256 + 2 + 2 * 256));
        net->setTrainMode(true);
        auto modules = net->module().named_modules("", false);
        QVERIFY(!modules["conv_pw_12_bn"]->is_training());  // frozen BN stays in eval mode
        QVERIFY(modules["conv_pw_13_bn"]->is_training());
        QVERIFY(modules["dropout"]->is_training());
        QVERIFY_THROWS_EXCEPTION(Error, net->setTrainable("nope", true));
    }

    void trainabilityByRangeAndKind() {
        auto net = createNetwork(BackboneSpec::parse("resnet18"));
        setTrainableFrom(*net, "layer4.0.conv1");
        bool seen = false;
        std::int64_t expected = 0;
        for (const auto& l : net->layers()) {
            seen = seen || l.name == "layer4.0.conv1";
            if (l.params == 0) continue;
            QVERIFY2(l.trainable == seen, l.name.c_str());
            if (seen) expected += l.kind == LayerKind::BatchNorm ? l.params / 2 : l.params;
        }
        std::int64_t trainable = 0;
        for (const auto& p : net->module().parameters())
            if (p.requires_grad()) trainable += p.numel();
        QCOMPARE(trainable, expected);
        net->setTrainMode(true);
        auto modules = net->module().named_modules("", false);
        QVERIFY(!modules["layer3.1.bn2"]->is_training());
        QVERIFY(modules["layer4.0.bn1"]->is_training());

        setAllTrainable(*net, false);
        QCOMPARE(setTrainableByKind(*net, layerKindFromName("dense"), true), 1);
        trainable = 0;
        for (const auto& p : net->module().parameters())
            if (p.requires_grad()) trainable += p.numel();
        QCOMPARE(trainable, std::int64_t(512 * 1000 + 1000));
        QVERIFY_THROWS_EXCEPTION(Error, layerKindFromName("dense_layers"));
        QVERIFY_THROWS_EXCEPTION(Error, setTrainableFrom(*net, "layer9"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsMobilenet)
#include "test_models_mobilenet.moc"

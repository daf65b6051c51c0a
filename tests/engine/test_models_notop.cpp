// Keras include_top=False ("notop") weights files: everything below the classifier loads exactly
// as from the full file, the classifier is reported as untrained, classify and the 'linear'
// stage refuse with a clear sentence, and the other stages train the random classifier too.
// The notop files are cut here from the real MobileNet and the generated Keras VGG16 fixtures.
#include <QTemporaryDir>
#include <QtTest>

#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "features/network_features.h"
#include "model_fixtures.h"
#include "models/keras_h5.h"
#include "models/network.h"
#include "recipe/layer_choice.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

const QStringList kKerasArgs = {"keras_vgg16", "--out", modelfixtures::dir()};

/// Writes source without the named layers: what Keras saves for include_top=False.
void writeWithout(const std::string& source, const std::string& target,
                  const std::set<std::string>& drop) {
    keras::File f = keras::read(source);
    std::vector<keras::Layer> kept;
    for (auto& l : f.layers)
        if (!drop.count(l.name)) kept.push_back(std::move(l));
    f.layers = std::move(kept);
    keras::write(target, f);
}

/// Features at a cut for a fixed random batch.
torch::Tensor featuresAt(Network& net, std::size_t cut, int size) {
    torch::manual_seed(11);
    const torch::Tensor x = torch::randn({2, 3, size, size});
    net.module().eval();
    torch::NoGradGuard ng;
    return net.forwardSegments(x, 0, cut);
}

ErrorCode codeOf(const std::function<void()>& fn, std::string* message = nullptr) {
    try {
        fn();
    } catch (const Error& e) {
        if (message) *message = e.what();
        return e.code();
    }
    return ErrorCode::Internal;  // did not throw
}

}  // namespace

class TestModelsNotop : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string at(const char* name) { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void mobilenetNotop() {
        SKIP_WITHOUT_SHARED();
        const std::string full = testsupport::mobilenetWeights().toStdString();
        const std::string notop = at("mobilenet_notop.h5");
        writeWithout(full, notop,
                     {"conv_preds", "reshape_1", "dropout", "act_softmax", "reshape_2"});
        auto a = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25:" + full));
        auto b = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25:" + notop));
        QVERIFY(a->untrainedTop.empty());
        QCOMPARE(b->untrainedTop, std::vector<std::string>{"conv_preds"});
        const std::size_t cut = b->cutPoint("penultimate");
        QVERIFY(torch::equal(featuresAt(*a, cut, 128), featuresAt(*b, cut, 128)));

        const BackboneDescription d = describeBackbone("mobilenet_v1_0.25:" + notop);
        QCOMPARE(d.untrainedTop, std::vector<std::string>{"conv_preds"});
        QVERIFY(formatSummary(d).find("include_top=False") != std::string::npos);

        std::string why;
        QCOMPARE(
            codeOf(
                [&] {
                    classifyImages(
                        "mobilenet_v1_0.25:" + notop,
                        {(testsupport::dogscatsDir() + "/valid/cats/cat.4001.jpg").toStdString()});
                },
                &why),
            ErrorCode::BadWeights);
        QVERIFY2(why.find("no ImageNet classifier") != std::string::npos, why.c_str());

        // A file missing a layer that is not the classifier still does not load.
        const std::string holed = at("mobilenet_holed.h5");
        writeWithout(full, holed, {"conv_pw_3"});
        QCOMPARE(
            codeOf([&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25:" + holed)); }, &why),
            ErrorCode::BadWeights);
        QVERIFY2(why.find("missing layers: conv_pw_3") != std::string::npos, why.c_str());
    }

    void recipeRefusesLinearAndTrainsTheRest() {
        SKIP_WITHOUT_SHARED();
        const std::string notop = at("mobilenet_notop2.h5");
        writeWithout(testsupport::mobilenetWeights().toStdString(), notop, {"conv_preds"});
        const QString data = tmp_.filePath("colours");
        recipedata::makeColourFolder(data, 8, 4, 0);
        RecipeConfig c;
        c.dataDir = data.toStdString();
        c.outDir = tmp_.filePath("run").toStdString();
        c.cacheDir = tmp_.filePath("cache").toStdString();
        c.backbone = "mobilenet_v1_0.25:" + notop;
        c.threads = 1;
        c.workers = 1;
        c.stages = {RecipeConfig::defaultStage("linear")};
        JobObserver quiet;
        try {
            runRecipe(c, {nullptr, &quiet});
            QFAIL("the linear stage ran on a notop file");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QCOMPARE(e.hint().action, HintAction::StartAtStage);
            QCOMPARE(e.hint().argument, std::string("last"));
            QVERIFY2(QString(e.what()).contains("Start at the 'last' stage"), e.what());
        }

        StageConfig last = RecipeConfig::defaultStage("last");
        last.epochs = 2;
        last.batchSize = 4;
        c.stages = {last};
        const RecipeResult r = runRecipe(c, {nullptr, &quiet});
        QCOMPARE(int(r.stages.size()), 1);
        QCOMPARE(r.valid.size(), std::size_t(8));
    }

    void vgg16Notop_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("drop");
        QTest::newRow("tf ordering, by name")
            << "vgg16_keras_tf.h5" << QStringList{"fc1", "fc2", "predictions", "flatten"};
        QTest::newRow("th ordering, by order") << "vgg16_keras_th.h5" << QStringList{};
    }
    void vgg16Notop() {
        QFETCH(QString, file);
        QFETCH(QStringList, drop);
        ENSURE_FIXTURE("keras_vgg16.done", kKerasArgs);
        const std::string full = modelfixtures::path(file);
        std::set<std::string> names;
        for (const QString& d : drop) names.insert(d.toStdString());
        if (names.empty()) {  // the Theano file's own names: its last three weighted layers
            const keras::File f = keras::read(full);
            std::vector<std::string> weighted;
            for (const auto& l : f.layers)
                if (!l.weights.empty()) weighted.push_back(l.name);
            names.insert(weighted.end() - 3, weighted.end());
        }
        const std::string notop = at("vgg16_notop.h5");
        writeWithout(full, notop, names);
        auto a = createNetwork(BackboneSpec::parse("vgg16:" + full));
        auto b = createNetwork(BackboneSpec::parse("vgg16:" + notop));
        QCOMPARE(b->untrainedTop, (std::vector<std::string>{"fc1", "fc2", "predictions"}));
        const std::size_t cut = b->cutPoint("dense_input");
        QVERIFY(torch::equal(featuresAt(*a, cut, 64), featuresAt(*b, cut, 64)));

        // 'last' would otherwise put a new classifier on random fc2 features: it trains fc1
        // and fc2 as well, and says so.
        const recipe::LayerChoice choice =
            recipe::chooseLayers(*b, RecipeConfig::defaultStage("last"));
        for (const char* l : {"fc1", "fc2", "predictions"})
            QVERIFY2(
                std::find(choice.layers.begin(), choice.layers.end(), l) != choice.layers.end(), l);
        QCOMPARE(choice.cut, cut);
        QVERIFY2(choice.note.find("no top") != std::string::npos, choice.note.c_str());
        // Features through the random classifier are refused; below it they are fine.
        QCOMPARE(codeOf([&] { networkExtractor(b, "penultimate"); }), ErrorCode::BadWeights);
        QCOMPARE(codeOf([&] { networkExtractor(b, "probs"); }), ErrorCode::BadWeights);
        networkExtractor(b, "pool");
        networkExtractor(a, "penultimate");

        // With the full file, 'last' keeps fc1 and fc2 frozen.
        const recipe::LayerChoice withTop =
            recipe::chooseLayers(*a, RecipeConfig::defaultStage("last"));
        QVERIFY(std::find(withTop.layers.begin(), withTop.layers.end(), "fc1") ==
                withTop.layers.end());
        QVERIFY(withTop.cut > cut);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsNotop)
#include "test_models_notop.moc"

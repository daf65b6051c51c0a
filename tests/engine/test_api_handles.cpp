// The handle API: a Backbone and a TrainedModel load their weights once (counted, not timed),
// answer every later question from memory, and agree with what the run itself predicted.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/runtime.h"
#include "featurelab/trained_model.h"
#include "models/network.h"
#include "models/weights_io.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

class TestApiHandles : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_, run_;
    std::string spec_;
    RecipeResult ran_;

    std::string image(const char* rel) const { return (data_ + "/" + rel).toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        data_ = tmp_.filePath("data");
        recipedata::makeColourFolder(data_, 8, 4, 0);
        // A weights file of our own (random ResNet-18 in torchvision names), so that the
        // backbone has something to load and the loads can be counted.
        torch::manual_seed(3);
        auto net = createNetwork(BackboneSpec::parse("resnet18@32"));
        const std::string weights = tmp_.filePath("resnet18.safetensors").toStdString();
        writeSafetensors(weights, networkStateDict(*net), {});
        spec_ = "resnet18@32:" + weights;
        run_ = tmp_.filePath("run");
        RecipeConfig c =
            recipedata::tinyRecipe(data_, run_, tmp_.filePath("cache"), {"linear", "last"}, 1);
        c.backbone = spec_;
        ran_ = runRecipe(c);
    }

    void backboneLoadsOnce() {
        const std::uint64_t before = weightsLoadCount();
        const Backbone b = Backbone::open(spec_);
        QCOMPARE(weightsLoadCount(), before + 1);
        QVERIFY(QString::fromStdString(b.summary()).contains("resnet18"));
        QCOMPARE(b.description().architecture, std::string("resnet18@32"));
        const auto top =
            b.classify({image("valid/red/0.bmp"), image("valid/blue/0.bmp"), image("nope.bmp")});
        QCOMPARE(top.size(), std::size_t(3));
        QCOMPARE(top[0].top.size(), std::size_t(5));
        QVERIFY(top[0].error.empty());
        QVERIFY(!top[2].error.empty());  // a missing file is that file's error, not the call's
        const FeatureRows f =
            b.features({image("valid/red/0.bmp"), image("valid/blue/1.bmp")}, "penultimate");
        QCOMPARE(f.paths.size(), std::size_t(2));
        QCOMPARE(f.shape, (std::vector<std::int64_t>{512}));
        QCOMPARE(f.values.size(), std::size_t(2 * 512));
        const Backbone copy = b;  // a handle: copies share the loaded network
        copy.classify({image("valid/red/1.bmp")});
        QCOMPARE(weightsLoadCount(), before + 1);
    }

    void trainedModelLoadsOnceAndAgreesWithTheRun() {
        const std::uint64_t before = weightsLoadCount();
        const TrainedModel m = TrainedModel::open(run_.toStdString());
        QCOMPARE(weightsLoadCount(), before + 1);
        QCOMPARE(m.classes(), (std::vector<std::string>{"blue", "red"}));
        QCOMPARE(m.stage(), ran_.stages[static_cast<std::size_t>(ran_.bestStage)].stage);
        QCOMPARE(m.backboneSpec(), spec_);
        // The run's own validation predictions come from the same weights.
        for (const PredictionRow& row : ran_.valid) {
            const ImagePrediction p = m.predict(image(row.path.c_str()));
            QCOMPARE(p.predicted, row.predicted);
            for (std::size_t c = 0; c < 2; ++c) QVERIFY(std::abs(p.probs[c] - row.probs[c]) < 1e-4);
        }
        // The inspector's clicks: the first ImageNet top-5 opens the backbone, later ones and
        // every prediction reuse what is loaded.
        const ImageClassification first = m.imagenetTop(image("valid/red/0.bmp"));
        QCOMPARE(first.top.size(), std::size_t(5));
        QCOMPARE(weightsLoadCount(), before + 2);
        m.imagenetTop(image("valid/blue/0.bmp"));
        m.predict(image("valid/blue/0.bmp"));
        const auto batch = m.predict({image("valid/red/2.bmp"), image("missing.bmp")});
        QVERIFY(batch[0].error.empty() && !batch[1].error.empty());
        QCOMPARE(weightsLoadCount(), before + 2);
    }

    void weightsProblemsCarryAHint() {
        try {
            Backbone::open("resnet18@32:" + tmp_.filePath("missing.safetensors").toStdString());
            QFAIL("opened a missing weights file");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::NotFound);
            QCOMPARE(e.hint().action, HintAction::ChooseWeights);
        }
        QFile junk(tmp_.filePath("junk.pth"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("these are not weights at all");
        junk.close();
        try {
            Backbone::open("resnet18:" + junk.fileName().toStdString());
            QFAIL("opened junk");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadWeights);
            QCOMPARE(e.hint().action, HintAction::ChooseWeights);
            QCOMPARE(e.hint().argument, junk.fileName().toStdString());
        }
        // A model trained from random weights has no ImageNet classes to show.
        const QString randomRun = tmp_.filePath("random-run");
        RecipeConfig c =
            recipedata::tinyRecipe(data_, randomRun, tmp_.filePath("cache"), {"last"}, 1);
        runRecipe(c);
        try {
            TrainedModel::open(randomRun.toStdString()).imagenetTop(image("valid/red/0.bmp"));
            QFAIL("random weights named ImageNet classes");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadWeights);
        }
    }

    void cancelledBeforeLoadingLoadsNothing() {
        CancelToken token;
        token.cancel();
        const std::uint64_t before = weightsLoadCount();
        try {
            TrainedModel::open(run_.toStdString(), JobControl{&token, nullptr});
            QFAIL("a cancelled open went on");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QCOMPARE(weightsLoadCount(), before);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestApiHandles)
#include "test_api_handles.moc"

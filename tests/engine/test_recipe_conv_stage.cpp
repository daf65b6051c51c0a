// The conv stage's three ways to see the training images, told apart by what they decode:
// cached features (one pass), streamed augmented images (one pass per epoch) and cached
// features of K augmented copies (K passes, whatever the epochs). Generated colour images,
// random-weight ResNet-18 at 32x32.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "data/image.h"
#include "featurelab/recipe.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

RecipeConfig config(const QString& data, const QString& out, const QString& cache) {
    RecipeConfig c;
    c.dataDir = data.toStdString();
    c.outDir = out.toStdString();
    c.cacheDir = cache.toStdString();
    c.backbone = "resnet18@32";
    c.threads = 1;
    c.workers = 1;
    StageConfig last = RecipeConfig::defaultStage("last");
    last.epochs = 2;
    last.batchSize = 8;
    last.lrSteps.clear();
    c.stages.push_back(last);
    return c;
}

}  // namespace

class TestRecipeConvStage : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, cache_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        data_ = dir_.filePath("colours");
        cache_ = dir_.filePath("cache");
        recipedata::makeColourFolder(data_, 20, 10, 0);  // 40 train, 20 valid images
        // Warm the feature cache: 'last' then decodes nothing, and a run's decodes are conv's.
        runRecipe(config(data_, dir_.filePath("warm"), cache_));
    }

    void decodesPerWay_data() {
        QTest::addColumn<bool>("augment");
        QTest::addColumn<int>("copies");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<int>("decodes");
        QTest::addColumn<QString>("note");
        // train + valid once, at the cut.
        QTest::newRow("cached features") << false << 0 << 3 << 60 << "BatchNorm frozen";
        // valid once at the cut, train once per epoch.
        QTest::newRow("streamed") << true << 0 << 3 << 140 << "augmented images";
        // valid once, train once per copy: three epochs on two copies.
        QTest::newRow("2 copies") << true << 2 << 3 << 100 << "2 augmented copies";
        QTest::newRow("1 copy, reused") << true << 1 << 2 << 60 << "1 augmented copy of";
    }
    void decodesPerWay() {
        QFETCH(bool, augment);
        QFETCH(int, copies);
        QFETCH(int, epochs);
        QFETCH(int, decodes);
        QFETCH(QString, note);
        const QString out =
            dir_.filePath(QString("run-%1-%2-%3").arg(augment).arg(copies).arg(epochs));
        RecipeConfig c = config(data_, out, cache_);
        StageConfig conv = RecipeConfig::defaultStage("conv");
        conv.epochs = epochs;
        conv.batchSize = 8;
        conv.augment = augment;
        conv.augmentCopies = copies;
        c.stages.push_back(conv);
        const auto before = decodedImageCount();
        const RecipeResult r = runRecipe(c);
        QCOMPARE(int(decodedImageCount() - before), decodes);
        QCOMPARE(r.stages.size(), std::size_t(2));
        QCOMPARE(r.stages[1].epochs, epochs);
        QVERIFY2(QString::fromStdString(r.stages[1].note).contains(note), r.stages[1].note.c_str());
        QCOMPARE(r.stages[1].settings.augmentCopies, copies);
        QFile m(out + "/metrics.json");
        QVERIFY(m.open(QIODevice::ReadOnly));
        const QJsonObject settings = QJsonDocument::fromJson(m.readAll())
                                         .object()["stages"]
                                         .toArray()[1]
                                         .toObject()["settings"]
                                         .toObject();
        QCOMPARE(settings["augment_copies"].toInt(), copies);
        QCOMPARE(settings["augment"].toBool(), augment);
    }

    void firstPassKeepsTheConvCut() {
        // linear's pass through a cold cache also keeps the features below conv's layers: every
        // image is decoded once in the whole run. From a warm cache, conv decodes them itself,
        // and trains on the same features either way.
        auto run = [&](const QString& out, const QString& cache) {
            RecipeConfig c = config(data_, dir_.filePath(out), cache);
            c.workers = 2;  // batches extracted by two decode workers at once, in any order
            c.stages.clear();
            for (const char* name : {"linear", "last", "conv"}) {
                StageConfig s = RecipeConfig::defaultStage(name);
                s.epochs = 2;
                s.batchSize = 8;
                s.lrSteps.clear();
                s.augment = false;
                c.stages.push_back(s);
            }
            const auto before = decodedImageCount();
            const RecipeResult r = runRecipe(c);
            return std::make_pair(int(decodedImageCount() - before), r.stages[2]);
        };
        const auto [coldDecodes, cold] = run("cold", dir_.filePath("cold-cache"));
        QCOMPARE(coldDecodes, 60);
        const auto [warmDecodes, warm] = run("warm", dir_.filePath("cold-cache"));
        QCOMPARE(warmDecodes, 60);  // linear from the cache, conv's own pass
        QCOMPARE(warm.validLoss, cold.validLoss);
        QCOMPARE(warm.curve[0].trainLoss, cold.curve[0].trainLoss);
    }

    void copiesAreSeeded() {
        auto once = [&](const QString& out, std::uint64_t seed) {
            RecipeConfig c = config(data_, dir_.filePath(out), cache_);
            c.seed = seed;
            StageConfig conv = RecipeConfig::defaultStage("conv");
            conv.epochs = 2;
            conv.batchSize = 8;
            conv.augment = true;
            conv.augmentCopies = 2;
            c.stages.push_back(conv);
            return runRecipe(c).stages[1];
        };
        const StageResult a = once("seed-a", 42), b = once("seed-b", 42);
        QCOMPARE(a.validLoss, b.validLoss);
        QCOMPARE(a.curve[0].trainLoss, b.curve[0].trainLoss);
        QCOMPARE(a.curve[1].trainLoss, b.curve[1].trainLoss);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipeConvStage)
#include "test_recipe_conv_stage.moc"

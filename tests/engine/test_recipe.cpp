// runRecipe and predictImages end to end on generated colour images (random-weight MobileNet
// at 32x32) and on a small subset of the shared dogs-vs-cats data with the real MobileNet.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/error.h"
#include "data/image.h"
#include "featurelab/recipe.h"
#include "featurelab/predict.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

// Random-weight ResNet features keep colour apart (MobileNet's ReLU6 chain saturates at random
// init); 32x32 keeps every stage well under a second.
const char* kTinyNet = "resnet18@32";

struct Recorder : JobObserver {
    std::vector<EpochMetrics> epochs;
    std::vector<std::string> messages;
    CancelToken* cancelOnEpoch = nullptr;
    void onMessage(const std::string& m) override { messages.push_back(m); }
    void onEpoch(const EpochMetrics& m) override {
        epochs.push_back(m);
        if (cancelOnEpoch) cancelOnEpoch->cancel();
    }
};

RecipeConfig config(const QString& data, const QString& out,
                    const std::vector<std::string>& stages) {
    RecipeConfig c;
    c.dataDir = data.toStdString();
    c.outDir = out.toStdString();
    c.backbone = kTinyNet;
    c.threads = 1;
    c.workers = 1;
    for (const auto& s : stages) {
        StageConfig st = RecipeConfig::defaultStage(s);
        st.epochs = s == "linear" || s == "last" ? 6 : 1;
        st.batchSize = 8;
        st.lrSteps.clear();
        c.stages.push_back(st);
    }
    return c;
}

QString readText(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

}  // namespace

class TestRecipe : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        data_ = dir_.filePath("colours");
        recipedata::makeColourFolder(data_, 20, 10, 6);
    }

    void allFourStagesWriteTheRunFolder() {
        const QString out = dir_.filePath("run-all");
        Recorder rec;
        const RecipeResult r =
            runRecipe(config(data_, out, {"linear", "last", "dense", "conv"}), {nullptr, &rec});
        QCOMPARE(r.stages.size(), std::size_t(4));
        QCOMPARE(r.classes, (std::vector<std::string>{"blue", "red"}));
        QCOMPARE(rec.epochs.size(), std::size_t(6 + 6 + 1 + 1));
        QVERIFY(r.bestStage >= 0);
        // Chance is 0.5; the colours are easy even for random conv features.
        QVERIFY2(r.stages[1].validAcc >= 0.9, qPrintable(QString::number(r.stages[1].validAcc)));
        QVERIFY(r.stages[0].trainableParams == 1000 * 2 + 2);
        QVERIFY(r.stages[1].trainableParams == 512 * 2 + 2);  // resnet18: 512 features
        QVERIFY(r.stages[3].trainableParams > r.stages[2].trainableParams);
        QVERIFY(QString::fromStdString(r.stages[2].note).contains("no dense block"));
        QCOMPARE(r.valid.size(), std::size_t(20));
        QCOMPARE(r.test.size(), std::size_t(6));
        for (const char* f : {"metrics.json", "confusion.csv", "valid_predictions.csv",
                              "views.json", "model.safetensors", "submission.csv",
                              "stages/1-linear.safetensors", "stages/4-conv.safetensors"})
            QVERIFY2(QFile::exists(out + "/" + f), f);

        const QJsonObject m =
            QJsonDocument::fromJson(readText(out + "/metrics.json").toUtf8()).object();
        QCOMPARE(m["backbone"].toString(), QString(kTinyNet));
        QCOMPARE(m["classes"].toArray().size(), 2);
        const QJsonArray stages = m["stages"].toArray();
        QCOMPARE(stages.size(), 4);
        QCOMPARE(stages[0]["stage"].toString(), QString("linear"));
        QCOMPARE(stages[0]["epochs"].toArray().size(), 6);
        for (const char* k : {"seconds", "trainable_params", "valid_acc", "valid_loss"})
            QVERIFY2(stages[3].toObject().contains(k), k);
        const QJsonObject e = stages[1]["epochs"].toArray()[0].toObject();
        QCOMPARE(e["epoch"].toInt(), 1);
        for (const char* k : {"train_loss", "train_acc", "valid_loss", "valid_acc"})
            QVERIFY2(e.contains(k), k);
        QCOMPARE(stages[1]["valid_acc"].toDouble(), r.stages[1].validAcc);

        const QStringList pred =
            readText(out + "/valid_predictions.csv").split('\n', Qt::SkipEmptyParts);
        QCOMPARE(pred.size(), 21);
        QCOMPARE(pred[0], QString("path,true,predicted,blue,red"));
        QVERIFY(pred[1].startsWith("valid/blue/0.bmp,blue,"));
        const QStringList sub = readText(out + "/submission.csv").split('\n', Qt::SkipEmptyParts);
        QCOMPARE(sub.size(), 7);
        QCOMPARE(sub[0], QString("id,label"));
        QVERIFY(sub[1].startsWith("1,"));
        QVERIFY(readText(out + "/confusion.csv").startsWith("true\\predicted,blue,red\n"));
        const QJsonObject views =
            QJsonDocument::fromJson(readText(out + "/views.json").toUtf8()).object();
        QVERIFY(views.contains("most_uncertain"));
        QCOMPARE(views["most_confident_correct"].toObject().keys(), QStringList({"blue", "red"}));

        // predict with the saved model alone reproduces the best stage's valid probabilities.
        Recorder prec;
        PredictConfig pc;
        pc.modelFile = (out + "/model.safetensors").toStdString();
        pc.input = (data_ + "/valid").toStdString();
        pc.threads = 1;
        const PredictResult p = predictImages(pc, {nullptr, &prec});
        QCOMPARE(p.rows.size(), std::size_t(20));
        QCOMPARE(p.classes, r.classes);
        for (std::size_t i = 0; i < p.rows.size(); ++i) {
            QCOMPARE(QString::fromStdString("valid/" + p.rows[i].path),
                     QString::fromStdString(r.valid[i].path));
            QVERIFY(std::abs(p.rows[i].probs[1] - r.valid[i].probs[1]) < 1e-4);
        }

        // A folder of symlinks (a hand-picked subset) lists the links' own names, not the
        // targets' paths.
        const QString links = dir_.filePath("links");
        QVERIFY(QDir().mkpath(links + "/picked"));
        QVERIFY(QFile::link(data_ + "/valid/red/0.bmp", links + "/picked/first.bmp"));
        QVERIFY(QFile::link(data_ + "/valid/blue/1.bmp", links + "/second.bmp"));
        pc.input = links.toStdString();
        const PredictResult l = predictImages(pc, {nullptr, &prec});
        QCOMPARE(l.rows.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(l.rows[0].path), QString("picked/first.bmp"));
        QCOMPARE(QString::fromStdString(l.rows[1].path), QString("second.bmp"));
    }

    void seededRunsRepeat() {
        auto once = [&](const QString& out) {
            Recorder rec;
            return runRecipe(config(data_, out, {"linear", "last"}), {nullptr, &rec});
        };
        const auto a = once(dir_.filePath("seed-a"));
        const auto b = once(dir_.filePath("seed-b"));
        for (std::size_t i = 0; i < 2; ++i) {
            QCOMPARE(a.stages[i].validLoss, b.stages[i].validLoss);
            QCOMPARE(a.stages[i].curve.front().trainLoss, b.stages[i].curve.front().trainLoss);
        }
    }

    void resumeContinuesAfterTheLastStage() {
        const QString out = dir_.filePath("run-resume");
        Recorder first;
        const auto a = runRecipe(config(data_, out, {"linear", "last"}), {nullptr, &first});
        Recorder second;
        auto cfg = config(data_, out, {"linear", "last", "dense"});
        cfg.resume = true;
        const auto b = runRecipe(cfg, {nullptr, &second});
        QCOMPARE(b.stages.size(), std::size_t(3));
        QCOMPARE(second.epochs.size(), std::size_t(1));  // only 'dense' trained
        QCOMPARE(second.epochs[0].stage, std::string("dense"));
        QCOMPARE(b.stages[1].validAcc, a.stages[1].validAcc);
        // dense starts from last's weights: it cannot start from scratch (chance).
        QVERIFY(b.stages[2].curve[0].validAcc >= 0.9);
        QVERIFY(QFile::exists(out + "/stages/3-dense.safetensors"));
    }

    void diskCacheSecondRunDecodesNothing() {
        auto cfg = config(data_, dir_.filePath("run-cache-1"), {"linear", "last"});
        cfg.cacheDir = dir_.filePath("cache").toStdString();
        Recorder first;
        const auto a = runRecipe(cfg, {nullptr, &first});
        QVERIFY(QDir(dir_.filePath("cache")).entryList({"*.h5"}, QDir::Files).size() == 1);
        const auto decodedBefore = decodedImageCount();
        cfg.outDir = dir_.filePath("run-cache-2").toStdString();
        Recorder second;
        const auto b = runRecipe(cfg, {nullptr, &second});
        QCOMPARE(decodedImageCount(), decodedBefore);  // every feature came from the HDF5 cache
        QCOMPARE(b.stages[1].validAcc, a.stages[1].validAcc);
        bool said = false;
        for (const auto& m : second.messages)
            said = said || QString::fromStdString(m).contains("from the cache, 0 decoded");
        QVERIFY(said);
    }

    void cancelStopsTheRun() {
        Recorder rec;
        CancelToken token;
        rec.cancelOnEpoch = &token;
        try {
            runRecipe(config(data_, dir_.filePath("run-cancel"), {"linear", "last"}), {&token, &rec});
            QFAIL("not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QCOMPARE(rec.epochs.size(), std::size_t(1));
    }

    void nanStopsTheStage() {
        auto cfg = config(data_, dir_.filePath("run-nan"), {"last"});
        cfg.stages[0].optimizer = "sgd";
        cfg.stages[0].lr = 1e38;
        Recorder rec;
        try {
            runRecipe(cfg, {nullptr, &rec});
            QFAIL("NaN not detected");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Numerical);
            QVERIFY2(QString(e.what()).contains("Stage 'last'"), e.what());
        }
    }

    void badInputs_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("code");
        QTest::newRow("unknown stage") << "stage" << int(ErrorCode::InvalidArgument);
        QTest::newRow("unknown layer") << "layer" << int(ErrorCode::InvalidArgument);
        QTest::newRow("missing data") << "data" << int(ErrorCode::NotFound);
        QTest::newRow("bad optimizer") << "optimizer" << int(ErrorCode::InvalidArgument);
    }
    void badInputs() {
        QFETCH(QString, what);
        QFETCH(int, code);
        Recorder rec;
        try {
            if (what == "stage") RecipeConfig::defaultStage("fine");
            auto cfg = config(data_, dir_.filePath("run-bad"), {"conv"});
            if (what == "layer") cfg.stages[0].fromLayer = "no_such_layer";
            if (what == "data") cfg.dataDir = dir_.filePath("nothing").toStdString();
            if (what == "optimizer") cfg.stages[0].optimizer = "adagrad";
            runRecipe(cfg, {nullptr, &rec});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(int(e.code()), code);
        }
    }

    void realDogsCatsSubset() {
        SKIP_WITHOUT_SHARED();
        const QString data = dir_.filePath("dogscats");
        QVERIFY(recipedata::linkDogsCats(testsupport::dogscatsDir(), data, 30, 20));
        RecipeConfig c;
        c.dataDir = data.toStdString();
        c.outDir = dir_.filePath("run-real").toStdString();
        c.backbone = "mobilenet_v1_0.25:" + testsupport::mobilenetWeights().toStdString();
        c.threads = 2;
        for (const char* s : {"linear", "last"}) {
            StageConfig st = RecipeConfig::defaultStage(s);
            st.epochs = 10;  // 60 photos: small batches and a higher LR to take enough steps
            st.batchSize = 16;
            st.lr = st.name == "linear" ? 0.05 : 0.01;
            st.lrSteps.clear();
            c.stages.push_back(st);
        }
        Recorder rec;
        const auto r = runRecipe(c, {nullptr, &rec});
        // 60 training photos: well above chance (0.5) with real ImageNet features.
        QVERIFY2(r.stages[0].validAcc >= 0.65, qPrintable(QString::number(r.stages[0].validAcc)));
        QVERIFY2(r.stages[1].validAcc >= 0.65, qPrintable(QString::number(r.stages[1].validAcc)));
        QVERIFY(r.stages[1].curve.back().trainAcc > r.stages[1].curve.front().trainAcc);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipe)
#include "test_recipe.moc"

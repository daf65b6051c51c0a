// A data folder without valid/: holdOutValidation's stratified, seeded split, and the recipe
// that records it in RUN_DIR, resumes and reopens with it, and keeps the feature cache keyed by
// the folder's own splits (generated colour images, random-weight ResNet-18 at 32x32).
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "data/image.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/run_folder.h"
#include "featurelab/scan.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

struct Recorder : JobObserver {
    std::vector<std::string> messages;
    std::vector<EpochMetrics> epochs;
    void onMessage(const std::string& m) override { messages.push_back(m); }
    void onEpoch(const EpochMetrics& m) override { epochs.push_back(m); }
    bool said(const QString& text) const {
        for (const auto& m : messages)
            if (QString::fromStdString(m).contains(text)) return true;
        return false;
    }
};

/// counts[c] entries of class c, named like a scan would ("train/cN/img-K.jpg").
std::vector<ImageEntry> entries(const std::vector<int>& counts) {
    std::vector<ImageEntry> out;
    for (std::size_t c = 0; c < counts.size(); ++c)
        for (int k = 0; k < counts[c]; ++k) {
            ImageEntry e;
            e.relativePath = "train/c" + std::to_string(c) + "/img-" + std::to_string(k) + ".jpg";
            e.path = "/data/" + e.relativePath;
            e.label = static_cast<int>(c);
            out.push_back(e);
        }
    return out;
}

std::vector<std::string> pathsOf(const std::vector<ImageEntry>& v) {
    std::vector<std::string> p;
    for (const auto& e : v) p.push_back(e.relativePath);
    return p;
}

RecipeConfig config(const QString& data, const QString& out, const std::vector<std::string>& stages,
                    std::uint64_t seed = 42) {
    RecipeConfig c;
    c.dataDir = data.toStdString();
    c.outDir = out.toStdString();
    c.backbone = "resnet18@32";
    c.threads = 1;
    c.workers = 1;
    c.seed = seed;
    for (const auto& s : stages) {
        StageConfig st = RecipeConfig::defaultStage(s);
        st.epochs = 2;
        st.batchSize = 8;
        st.lrSteps.clear();
        c.stages.push_back(st);
    }
    return c;
}

/// valid_split.txt's image lines (everything but the '#' comments).
QStringList splitFileImages(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QStringList out;
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts))
        if (!line.startsWith('#')) out << line;
    return out;
}

QStringList validRowPaths(const RecipeResult& r) {
    QStringList out;
    for (const auto& row : r.valid) out << QString::fromStdString(row.path);
    return out;
}

}  // namespace

class TestRecipeValidSplit : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void stratifiedPerClass() {
        // Classes of 10, 7, 1, 3 and 4,000 images at 20%: round(n/5) each, at least one and
        // never the whole class; a lone image stays in train.
        const auto train = entries({10, 7, 1, 3, 4000});
        const HeldOutSplit s = holdOutValidation(train, 0.2, 42);
        std::map<int, int> held, kept;
        for (const auto& e : s.valid) ++held[e.label];
        for (const auto& e : s.train) ++kept[e.label];
        QCOMPARE(held[0], 2);
        QCOMPARE(held[1], 1);
        QCOMPARE(held[2], 0);
        QCOMPARE(held[3], 1);
        QCOMPARE(held[4], 800);
        QCOMPARE(kept[0], 8);
        QCOMPARE(kept[2], 1);
        QCOMPARE(kept[4], 3200);
        // A partition: every image exactly once.
        std::vector<std::string> all = pathsOf(s.train), in = pathsOf(train);
        for (const auto& p : pathsOf(s.valid)) all.push_back(p);
        std::sort(all.begin(), all.end());
        std::sort(in.begin(), in.end());
        QVERIFY(all == in);
        QVERIFY(std::is_sorted(s.valid.begin(), s.valid.end(), [](const auto& a, const auto& b) {
            return a.relativePath < b.relativePath;
        }));
        // Other fractions, same rule.
        QCOMPARE(holdOutValidation(entries({4000, 4000}), 0.125, 1).valid.size(),
                 std::size_t(1000));
        QCOMPARE(holdOutValidation(entries({2}), 0.01, 1).valid.size(), std::size_t(1));
        QCOMPARE(holdOutValidation(entries({2}), 0.99, 1).valid.size(), std::size_t(1));
    }

    void seededAndOrderFree() {
        const auto train = entries({300, 200});
        const auto a = pathsOf(holdOutValidation(train, 0.2, 7).valid);
        const auto b = pathsOf(holdOutValidation(train, 0.2, 7).valid);
        QVERIFY(a == b);
        // The listing's order does not matter: the same images come out, in the same order.
        auto shuffled = train;
        std::mt19937 rng(5);
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        QVERIFY(pathsOf(holdOutValidation(shuffled, 0.2, 7).valid) == a);
        // Another seed, another split; adding an image moves no other image.
        const auto c = pathsOf(holdOutValidation(train, 0.2, 8).valid);
        QVERIFY(c != a);
        auto more = train;
        ImageEntry extra = more.front();
        extra.relativePath = "train/c0/zzz-extra.jpg";
        more.push_back(extra);
        const auto d = pathsOf(holdOutValidation(more, 0.2, 7).valid);
        std::vector<std::string> dWithout;
        for (const auto& p : d)
            if (p != extra.relativePath) dWithout.push_back(p);
        QVERIFY(std::includes(a.begin(), a.end(), dWithout.begin(), dWithout.end()));
    }

    void badFractionsAndTinyFolders() {
        for (double f : {0.0, 1.0, -0.2, 1.5, std::nan("")}) {
            try {
                holdOutValidation(entries({10, 10}), f, 1);
                QFAIL(qPrintable(QString("fraction %1 accepted").arg(f)));
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            }
        }
        try {
            holdOutValidation(entries({1, 1}), 0.2, 1);
            QFAIL("a split of single images");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadDataset);
        }
    }

    void recipeHoldsOutRecordsAndRepeats() {
        const QString data = dir_.filePath("train-only");
        recipedata::makeColourFolder(data, 20, 0, 0);
        QVERIFY(!QFileInfo::exists(data + "/valid"));
        const QString out = dir_.filePath("run-a");
        Recorder rec;
        const RecipeResult a = runRecipe(config(data, out, {"linear", "last"}), {nullptr, &rec});
        QVERIFY(rec.said("No valid/ folder"));
        QVERIFY(a.validSplit.heldOut);
        QCOMPARE(a.validSplit.fraction, 0.2);
        QCOMPARE(a.validSplit.seed, std::uint64_t(42));
        QCOMPARE(a.validSplit.images, std::size_t(8));  // 4 of each class's 20
        QCOMPARE(a.valid.size(), std::size_t(8));
        int red = 0;
        for (const auto& row : a.valid) {
            QVERIFY(QString::fromStdString(row.path).startsWith("train/"));
            red += row.trueLabel;
        }
        QCOMPARE(red, 4);
        // Recorded in RUN_DIR: the file lists exactly the validation images, metrics.json says so.
        QCOMPARE(QString::fromStdString(a.validSplit.file), out + "/valid_split.txt");
        QCOMPARE(splitFileImages(out + "/valid_split.txt"), validRowPaths(a));
        QFile m(out + "/metrics.json");
        QVERIFY(m.open(QIODevice::ReadOnly));
        const QJsonObject split =
            QJsonDocument::fromJson(m.readAll()).object()["valid_split"].toObject();
        QCOMPARE(split["from"].toString(), QString("train"));
        QCOMPARE(split["images"].toInt(), 8);
        QCOMPARE(split["fraction"].toDouble(), 0.2);
        QCOMPARE(split["file"].toString(), QString("valid_split.txt"));
        // A second run with the same seed: the same split and the same results.
        Recorder rec2;
        const RecipeResult b =
            runRecipe(config(data, dir_.filePath("run-b"), {"linear", "last"}), {nullptr, &rec2});
        QCOMPARE(validRowPaths(b), validRowPaths(a));
        QCOMPARE(b.stages[1].validLoss, a.stages[1].validLoss);
        // openRun reads the run back with its split.
        const RecipeResult o = openRun(out.toStdString());
        QVERIFY(o.validSplit.heldOut);
        QCOMPARE(o.validSplit.images, std::size_t(8));
        QCOMPARE(o.validSplit.seed, std::uint64_t(42));
        QCOMPARE(QString::fromStdString(o.validSplit.file), out + "/valid_split.txt");
        QCOMPARE(validRowPaths(o), validRowPaths(a));
        // Another fraction: another count.
        auto c = config(data, dir_.filePath("run-c"), {"last"});
        c.validFraction = 0.5;
        QCOMPARE(runRecipe(c).valid.size(), std::size_t(20));
        c.validFraction = 1.0;
        try {
            runRecipe(c);
            QFAIL("fraction 1 accepted");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
        }
    }

    void resumeKeepsTheRecordedSplit() {
        const QString data = dir_.filePath("train-only-resume");
        recipedata::makeColourFolder(data, 20, 0, 0, 5);
        const QString out = dir_.filePath("run-resume");
        const RecipeResult a = runRecipe(config(data, out, {"linear"}, 3));
        // Resumed with another seed and fraction: the run's own split wins, and says so.
        auto cfg = config(data, out, {"linear", "last"}, 11);
        cfg.validFraction = 0.4;
        cfg.resume = true;
        Recorder rec;
        const RecipeResult b = runRecipe(cfg, {nullptr, &rec});
        QVERIFY(rec.said("Resuming after stage linear"));
        QVERIFY(rec.said("Resuming with the run's own validation split"));
        QCOMPARE(rec.epochs.front().stage, std::string("last"));
        QCOMPARE(b.stages.size(), std::size_t(2));
        QCOMPARE(b.stages[0].validAcc, a.stages[0].validAcc);
        QCOMPARE(b.validSplit.seed, std::uint64_t(3));
        QCOMPARE(b.validSplit.fraction, 0.2);
        QCOMPARE(validRowPaths(b), splitFileImages(out + "/valid_split.txt"));
        QCOMPARE(validRowPaths(b), validRowPaths(a));
        QCOMPARE(b.valid.size(), std::size_t(8));  // 0.4 would have held out 16

        // train/ changed (one more image): the held-out list no longer describes it; refused.
        QVERIFY(QFile::copy(data + "/train/red/0.bmp", data + "/train/red/new.bmp"));
        auto again = config(data, out, {"linear", "last", "dense"}, 3);
        again.resume = true;
        try {
            runRecipe(again);
            QFAIL("resumed on a changed train/");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QVERIFY2(QString(e.what()).contains("train/") && QString(e.what()).contains("changed"),
                     e.what());
            QCOMPARE(e.hint().action, HintAction::ChooseOutputFolder);
        }
        QVERIFY(QFile::remove(data + "/train/red/new.bmp"));
        // The recorded list is gone: refused, never a silent new split.
        QVERIFY(QFile::rename(out + "/valid_split.txt", out + "/valid_split.bak"));
        try {
            runRecipe(again);
            QFAIL("resumed without the recorded split");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QVERIFY2(QString(e.what()).contains("valid_split.txt"), e.what());
        }
        QVERIFY(QFile::rename(out + "/valid_split.bak", out + "/valid_split.txt"));
        // A valid/ folder appeared: the run validated elsewhere; refused.
        for (const QString cls : {"blue", "red"}) {
            QVERIFY(QDir().mkpath(data + "/valid/" + cls));
            QVERIFY(
                QFile::copy(data + "/train/" + cls + "/0.bmp", data + "/valid/" + cls + "/0.bmp"));
        }
        try {
            runRecipe(again);
            QFAIL("resumed with a new valid/");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QVERIFY2(QString(e.what()).contains("valid/"), e.what());
        }
        QVERIFY(QDir(data + "/valid").removeRecursively());
        // Unchanged again: the resume goes through.
        const RecipeResult c = runRecipe(again);
        QCOMPARE(c.stages.size(), std::size_t(3));
        QCOMPARE(validRowPaths(c), validRowPaths(a));
    }

    void heldOutConvDecodesEachImageOnce() {
        // The conv stage's input features kept from linear's pass through a cold cache: held-out
        // images are rows of train/'s set there too, and nothing is decoded twice.
        const QString data = dir_.filePath("train-only-conv");
        recipedata::makeColourFolder(data, 20, 0, 0, 21);
        auto cfg = config(data, dir_.filePath("run-conv"), {"linear", "conv"});
        cfg.cacheDir = dir_.filePath("cache-conv").toStdString();
        cfg.stages[1].augment = false;
        const auto before = decodedImageCount();
        const RecipeResult r = runRecipe(cfg);
        QCOMPARE(int(decodedImageCount() - before), 40);
        QCOMPARE(r.valid.size(), std::size_t(8));
        QCOMPARE(r.stages.size(), std::size_t(2));
        QCOMPARE(validRowPaths(r), splitFileImages(dir_.filePath("run-conv/valid_split.txt")));
    }

    void featureCacheKeepsSplitsApart() {
        const QString data = dir_.filePath("train-only-cache");
        recipedata::makeColourFolder(data, 20, 0, 0, 9);
        auto cfg = config(data, dir_.filePath("run-cache-1"), {"linear", "last"});
        cfg.cacheDir = dir_.filePath("cache").toStdString();
        Recorder first;
        const RecipeResult a = runRecipe(cfg, {nullptr, &first});
        // Held-out images are cached as what they are: rows of train/, under their train/ paths.
        QVERIFY(first.said("Features train: 0 from the cache, 40 decoded"));
        QVERIFY(!first.said("Features valid:"));
        // Another fraction holds out other images; every feature still comes from the cache.
        // (Not another seed: it would draw another random-weight network, hence another key.)
        const auto decoded = decodedImageCount();
        cfg.outDir = dir_.filePath("run-cache-2").toStdString();
        cfg.validFraction = 0.4;
        Recorder second;
        const RecipeResult b = runRecipe(cfg, {nullptr, &second});
        QCOMPARE(decodedImageCount(), decoded);
        QVERIFY(second.said("Features train: 40 from the cache, 0 decoded"));
        QCOMPARE(b.valid.size(), std::size_t(16));
        QVERIFY(validRowPaths(b) != validRowPaths(a));
        // A real valid/ appears: its images are decoded, never taken for the held-out ones.
        recipedata::makeColourFolder(dir_.filePath("valid-source"), 0, 5, 0, 13);
        QVERIFY(QDir().rename(dir_.filePath("valid-source/valid"), data + "/valid"));
        cfg.outDir = dir_.filePath("run-cache-3").toStdString();
        Recorder third;
        const RecipeResult c = runRecipe(cfg, {nullptr, &third});
        QVERIFY(!c.validSplit.heldOut);
        QCOMPARE(c.valid.size(), std::size_t(10));
        QVERIFY(third.said("Features train: 40 from the cache, 0 decoded"));
        QVERIFY(third.said("Features valid: 0 from the cache, 10 decoded"));
        QVERIFY(!QFileInfo::exists(dir_.filePath("run-cache-3/valid_split.txt")));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipeValidSplit)
#include "test_recipe_valid_split.moc"

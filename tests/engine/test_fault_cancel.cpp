// Faults (issue 16, item 5): cancelling an extract or any recipe stage leaves nothing that a
// later run trusts: no cache file or temporary, and a stopped run that resumes by redoing the
// stage it stopped in.
#include <torch/torch.h>

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>
#include <map>

#include "featurelab/error.h"
#include "featurelab/features.h"
#include "featurelab/recipe.h"
#include "featurelab/run_folder.h"
#include "features/cache_store.h"
#include "features/hdf5_file.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

/// Cancels its token at the first progress report of the given phase with done > 0.
struct CancelAtProgress : JobObserver {
    CancelToken* token = nullptr;
    std::string phase;
    int seen = 0;
    void onProgress(const Progress& p) override {
        if (p.phase == phase && p.done > 0 && p.done < p.total) {
            ++seen;
            token->cancel();
        }
    }
};

/// Cancels after the first epoch of one stage; counts the epochs each stage ran.
struct CancelInStage : JobObserver {
    CancelToken* token = nullptr;
    std::string stage;
    std::map<std::string, int> epochs;
    void onEpoch(const EpochMetrics& m) override {
        ++epochs[m.stage];
        if (token && m.stage == stage) token->cancel();
    }
};

/// Files under dir whose names say they are temporaries of an atomic write.
QStringList leftovers(const QString& dir) {
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (it.fileName().contains(QStringLiteral(".tmp"))) out << f;
    }
    return out;
}

/// split -> (path -> feature row) from a cache file, through the engine's validating reader.
std::map<std::string, std::map<std::string, std::vector<float>>> rowsOf(const std::string& path) {
    std::string key;
    {
        h5::Handle f = h5::openFile(path);
        key = h5::readStringAttr(f.get(), "key");
    }
    const CacheContents c = readFeatureCache(path, key);
    std::map<std::string, std::map<std::string, std::vector<float>>> out;
    for (const auto& [name, s] : c.splits)
        for (std::size_t i = 0; i < s.rows(); ++i)
            out[name][s.paths[i]] =
                std::vector<float>(s.features.begin() + std::ptrdiff_t(i * s.dim),
                                   s.features.begin() + std::ptrdiff_t((i + 1) * s.dim));
    return out;
}

ExtractOptions extractOptions(const QString& data, const QString& cache) {
    ExtractOptions o;
    o.dataDir = data.toStdString();
    // 128 px: slow enough (about 1 s for 48 images) that the loader's quarter-second progress
    // report arrives mid-split, where the test cancels.
    o.backbone = "resnet18@128";
    o.cacheDir = cache.toStdString();
    o.workers = 1;
    o.batchSize = 4;
    return o;
}

}  // namespace

class TestFaultCancel : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        data_ = dir_.filePath(QStringLiteral("data"));
        recipedata::makeColourFolder(data_, 24, 8, 0);
    }

    void cancelDuringExtractLeavesNoCache() {
        const QString cache = dir_.filePath(QStringLiteral("cache-cancel"));
        CancelToken token;
        CancelAtProgress obs;
        obs.token = &token;
        obs.phase = "extract train";
        torch::manual_seed(7);  // random-init weights: the same seed gives the same features
        try {
            extractFeatures(extractOptions(data_, cache), {&token, &obs});
            QFAIL("the extract was not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QVERIFY(obs.seen > 0);
        // Nothing half-done under the cache folder: no cache file, no temporary.
        QDirIterator it(cache, {QStringLiteral("*.h5*")}, QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        QVERIFY2(!it.hasNext(), qPrintable(it.hasNext() ? it.next() : QString()));

        // The next run computes everything and matches an uninterrupted run.
        torch::manual_seed(7);
        const ExtractSummary again = extractFeatures(extractOptions(data_, cache));
        for (const auto& s : again.splits) {
            QCOMPARE(s.reused, std::size_t(0));
            QCOMPARE(s.decoded, s.images);
        }
        torch::manual_seed(7);
        const ExtractSummary clean =
            extractFeatures(extractOptions(data_, dir_.filePath(QStringLiteral("cache-clean"))));
        const auto a = rowsOf(again.cacheFile), b = rowsOf(clean.cacheFile);
        QCOMPARE(a.size(), std::size_t(2));
        QCOMPARE(a.at("train").size(), std::size_t(48));
        QVERIFY(a == b);
        QCOMPARE(leftovers(cache), QStringList());
    }

    void cancelDuringEachStage_data() {
        QTest::addColumn<QString>("stage");
        for (const char* s : {"linear", "last", "dense", "conv"}) QTest::newRow(s) << QString(s);
    }

    // The stage that was stopped is neither listed nor resumed from: --resume runs it again
    // from its start, and every file in the folder opens.
    void cancelDuringEachStage() {
        QFETCH(QString, stage);
        const std::vector<std::string> stages{"linear", "last", "dense", "conv"};
        const QString out = dir_.filePath(QStringLiteral("run-") + stage);
        auto cfg = recipedata::tinyRecipe(data_, out, dir_.filePath(QStringLiteral("cache-run")),
                                          stages, 2);
        CancelToken token;
        CancelInStage obs;
        obs.token = &token;
        obs.stage = stage.toStdString();
        try {
            runRecipe(cfg, {&token, &obs});
            QFAIL("the run was not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QCOMPARE(obs.epochs[obs.stage], 1);
        const auto at = std::find(stages.begin(), stages.end(), obs.stage) - stages.begin();
        QCOMPARE(leftovers(out), QStringList());
        if (at > 0) {
            const RecipeResult stopped = openRun(out.toStdString());
            QCOMPARE(stopped.stoppedDuring, obs.stage);
            QCOMPARE(stopped.stages.size(), std::size_t(at));
            for (const auto& s : stopped.stages) QVERIFY(s.stage != obs.stage);
        }

        cfg.resume = true;
        CancelInStage second;
        const RecipeResult done = runRecipe(cfg, {nullptr, &second});
        QCOMPARE(done.stages.size(), stages.size());
        QCOMPARE(done.stoppedDuring, std::string());
        QCOMPARE(second.epochs[obs.stage], 2);  // the stopped stage ran again, whole
        for (std::size_t i = 0; i < std::size_t(at); ++i)
            QCOMPARE(second.epochs.count(stages[i]), std::size_t(0));  // kept, not retrained
        QCOMPARE(openRun(out.toStdString()).stages.size(), stages.size());
        QCOMPARE(leftovers(out), QStringList());
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestFaultCancel)
#include "test_fault_cancel.moc"

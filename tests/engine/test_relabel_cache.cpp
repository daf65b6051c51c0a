// The feature cache follows a relabel incrementally: after moves and a quarantine the next
// extraction decodes only the moved images (rows are keyed by path, size and mtime; a rename
// keeps size and mtime, so an image that moved back is decoded again), reuses every other row,
// and labels the moved images with their new class.
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/relabel.h"
#include "featurelab/scan.h"
#include "features/feature_cache.h"
#include "relabel_support.h"
#include "test_support.h"

using namespace featurelab;

namespace {

torch::Tensor pool4x4(const torch::Tensor& x) {
    return torch::adaptive_avg_pool2d(x, {4, 4}).flatten(1);
}

struct Counts {
    std::size_t images = 0, decoded = 0, reused = 0;
};

}  // namespace

class TestRelabelCache : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    FeatureCacheOptions options() const {
        FeatureCacheOptions o;
        o.cacheDir = tmp_.filePath("cache").toStdString();  // outside the data folder
        o.key = "pool4x4|relabel";
        o.preprocessing = Preprocessing::kerasSymmetric(24, 24);
        o.extractor = pool4x4;
        o.batchSize = 4;
        o.workers = 1;
        return o;
    }

    /// Extracts train and valid; returns the totals and fills labels (relative path -> label).
    Counts extract(const QString& root, std::map<std::string, std::int64_t>* labels = nullptr) {
        const DatasetScan scan = scanImageFolder(root.toStdString());
        Counts c;
        for (const FeatureSet& fs : loadOrExtractFeatures(scan, {"train", "valid"}, options())) {
            c.images += fs.relativePaths.size();
            c.decoded += fs.decoded;
            c.reused += fs.reused;
            for (std::size_t i = 0; labels && i < fs.relativePaths.size(); ++i)
                (*labels)[fs.relativePaths[i]] = fs.labels[std::int64_t(i)].item<std::int64_t>();
        }
        return c;
    }

private Q_SLOTS:
    void decodesOnlyWhatMoved() {
        const QString root = tmp_.filePath("data");
        relabeltest::makeData(root);
        const Counts cold = extract(root);
        QCOMPARE(cold.images, std::size_t(10));
        QCOMPARE(cold.decoded, std::size_t(10));
        QCOMPARE(extract(root).decoded, std::size_t(0));  // warm: nothing decoded

        DataJournal j = DataJournal::open(root.toStdString());
        j.move("train/blue/blue_0.bmp", "red");
        j.move("valid/red/red_1.bmp", "blue");
        j.quarantine("train/red/red_2.bmp");
        std::map<std::string, std::int64_t> labels;
        const Counts after = extract(root, &labels);
        QCOMPARE(after.images, std::size_t(9));
        QCOMPARE(after.decoded, std::size_t(2));  // the two moved images, nothing else
        QCOMPARE(after.reused, std::size_t(7));
        QCOMPARE(labels.at("train/red/blue_0.bmp"), std::int64_t(1));  // classes: blue, red
        QCOMPARE(labels.at("valid/blue/red_1.bmp"), std::int64_t(0));
        QVERIFY(!labels.count("train/red/red_2.bmp"));
        QCOMPARE(extract(root).decoded, std::size_t(0));

        // Undo all three: the images are back under their old names, whose rows the cache
        // dropped when they moved away: those three are decoded again, the rest reused.
        while (j.canUndo()) j.undo();
        const Counts undone = extract(root, &labels);
        QCOMPARE(undone.images, std::size_t(10));
        QCOMPARE(undone.decoded, std::size_t(3));
        QCOMPARE(undone.reused, std::size_t(7));
        QCOMPARE(labels.at("train/blue/blue_0.bmp"), std::int64_t(0));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRelabelCache)
#include "test_relabel_cache.moc"

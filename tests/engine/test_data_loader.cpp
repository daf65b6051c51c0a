// Prefetch loader: order, contents, bad files, bounded look-ahead, shuffle/augmentation seeds,
// progress, cancellation and shutdown mid-epoch.
#include <QElapsedTimer>
#include <QTemporaryDir>

#include "data/loader.h"
#include "data/preprocess.h"
#include "data_fixtures.h"
#include "featurelab/error.h"
#include "test_support.h"

using namespace featurelab;

class TestDataLoader : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::vector<ImageEntry> entries_;  // 40 good images, then 2 that fail to decode
    const Preprocessing prep_ = Preprocessing::kerasSymmetric(32, 32);

    std::vector<ImageEntry> good() const { return {entries_.begin(), entries_.begin() + 40}; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(datafixtures::makeOddImages(dir_.path()));
        const char* files[] = {"photo.jpg", "generated.png", "gray.png",   "cmyk.jpg",
                               "rgba.png",  "image.bmp",     "image.webp", "exif6.jpg"};
        for (int i = 0; i < 40; ++i) {
            ImageEntry e;
            e.path = (dir_.path() + "/" + files[i % 8]).toStdString();
            e.relativePath = "img" + std::to_string(i);
            e.label = i % 3;
            entries_.push_back(e);
        }
        QVERIFY(datafixtures::writeBytes(dir_.path() + "/text.jpg", "not an image"));
        entries_.push_back({(dir_.path() + "/text.jpg").toStdString(), "bad/text.jpg", 0});
        entries_.push_back({(dir_.path() + "/gone.jpg").toStdString(), "bad/gone.jpg", 1});
    }

    void inOrderWithExactContents() {
        LoaderOptions o;
        o.batchSize = 7;
        o.workers = 2;
        o.reducedDecode = false;  // compare against full-resolution decoding
        BatchLoader loader(good(), prep_, o);
        Batch b;
        std::size_t expected = 0;
        int batches = 0;
        while (loader.next(b)) {
            ++batches;
            QCOMPARE(b.images.sizes().vec(),
                     (std::vector<int64_t>{int64_t(b.indices.size()), 3, 32, 32}));
            for (std::size_t j = 0; j < b.indices.size(); ++j, ++expected) {
                QCOMPARE(b.indices[j], expected);
                QCOMPARE(b.labels[j].item<int64_t>(), int64_t(expected % 3));
                const torch::Tensor ref =
                    toInputTensor(decodeImage(entries_[expected].path), prep_);
                QVERIFY(torch::equal(b.images[j], ref));
            }
        }
        QCOMPARE(expected, std::size_t(40));
        QCOMPARE(batches, 6);
        QCOMPARE(loader.decodedCount(), std::size_t(40));
        QVERIFY(!loader.next(b));  // stays at the end
    }

    void emptyInputAndMoreWorkersThanBatches() {
        LoaderOptions o;
        o.workers = 4;
        Batch b;
        BatchLoader empty({}, prep_, o);
        QVERIFY(!empty.next(b));
        o.batchSize = 64;  // one batch for four workers
        BatchLoader one(good(), prep_, o);
        QVERIFY(one.next(b));
        QCOMPARE(b.indices.size(), std::size_t(40));
        QVERIFY(!one.next(b));
    }

    void badFilesReportedOnceAndExcluded() {
        LoaderOptions o;
        o.batchSize = 8;
        o.workers = 2;
        o.shuffle = true;
        o.seed = 5;
        std::vector<SkippedFile> reported;
        o.onBadFile = [&](const SkippedFile& f) { reported.push_back(f); };
        BatchLoader loader(entries_, prep_, o);
        for (std::uint64_t epoch = 0; epoch < 2; ++epoch) {
            if (epoch) loader.startEpoch(epoch);
            std::set<std::size_t> seen;
            Batch b;
            while (loader.next(b))
                for (std::size_t i : b.indices) QVERIFY(seen.insert(i).second);
            QCOMPARE(seen.size(), std::size_t(40));
            QVERIFY(!seen.count(40) && !seen.count(41));
        }
        QCOMPARE(reported.size(), std::size_t(2));  // once, not once per epoch
        std::set<std::string> paths{reported[0].path, reported[1].path};
        QVERIFY(paths.count("bad/text.jpg") && paths.count("bad/gone.jpg"));
        QCOMPARE(loader.badFiles().size(), std::size_t(2));
    }

    void shuffleAndAugmentationFollowTheSeed() {
        auto run = [&](std::uint64_t seed, int workers) {
            LoaderOptions o;
            o.batchSize = 6;
            o.workers = workers;
            o.shuffle = true;
            o.seed = seed;
            o.augmentation.enabled = true;
            BatchLoader loader(good(), prep_, o);
            std::vector<std::size_t> order;
            std::vector<torch::Tensor> images;
            Batch b;
            while (loader.next(b)) {
                order.insert(order.end(), b.indices.begin(), b.indices.end());
                images.push_back(b.images);
            }
            return std::make_pair(order, torch::cat(images));
        };
        const auto a = run(11, 1), b = run(11, 3), c = run(12, 2);
        QVERIFY(a.first == b.first);
        QVERIFY(torch::equal(a.second, b.second));  // independent of the thread count
        QVERIFY(a.first != c.first);
        std::vector<std::size_t> sorted = a.first;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t i = 0; i < sorted.size(); ++i) QCOMPARE(sorted[i], i);
    }

    void lookAheadIsBounded() {
        LoaderOptions o;
        o.batchSize = 4;
        o.workers = 2;
        o.queueDepth = 2;
        BatchLoader loader(good(), prep_, o);
        QTest::qWait(500);  // let the workers run ahead as far as they may
        QVERIFY2(loader.decodedCount() <= 8, qPrintable(QString::number(loader.decodedCount())));
        Batch b;
        QVERIFY(loader.next(b));
        QTest::qWait(300);
        QVERIFY(loader.decodedCount() <= 12);
    }

    void progressReportsAndCanCancel() {
        std::vector<Progress> seen;
        LoaderOptions o;
        o.batchSize = 10;
        o.phase = "extract train";
        o.progress = [&](const Progress& p) {
            seen.push_back(p);
            return true;
        };
        {
            BatchLoader loader(good(), prep_, o);
            Batch b;
            while (loader.next(b)) {
            }
        }
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back().done, std::size_t(40));
        QCOMPARE(seen.back().total, std::size_t(40));
        QCOMPARE(QString::fromStdString(seen.back().phase), QString("extract train"));
        QVERIFY(seen.back().itemsPerSecond > 0);
        QVERIFY(seen.size() <= 10);  // throttled, not one per image

        o.progress = [](const Progress&) { return false; };
        BatchLoader loader(good(), prep_, o);
        Batch b;
        try {
            while (loader.next(b)) {
            }
            QFAIL("expected Cancelled");
        } catch (const Error& e) {
            QCOMPARE(int(e.code()), int(ErrorCode::Cancelled));
        }
    }

    void cancelWithinOneBatchAndShutdown() {
        CancelToken token;
        LoaderOptions o;
        o.batchSize = 5;
        o.workers = 2;
        o.cancel = &token;
        auto loader = std::make_unique<BatchLoader>(good(), prep_, o);
        Batch b;
        QVERIFY(loader->next(b));
        token.cancel();
        QElapsedTimer t;
        t.start();
        try {
            loader->next(b);
            QFAIL("expected Cancelled");
        } catch (const Error& e) {
            QCOMPARE(int(e.code()), int(ErrorCode::Cancelled));
        }
        loader.reset();  // joins the workers
        QVERIFY(t.elapsed() < 2000);
        QVERIFY(loader == nullptr);
        // Destroying a loader mid-epoch without cancelling also returns promptly.
        LoaderOptions plain;
        plain.batchSize = 3;
        t.restart();
        {
            BatchLoader l(good(), prep_, plain);
            QVERIFY(l.next(b));
        }
        QVERIFY(t.elapsed() < 3000);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestDataLoader)
#include "test_data_loader.moc"

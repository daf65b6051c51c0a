// The recipe's image source over BatchLoader: ordered passes keep row i == image i with black
// rows for files that fail to decode (alone, inside a batch, or a whole batch of them),
// shuffled passes leave them out, each failure is listed once, and cancel stops a pass.
#include <QTemporaryDir>
#include <QTest>
#include <atomic>

#include "featurelab/error.h"
#include "recipe/image_batches.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

constexpr int kSide = 16;

/// Image i is one solid grey level, so every row tells which file it came from.
int levelOf(std::size_t i) { return 10 + 20 * int(i); }

float scaled(int level) { return float(level) / 127.5f - 1.0f; }  // kerasSymmetric

}  // namespace

class TestRecipeImageBatches : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    std::vector<ImageEntry> entries_;
    std::set<std::size_t> bad_ = {0, 4, 6, 7};  // 6 and 7 fill a whole batch of two
    const Preprocessing pp_ = Preprocessing::kerasSymmetric(8, 8);

    /// Every row of one pass, with its label.
    std::vector<std::pair<torch::Tensor, std::int64_t>> pass(recipe::ImageBatches& source,
                                                             bool shuffle, std::size_t batch) {
        std::vector<std::pair<torch::Tensor, std::int64_t>> rows;
        source.start(shuffle, batch, 5);
        torch::Tensor x, y;
        while (source.next(x, y)) {
            [&] { QCOMPARE(x.size(0), y.size(0)); }();
            for (std::int64_t i = 0; i < x.size(0); ++i)
                rows.emplace_back(x[i].clone(), y[i].item<std::int64_t>());
        }
        return rows;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        for (std::size_t i = 0; i < 11; ++i) {
            ImageEntry e;
            e.relativePath = "img" + std::to_string(i) + ".bmp";
            e.path = tmp_.filePath(QString::fromStdString(e.relativePath)).toStdString();
            e.label = int(i % 3);
            e.format = ImageFormat::Bmp;
            const QString file = QString::fromStdString(e.path);
            if (bad_.count(i)) {
                QFile f(file);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write("BM this is not a bitmap");
            } else {
                const auto v = static_cast<unsigned char>(levelOf(i));
                QVERIFY(recipedata::writeBmp(file, kSide, kSide,
                                             std::vector<unsigned char>(kSide * kSide * 3, v)));
            }
            entries_.push_back(e);
        }
    }

    void orderedPassesKeepEveryRowInPlace_data() {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("workers");
        QTest::newRow("batch 2, 1 worker") << 2 << 1;
        QTest::newRow("batch 3, 2 workers") << 3 << 2;
        QTest::newRow("batch 64, 2 workers") << 64 << 2;
    }
    void orderedPassesKeepEveryRowInPlace() {
        QFETCH(int, batch);
        QFETCH(int, workers);
        recipe::ImageBatches source(entries_, pp_, workers, false);
        QCOMPARE(source.size(), entries_.size());
        for (int round = 0; round < 2; ++round) {  // a second pass reports nothing twice
            const auto rows = pass(source, false, std::size_t(batch));
            QCOMPARE(rows.size(), entries_.size());
            for (std::size_t i = 0; i < rows.size(); ++i) {
                QCOMPARE(rows[i].second, std::int64_t(entries_[i].label));
                const float expected = bad_.count(i) ? 0.0f : scaled(levelOf(i));
                const double diff = (rows[i].first - expected).abs().max().item<double>();
                QVERIFY2(diff < 1e-6, qPrintable(QString("row %1 off by %2").arg(i).arg(diff)));
            }
            QCOMPARE(source.failures().size(), bad_.size());
        }
        std::set<std::string> failed;
        for (const auto& f : source.failures()) {
            failed.insert(f.path);
            QVERIFY(!f.reason.empty());
        }
        QCOMPARE(failed, (std::set<std::string>{"img0.bmp", "img4.bmp", "img6.bmp", "img7.bmp"}));
    }

    // With a process, the decode workers compute per-row outputs (here: each row's mean and
    // twice it, as two outputs); failed files' rows are the process of a black image, alone,
    // inside a batch, or a whole batch of them, so row i is still image i.
    void processedPassesKeepEveryRowInPlace_data() { orderedPassesKeepEveryRowInPlace_data(); }
    void processedPassesKeepEveryRowInPlace() {
        QFETCH(int, batch);
        QFETCH(int, workers);
        recipe::ImageBatches source(entries_, pp_, workers, false);
        std::atomic<int> calls{0};
        source.setProcess([&calls](const torch::Tensor& x) {
            ++calls;
            const torch::Tensor m = x.mean({1, 2, 3});
            return std::vector<torch::Tensor>{m, m.unsqueeze(1) * 2};
        });
        source.start(false, std::size_t(batch), 0);
        std::vector<torch::Tensor> outs;
        torch::Tensor y;
        std::size_t row = 0;
        while (source.nextProcessed(outs, y)) {
            QCOMPARE(outs.size(), std::size_t(2));
            QCOMPARE(outs[0].size(0), y.size(0));
            QCOMPARE(outs[1].dim(), int64_t(2));
            for (std::int64_t i = 0; i < y.size(0); ++i, ++row) {
                QCOMPARE(y[i].item<std::int64_t>(), std::int64_t(entries_[row].label));
                const float expected =
                    bad_.count(row) ? 0.0f : scaled(levelOf(row));  // black: zeros
                QVERIFY2(std::abs(outs[0][i].item<float>() - expected) < 1e-5,
                         qPrintable(QString("row %1").arg(row)));
                QVERIFY(std::abs(outs[1][i][0].item<float>() - 2 * expected) < 1e-5);
            }
        }
        QCOMPARE(row, entries_.size());
        QCOMPARE(source.failures().size(), bad_.size());
        QVERIFY(calls.load() > 0);
    }

    void shuffledPassesLeaveFailedFilesOut() {
        recipe::ImageBatches source(entries_, pp_, 2, false);
        const auto a = pass(source, true, 2);
        QCOMPARE(a.size(), entries_.size() - bad_.size());
        std::multiset<int> seen, expected;
        for (const auto& [x, label] : a) {
            const int level = int(std::lround((x.mean().item<double>() + 1.0) * 127.5));
            seen.insert(level);
            QVERIFY(label >= 0 && label < 3);
        }
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (!bad_.count(i)) expected.insert(levelOf(i));
        QCOMPARE(seen, expected);
        QCOMPARE(source.failures().size(), bad_.size());
        // The same seed gives the same order; augmentation draws follow it too.
        const auto b = pass(source, true, 2);
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i) QVERIFY(torch::equal(a[i].first, b[i].first));
    }

    // Augmentation reaches the pixels (the solid images above cannot show a crop or a flip, so
    // these are gradients) and repeats exactly for the same seed.
    void augmentedPassesAreReproducible() {
        std::vector<ImageEntry> gradients;
        for (int i = 0; i < 6; ++i) {
            std::vector<unsigned char> rgb(kSide * kSide * 3);
            for (int y = 0; y < kSide; ++y)
                for (int x = 0; x < kSide; ++x)
                    for (int c = 0; c < 3; ++c)
                        rgb[std::size_t((y * kSide + x) * 3 + c)] =
                            static_cast<unsigned char>(x * 15 + y * 3 + i * 7 + c * 20);
            ImageEntry e;
            e.relativePath = "gradient" + std::to_string(i) + ".bmp";
            e.path = tmp_.filePath(QString::fromStdString(e.relativePath)).toStdString();
            e.label = i % 2;
            e.format = ImageFormat::Bmp;
            QVERIFY(recipedata::writeBmp(QString::fromStdString(e.path), kSide, kSide, rgb));
            gradients.push_back(e);
        }
        recipe::ImageBatches augmented(gradients, pp_, 2, true);
        const auto a = pass(augmented, true, 4);
        const auto b = pass(augmented, true, 4);
        recipe::ImageBatches plain(gradients, pp_, 2, false);
        const auto c = pass(plain, true, 4);  // same seed: same order, no augmentation
        QCOMPARE(a.size(), gradients.size());
        QCOMPARE(c.size(), gradients.size());
        int changed = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            QVERIFY(torch::equal(a[i].first, b[i].first));
            QCOMPARE(a[i].second, c[i].second);
            if (!torch::equal(a[i].first, c[i].first)) ++changed;
        }
        QVERIFY2(changed > 0, "no augmented image differs from its plain version");
    }

    void cancelStopsAPass() {
        CancelToken cancel;
        recipe::ImageBatches source(entries_, pp_, 1, false, &cancel);
        source.start(false, 2, 0);
        torch::Tensor x, y;
        QVERIFY(source.next(x, y));
        cancel.cancel();
        try {
            while (source.next(x, y)) {
            }
            QFAIL("a cancelled pass went on to its end");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipeImageBatches)
#include "test_recipe_image_batches.moc"

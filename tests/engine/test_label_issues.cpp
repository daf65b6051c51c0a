// The label-error finder: confident learning's pieces on known numbers, and the bar on real
// photos: 80 flipped labels among 2,000 shared train images, three flip sets.
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <random>
#include <set>

#include "featurelab/error.h"
#include "featurelab/label_issues.h"
#include "flip_copy.h"
#include "inspection/confident_joint.h"
#include "inspection/logistic_cv.h"
#include "test_support.h"

using namespace featurelab;

namespace {

constexpr int kPerClass = 1000;     // real photos per class in the copy
constexpr int kFlipsPerClass = 40;  // 80 of 2,000: 4%
constexpr int kTop = 100;

std::string backbone() {
    return "mobilenet_v1_0.25:" + testsupport::mobilenetWeights().toStdString();
}

}  // namespace

class TestLabelIssues : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void confidentJointOnKnownNumbers() {
        // Three images labelled 0, two labelled 1. Thresholds: t0 = (0.9+0.8+0.2)/3 = 0.633,
        // t1 = (0.7+0.6)/2 = 0.65. Image 2 (labelled 0, p1 = 0.8) counts under 1; image 4
        // (labelled 1, p1 = 0.6) has no class at its threshold and is not counted.
        const std::vector<float> probs{0.9f, 0.1f, 0.8f, 0.2f, 0.2f, 0.8f, 0.3f, 0.7f, 0.4f, 0.6f};
        const inspection::ConfidentJoint j = inspection::confidentJoint(probs, 2, {0, 0, 0, 1, 1});
        QCOMPARE(j.thresholds.size(), std::size_t(2));
        QVERIFY(std::abs(j.thresholds[0] - 1.9 / 3) < 1e-6);
        QVERIFY(std::abs(j.thresholds[1] - 0.65) < 1e-6);
        QCOMPARE(j.likelyTrue, (std::vector<int>{0, 0, 1, 1, -1}));
        QCOMPARE(j.counts, (std::vector<std::vector<std::int64_t>>{{2, 1}, {0, 1}}));
        QVERIFY(std::abs(j.noiseRate[0] - 1.0 / 3) < 1e-9);
        QCOMPARE(j.noiseRate[1], 0.0);
        QCOMPARE(j.perClass, (std::vector<std::int64_t>{3, 2}));
    }

    void foldsAreStratifiedAndSeeded() {
        std::vector<int> labels;
        for (int i = 0; i < 103; ++i) labels.push_back(i % 3 == 0 ? 1 : 0);  // 35 vs 68
        const auto a = inspection::stratifiedFolds(labels, 5, 7);
        QCOMPARE(inspection::stratifiedFolds(labels, 5, 7), a);
        QVERIFY(inspection::stratifiedFolds(labels, 5, 8) != a);
        for (int c = 0; c < 2; ++c) {
            std::vector<int> perFold(5, 0);
            for (std::size_t i = 0; i < labels.size(); ++i)
                if (labels[i] == c) ++perFold[static_cast<std::size_t>(a[i])];
            const auto [lo, hi] = std::minmax_element(perFold.begin(), perFold.end());
            QVERIFY2(*hi - *lo <= 1, "a class is spread over the folds within one image");
        }
    }

    void plantedFlipRanksFirst() {
        // Two Gaussian clouds in 8 dimensions, well apart; row 17 sits in cloud 0 but is
        // labelled 1. No fold sees its own row, so its given label gets the lowest probability.
        std::mt19937_64 rng(3);
        std::normal_distribution<float> noise(0.f, 1.f);
        const int n = 200;
        torch::Tensor x = torch::empty({n, 8});
        std::vector<int> labels(n);
        for (int i = 0; i < n; ++i) {
            labels[i] = i % 2;
            for (int d = 0; d < 8; ++d) x[i][d] = noise(rng) + (labels[i] ? 2.5f : -2.5f);
        }
        labels[17] = 1 - labels[17];
        const auto folds = inspection::stratifiedFolds(labels, 5, 1);
        const auto cv =
            inspection::outOfFoldProbabilities(x, labels, 2, folds, 5, {1.0, 0.01}, JobControl{});
        QCOMPARE(cv.tried.size(), std::size_t(2));
        std::vector<float> self(n);
        for (int i = 0; i < n; ++i) self[i] = cv.probs[i][labels[i]].item<float>();
        QCOMPARE(int(std::min_element(self.begin(), self.end()) - self.begin()), 17);
        QVERIFY(self[17] < 0.05f);
    }

    void badOptions() {
        LabelIssuesOptions o;
        o.dataDir = tmp_.filePath(QStringLiteral("nowhere")).toStdString();
        o.backbone = "mobilenet_v1_0.25";
        auto code = [](const LabelIssuesOptions& opt) {
            try {
                findLabelIssues(opt);
            } catch (const Error& e) {
                return e.code();
            }
            return ErrorCode::Internal;  // "no error" is a failure below
        };
        LabelIssuesOptions bad = o;
        bad.folds = 1;
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        bad = o;
        bad.split = "test";
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        bad = o;
        bad.layers.clear();
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        bad = o;
        bad.l2 = -1;
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        QCOMPARE(code(o), ErrorCode::NotFound);
    }

    void flippedLabelsFoundInTheTop100() {
        SKIP_WITHOUT_SHARED();
        // A temporary copy of 1,000 real cats and 1,000 real dogs (symlinks; the shared folder
        // is never written), 40 of each class moved into the other class's folder.
        const std::vector<flipcopy::Photo> photos = flipcopy::photos(kPerClass);
        const QString root = tmp_.filePath(QStringLiteral("flipped"));
        LabelIssuesOptions o;
        o.dataDir = root.toStdString();
        o.backbone = backbone();
        // One cache for the three flip sets: only the moved images are decoded again.
        o.cacheDir = tmp_.filePath(QStringLiteral("cache")).toStdString();

        std::vector<int> found;
        for (const std::uint64_t seed : {1u, 2u, 3u}) {
            const std::set<std::size_t> flipped =
                flipcopy::flipSet(seed, kPerClass, kFlipsPerClass);
            const std::string problem = flipcopy::arrange(
                o.dataDir, testsupport::dogscatsDir().toStdString() + "/train", photos, flipped);
            QVERIFY2(problem.empty(), problem.c_str());
            o.seed = seed;
            const LabelIssuesReport r = findLabelIssues(o);
            QCOMPARE(r.rows.size(), std::size_t(2 * kPerClass));
            QCOMPARE(r.classes, (std::vector<std::string>{"cats", "dogs"}));
            const std::set<std::string> flippedPaths = flipcopy::flippedPaths(photos, flipped);
            int inTop = 0, flaggedFlipped = 0;
            for (std::size_t i = 0; i < r.rows.size(); ++i) {
                const LabelIssueRow& row = r.rows[i];
                const bool isFlipped = flippedPaths.count(row.relativePath) > 0;
                if (i < kTop) inTop += isFlipped;
                flaggedFlipped += isFlipped && row.likelyMislabeled;
                if (row.likelyMislabeled) QVERIFY(row.suggested != row.given);
                if (i > 0) QVERIFY(r.rows[i - 1].score <= row.score);
            }
            found.push_back(inTop);
            qInfo(
                "seed %llu: %d of 80 flipped labels in the top %d; %zu flagged, %d of them "
                "flipped; noise estimate cats %.3f, dogs %.3f; l2 %g; out-of-fold accuracy "
                "%.4f; %zu decoded, %.1f s",
                static_cast<unsigned long long>(seed), inTop, kTop, r.likelyMislabeled,
                flaggedFlipped, r.noiseRate[0], r.noiseRate[1], r.l2, r.outOfFoldAccuracy,
                r.decoded, r.seconds);
            // 4% were flipped; the estimate must see noise without calling most labels wrong.
            for (double rate : r.noiseRate) QVERIFY(rate > 0.01 && rate < 0.2);
            QVERIFY(flaggedFlipped >= kFlipsPerClass);  // the flags catch at least half

            if (seed == 1) {
                // Same images, same seed: nothing decoded, the same ranking.
                const LabelIssuesReport again = findLabelIssues(o);
                QCOMPARE(again.decoded, std::size_t(0));
                QCOMPARE(again.reused, std::size_t(2 * kPerClass));
                for (std::size_t i = 0; i < r.rows.size(); ++i) {
                    QCOMPARE(again.rows[i].relativePath, r.rows[i].relativePath);
                    QCOMPARE(again.rows[i].score, r.rows[i].score);
                }
            } else {
                // Only the images that moved since the last flip set were decoded.
                QVERIFY(r.decoded <= std::size_t(4 * kFlipsPerClass));
            }
        }
        const double mean = (found[0] + found[1] + found[2]) / 3.0;
        qInfo("flipped labels in the top %d: %d, %d, %d; mean %.1f (bar: 50)", kTop, found[0],
              found[1], found[2], mean);
        QVERIFY2(mean >= 50, qPrintable(QStringLiteral("mean %1 < 50").arg(mean)));

        // Stop asked for while the folds fit: Cancelled within one fit.
        struct StopAtFirstFit : JobObserver {
            CancelToken token;
            std::size_t fits = 0;
            void onProgress(const Progress& p) override {
                if (p.phase != "fit") return;
                fits = p.done;
                if (p.done >= 1) token.cancel();
            }
        } stopper;
        try {
            findLabelIssues(o, JobControl{&stopper.token, &stopper});
            QFAIL("a cancelled search finished");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QCOMPARE(stopper.fits, std::size_t(1));

        // The valid split is judged on its own; this copy has none.
        o.split = "valid";
        try {
            findLabelIssues(o);
            QFAIL("a data folder without valid/ was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadDataset);
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestLabelIssues)
#include "test_label_issues.moc"

// The LR finder: its suggestion lies where training converges (found by training on a grid of
// LRs), the weights are bit-identical after a sweep (also a cancelled one), and the public
// entry point runs a recipe stage's sweep on generated images.
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "featurelab/error.h"
#include "featurelab/lr_finder.h"
#include "featurelab/recipe_config.h"
#include "recipe_data.h"
#include "test_support.h"
#include "training/lr_sweep.h"

using namespace featurelab;
using namespace featurelab::training;

namespace {

/// Four Gaussian blobs in D dimensions (class centres +-2.5 on two axes): separable, but a
/// linear model needs a few dozen steps at a sensible LR to get there.
std::pair<torch::Tensor, torch::Tensor> blobs(std::int64_t n, std::int64_t d, std::uint64_t seed) {
    torch::manual_seed(seed);
    auto y = torch::arange(n, torch::kInt64).remainder(4);
    auto x = torch::randn({n, d});
    x.select(1, 0).add_((y.remainder(2).to(torch::kFloat32) * 2 - 1) * 2.5);
    x.select(1, 1).add_((y.div(2, "floor").to(torch::kFloat32) * 2 - 1) * 2.5);
    return {x, y};
}

/// The 'last' stage's model on features: a new classifier (with BatchNorm in front, so that
/// buffers take part in the snapshot too).
struct Head : torch::nn::Module {
    torch::nn::BatchNorm1d bn{nullptr};
    torch::nn::Linear fc{nullptr};
    Head(std::int64_t d, std::int64_t c) {
        bn = register_module("bn", torch::nn::BatchNorm1d(d));
        fc = register_module("fc", torch::nn::Linear(d, c));
    }
    torch::Tensor forward(const torch::Tensor& x) { return fc->forward(bn->forward(x)); }
};

TrainableModel modelOf(const std::shared_ptr<Head>& h) {
    TrainableModel m;
    m.forward = [h](const torch::Tensor& x) { return h->forward(x); };
    m.parameters = h->parameters();
    m.setTrainMode = [h](bool on) { h->train(on); };
    m.stateModule = h.get();
    return m;
}

std::vector<torch::Tensor> stateOf(const std::shared_ptr<Head>& h) {
    std::vector<torch::Tensor> s;
    for (const auto& p : h->parameters()) s.push_back(p.detach().clone());
    for (const auto& b : h->buffers()) s.push_back(b.detach().clone());
    return s;
}

bool bitIdentical(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!torch::equal(a[i], b[i])) return false;  // exact, element for element
    return true;
}

TrainSettings adam(double lr) {
    TrainSettings s;
    s.stage = "last";
    s.optimizer = "adam";  // the registry's optimizer for every stage
    s.lr = lr;
    s.batchSize = 32;
    s.epochs = 2;
    s.seed = 7;
    s.restoreBest = false;
    return s;
}

/// Cancels the token after `after` batches.
struct CancellingSource : BatchSource {
    BatchSource& inner;
    CancelToken& token;
    int after, served = 0;
    CancellingSource(BatchSource& s, CancelToken& t, int a) : inner(s), token(t), after(a) {}
    std::size_t size() const override { return inner.size(); }
    void start(bool shuffle, std::size_t b, std::uint64_t seed) override {
        inner.start(shuffle, b, seed);
    }
    bool next(torch::Tensor& x, torch::Tensor& y) override {
        if (++served > after) token.cancel();
        return inner.next(x, y);
    }
};

}  // namespace

class TestLrFinder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void suggestionLiesWhereTrainingConverges() {
        const auto [x, y] = blobs(640, 16, 1);
        const auto [vx, vy] = blobs(320, 16, 2);
        torch::manual_seed(3);
        auto head = std::make_shared<Head>(16, 4);
        auto initial = stateOf(head);
        TrainableModel m = modelOf(head);
        TensorBatches train(x, y);
        SweepSettings sweep;
        sweep.iterations = 200;
        const SweepCurve curve = lrSweep(m, train, adam(1e-3), sweep, nullptr, nullptr);
        QVERIFY(curve.lrs.size() >= 20);
        QVERIFY(curve.diverged);  // Adam at LR 10 on this head blows up before the end
        double suggested = 0;
        std::string method;
        suggestLearningRate(curve.lrs, curve.smoothed, suggested, method);
        qInfo("suggested LR %.3g (%s), %zu steps", suggested, method.c_str(), curve.lrs.size());

        // Where does training converge? Two epochs (40 steps) from the same start per LR on a
        // half-decade grid; converged = valid accuracy >= 0.9 and valid loss below half the
        // untrained model's.
        TensorBatches valid(vx, vy);
        const double startLoss = evaluate(m, valid, 256, LossKind::CrossEntropy, nullptr).loss;
        double lowest = 0, highest = 0;
        QStringList table;
        for (double e = -6; e <= 1.01; e += 0.5) {
            const double lr = std::pow(10.0, e);
            auto h = std::make_shared<Head>(16, 4);
            {
                torch::NoGradGuard ng;
                auto ps = h->parameters();
                auto bs = h->buffers();
                for (std::size_t i = 0; i < ps.size(); ++i) ps[i].copy_(initial[i]);
                for (std::size_t i = 0; i < bs.size(); ++i) bs[i].copy_(initial[ps.size() + i]);
            }
            TrainableModel t = modelOf(h);
            bool converged = false;
            try {
                training::train(t, train, nullptr, adam(lr), nullptr, nullptr);
                const EvalResult r = evaluate(t, valid, 256, LossKind::CrossEntropy, nullptr);
                converged = r.acc >= 0.9 && r.loss < startLoss / 2;
                table << QString("%1: acc %2 loss %3").arg(lr, 0, 'g', 2).arg(r.acc).arg(r.loss);
            } catch (const Error&) {
                table << QString("%1: NaN").arg(lr, 0, 'g', 2);
            }
            if (converged && lowest == 0) lowest = lr;
            if (converged) highest = lr;
        }
        qInfo("%s", qPrintable(table.join("; ")));
        qInfo("converges from %.3g to %.3g (start loss %.3f)", lowest, highest, startLoss);
        QVERIFY2(lowest > 0, "training never converged on the grid");
        QVERIFY2(lowest > 1e-6 && highest < 10,
                 "the grid must show both ends of the converging range");
        QVERIFY2(
            suggested >= lowest && suggested <= highest,
            qPrintable(
                QString("suggested %1 outside [%2, %3]").arg(suggested).arg(lowest).arg(highest)));
    }

    void weightsBitIdenticalAfterSweep() {
        const auto [x, y] = blobs(256, 8, 4);
        torch::manual_seed(5);
        auto head = std::make_shared<Head>(8, 4);
        const auto before = stateOf(head);
        TrainableModel m = modelOf(head);
        TensorBatches train(x, y);
        SweepSettings sweep;
        sweep.iterations = 60;  // 8 batches a pass: several passes, BatchNorm statistics move
        const SweepCurve curve = lrSweep(m, train, adam(1e-3), sweep, nullptr, nullptr);
        QVERIFY(curve.lrs.size() >= 10);
        for (std::size_t i = 1; i < curve.lrs.size(); ++i) QVERIFY(curve.lrs[i] > curve.lrs[i - 1]);
        QCOMPARE(curve.losses.size(), curve.lrs.size());
        QCOMPARE(curve.smoothed.size(), curve.lrs.size());
        QVERIFY(bitIdentical(before, stateOf(head)));
        QVERIFY(!head->is_training());
    }

    void cancelStopsWithinABatchAndRestores() {
        const auto [x, y] = blobs(256, 8, 6);
        torch::manual_seed(7);
        auto head = std::make_shared<Head>(8, 4);
        const auto before = stateOf(head);
        TrainableModel m = modelOf(head);
        TensorBatches inner(x, y);
        CancelToken token;
        CancellingSource train(inner, token, 5);
        SweepSettings sweep;
        sweep.iterations = 100;
        try {
            lrSweep(m, train, adam(1e-3), sweep, nullptr, &token);
            QFAIL("the sweep was not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QCOMPARE(train.served, 6);  // the batch after the cancel is never trained
        QVERIFY(bitIdentical(before, stateOf(head)));
    }

    void suggestionRules() {
        // Loss falls fastest at 1e-3 (index 40 of 0..100 over 1e-7..10), minimum at 1e-1.
        std::vector<double> lrs, loss;
        for (int i = 0; i <= 100; ++i) {
            const double l = std::log10(1e-7) + 8.0 * i / 100;
            lrs.push_back(std::pow(10.0, l));
            loss.push_back(l < -1 ? 1 - std::tanh(2 * (l + 3)) : 1 + (l + 1));
        }
        double lr = 0;
        std::string method;
        suggestLearningRate(lrs, loss, lr, method);
        QVERIFY2(std::abs(std::log10(lr) + 3) < 0.05, qPrintable(QString::number(lr)));
        QVERIFY(method.find("steepest") != std::string::npos);
        // A minimum at the start: min / 10.
        std::vector<double> rising;
        for (int i = 0; i <= 100; ++i) rising.push_back(1 + i);
        suggestLearningRate(lrs, rising, lr, method);
        QCOMPARE(lr, lrs[0] / 10);
        QVERIFY(method.find("minimum") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(Error, suggestLearningRate({1.0}, {1.0}, lr, method));
    }

    void publicSweepOnARecipeStage() {
        QTemporaryDir tmp;
        const QString data = tmp.filePath("data");
        recipedata::makeColourFolder(data, 24, 8, 0);
        LrFindOptions o;
        o.run = buildRecipeConfig(
            recipedata::tinyRecipe(data, tmp.filePath("run"), tmp.filePath("cache"), {"last"}, 1),
            {{"last"}});
        o.stage = "last";
        o.iterations = 30;
        struct Log : JobObserver {
            void onMessage(const std::string& l) override { qInfo("%s", l.c_str()); }
        } log;
        const LrFindResult r = findLearningRate(o, JobControl{nullptr, &log});
        QCOMPARE(r.stage, std::string("last"));
        QVERIFY(r.lrs.size() >= 2 && r.lrs.size() <= 30);
        QCOMPARE(r.lrs.front(), 1e-7);
        QVERIFY(r.suggestedLr >= 1e-8 && r.suggestedLr <= 10);
        QVERIFY(!r.method.empty());
        QVERIFY(!QDir(tmp.filePath("run")).exists());  // the sweep writes no run folder

        o.stage = "conv";  // not among the run's stages
        try {
            findLearningRate(o);
            QFAIL("no error for a stage the run lacks");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
        }
        o.stage = "last";
        CancelToken token;
        token.cancel();
        try {
            findLearningRate(o, JobControl{&token, nullptr});
            QFAIL("no error for a cancelled sweep");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestLrFinder)
#include "test_lr_finder.moc"

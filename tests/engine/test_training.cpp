// The training core on generated features: the lesson's linear regression, optimizers, seeds,
// LR steps, class weights, throttled reports, cancel and the NaN guard.
#include <QTest>
#include <thread>

#include "featurelab/error.h"
#include "test_support.h"
#include "training/trainer.h"

using namespace featurelab;
using namespace featurelab::training;

namespace {

/// Two Gaussian blobs in D dimensions, classes 0 and 1, balanced.
std::pair<torch::Tensor, torch::Tensor> blobs(std::int64_t n, std::int64_t d, std::uint64_t seed) {
    torch::manual_seed(seed);
    auto y = torch::arange(n, torch::kInt64).remainder(2);
    auto x = torch::randn({n, d}) + y.unsqueeze(1).to(torch::kFloat32) * 2.0 - 1.0;
    return {x, y};
}

TrainableModel modelOf(torch::nn::Linear& lin) {
    TrainableModel m;
    m.forward = [lin](const torch::Tensor& x) mutable { return lin->forward(x); };
    m.parameters = lin->parameters();
    m.setTrainMode = [lin](bool on) mutable { lin->train(on); };
    m.stateModule = lin.ptr().get();
    return m;
}

struct CountingObserver : JobObserver {
    std::vector<EpochMetrics> epochs;
    int batches = 0;
    std::function<void(const EpochMetrics&)> hook;
    void onEpoch(const EpochMetrics& m) override {
        epochs.push_back(m);
        if (hook) hook(m);
    }
    void onBatch(const BatchMetrics&) override { ++batches; }
};

/// Wraps a source: counts batches, can cancel a token or poison a batch, can be slow.
struct ProbeSource : BatchSource {
    BatchSource& inner;
    int starts = 0, served = 0;
    int cancelAfter = -1;  // cancel the token after this many batches in total
    CancelToken* token = nullptr;
    int poisonStart = -1, poisonBatch = -1;  // NaN in batch poisonBatch of pass poisonStart
    int batchInPass = 0;
    int sleepMs = 0;
    explicit ProbeSource(BatchSource& s) : inner(s) {}
    std::size_t size() const override { return inner.size(); }
    void start(bool shuffle, std::size_t b, std::uint64_t seed) override {
        ++starts;
        batchInPass = 0;
        inner.start(shuffle, b, seed);
    }
    bool next(torch::Tensor& x, torch::Tensor& y) override {
        if (!inner.next(x, y)) return false;
        ++served;
        ++batchInPass;
        if (starts == poisonStart && batchInPass == poisonBatch) x = x.clone().fill_(NAN);
        if (token && served == cancelAfter) token->cancel();
        if (sleepMs) std::this_thread::sleep_for(std::chrono::milliseconds(sleepMs));
        return true;
    }
};

std::vector<torch::Tensor> cloneAll(const std::vector<torch::Tensor>& ps) {
    std::vector<torch::Tensor> out;
    for (const auto& p : ps) out.push_back(p.detach().clone());
    return out;
}

bool sameTensors(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!torch::equal(a[i], b[i])) return false;
    return true;
}

}  // namespace

class TestTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }

    // The lesson's opening: fit y = 2*x1 + 3*x2 + 1 with a one-unit dense layer by SGD.
    void linearRegressionRecoversWeights() {
        torch::manual_seed(0);
        auto x = torch::rand({2000, 2});
        auto y = (x.select(1, 0) * 2 + x.select(1, 1) * 3 + 1).unsqueeze(1);
        torch::nn::Linear lin(2, 1);
        auto m = modelOf(lin);
        TensorBatches data(x, y);
        TrainSettings s;
        s.optimizer = "sgd";
        s.lr = 0.1;
        s.momentum = 0.9;
        s.epochs = 10;
        s.batchSize = 32;
        s.loss = LossKind::Mse;
        train(m, data, nullptr, s, nullptr, nullptr);
        const auto w = lin->weight.detach();
        const auto b = lin->bias.detach();
        QVERIFY2(std::abs(w[0][0].item<double>() - 2) < 0.05,
                 qPrintable(QString::number(w[0][0].item<double>())));
        QVERIFY(std::abs(w[0][1].item<double>() - 3) < 0.05);
        QVERIFY(std::abs(b[0].item<double>() - 1) < 0.05);
    }

    void optimizersLearn_data() {
        QTest::addColumn<QString>("optimizer");
        QTest::addColumn<double>("lr");
        QTest::newRow("sgd") << "sgd" << 0.05;
        QTest::newRow("rmsprop") << "rmsprop" << 0.01;
        QTest::newRow("adam") << "adam" << 0.01;
    }
    void optimizersLearn() {
        QFETCH(QString, optimizer);
        QFETCH(double, lr);
        auto [x, y] = blobs(600, 8, 1);
        auto [vx, vy] = blobs(200, 8, 2);
        torch::manual_seed(3);
        torch::nn::Linear lin(8, 2);
        auto m = modelOf(lin);
        TensorBatches data(x, y), valid(vx, vy);
        TrainSettings s;
        s.optimizer = optimizer.toStdString();
        s.lr = lr;
        s.epochs = 3;
        s.batchSize = 32;
        CountingObserver obs;
        const auto r = train(m, data, &valid, s, &obs, nullptr);
        QCOMPARE(obs.epochs.size(), std::size_t(3));
        QCOMPARE(obs.epochs[2].epoch, 3);
        QVERIFY2(obs.epochs.back().validAcc > 0.95,
                 qPrintable(QString::number(obs.epochs.back().validAcc)));
        QVERIFY(r.trainAcc > 0.9);
        QVERIFY(obs.epochs.back().validLoss < obs.epochs.front().validLoss + 1e-9);
    }

    // Validation labels opposite to training's: the more the model learns, the worse valid
    // gets, so the best epoch is the first and the stage must end on its weights.
    void keepsTheBestEpochAndStopsEarly() {
        auto [x, y] = blobs(400, 8, 1);
        auto [vx, vy] = blobs(200, 8, 2);
        vy = 1 - vy;
        for (const bool restore : {true, false}) {
            torch::manual_seed(3);
            torch::nn::Linear lin(8, 2);
            auto m = modelOf(lin);
            TensorBatches data(x, y), valid(vx, vy);
            TrainSettings s;
            s.lr = 0.05;
            s.epochs = 5;
            s.batchSize = 32;
            s.restoreBest = restore;
            CountingObserver obs;
            const auto r = train(m, data, &valid, s, &obs, nullptr);
            QCOMPARE(r.curve.size(), std::size_t(5));
            int best = 1;
            for (int e = 2; e <= 5; ++e)
                if (obs.epochs[e - 1].validAcc > obs.epochs[best - 1].validAcc) best = e;
            QVERIFY2(best < 5, "the setup should make an early epoch the best");
            const double endAcc = evaluate(m, valid, 64, LossKind::CrossEntropy, nullptr).acc;
            if (restore) {
                QCOMPARE(r.bestEpoch, best);
                QCOMPARE(endAcc, obs.epochs[best - 1].validAcc);  // the best epoch's weights
            } else {
                QCOMPARE(r.bestEpoch, 5);
                QCOMPARE(endAcc, obs.epochs[4].validAcc);  // the last epoch's weights
            }
        }
        // Patience 1: the first epoch that is not better ends the stage.
        torch::manual_seed(3);
        torch::nn::Linear lin(8, 2);
        auto m = modelOf(lin);
        TensorBatches data(x, y), valid(vx, vy);
        TrainSettings s;
        s.lr = 0.05;
        s.epochs = 50;
        s.batchSize = 32;
        s.patience = 1;
        const auto r = train(m, data, &valid, s, nullptr, nullptr);
        QVERIFY2(r.curve.size() < 50, qPrintable(QString::number(r.curve.size())));
        QCOMPARE(int(r.curve.size()), r.bestEpoch + 1);
    }

    void seededRunsAreIdentical() {
        auto run = [] {
            auto [x, y] = blobs(300, 16, 5);
            torch::manual_seed(9);
            torch::nn::Sequential net(torch::nn::Linear(16, 8), torch::nn::Dropout(0.3),
                                      torch::nn::Linear(8, 2));
            TrainableModel m;
            m.forward = [net](const torch::Tensor& t) mutable { return net->forward(t); };
            m.parameters = net->parameters();
            m.setTrainMode = [net](bool on) mutable { net->train(on); };
            m.stateModule = net.ptr().get();
            TensorBatches data(x, y);
            TrainSettings s;
            s.epochs = 2;
            s.batchSize = 16;
            s.seed = 123;
            CountingObserver obs;
            train(m, data, &data, s, &obs, nullptr);
            return std::make_pair(obs.epochs, cloneAll(net->parameters()));
        };
        const auto a = run();
        const auto b = run();
        QCOMPARE(a.first.size(), b.first.size());
        for (std::size_t i = 0; i < a.first.size(); ++i) {
            QCOMPARE(a.first[i].trainLoss, b.first[i].trainLoss);
            QCOMPARE(a.first[i].validLoss, b.first[i].validLoss);
        }
        QVERIFY(sameTensors(a.second, b.second));
    }

    void lrStepToZeroFreezesLaterEpochs() {
        auto [x, y] = blobs(200, 4, 1);
        torch::nn::Linear lin(4, 2);
        auto m = modelOf(lin);
        TensorBatches data(x, y);
        TrainSettings s;
        s.optimizer = "sgd";
        s.momentum = 0;
        s.lr = 0.1;
        s.epochs = 3;
        s.lrSteps = {{2, 0.0}};
        std::vector<std::vector<torch::Tensor>> after;
        CountingObserver obs;
        obs.hook = [&](const EpochMetrics&) { after.push_back(cloneAll(lin->parameters())); };
        train(m, data, nullptr, s, &obs, nullptr);
        QCOMPARE(after.size(), std::size_t(3));
        QVERIFY(sameTensors(after[0], after[1]));
        QVERIFY(sameTensors(after[1], after[2]));
    }

    void classWeightsShiftDecisions() {
        // Heavily overlapping classes: the weights decide which way the doubtful cases go.
        torch::manual_seed(4);
        auto y = torch::arange(400, torch::kInt64).remainder(2);
        auto x = torch::randn({400, 2}) + y.unsqueeze(1).to(torch::kFloat32) * 0.5;
        auto predictedOnes = [&](std::vector<float> weights) {
            torch::manual_seed(5);
            torch::nn::Linear lin(2, 2);
            auto m = modelOf(lin);
            TensorBatches data(x, y);
            TrainSettings s;
            s.lr = 0.05;
            s.epochs = 5;
            s.classWeights = weights;
            train(m, data, nullptr, s, nullptr, nullptr);
            return evaluate(m, data, 128, LossKind::CrossEntropy, nullptr)
                .probs.argmax(1)
                .sum()
                .item<std::int64_t>();
        };
        const auto favourOne = predictedOnes({1.0f, 5.0f});
        const auto equal = predictedOnes({});
        const auto favourZero = predictedOnes({5.0f, 1.0f});
        QVERIFY2(favourOne > equal + 50 && equal > favourZero + 50,
                 qPrintable(QString("%1 %2 %3").arg(favourOne).arg(equal).arg(favourZero)));
    }

    void batchReportsAreThrottled() {
        auto [x, y] = blobs(800, 4, 1);
        torch::nn::Linear lin(4, 2);
        auto m = modelOf(lin);
        TensorBatches inner(x, y);
        ProbeSource data(inner);
        data.sleepMs = 5;  // 100 batches of >= 5 ms: >= 0.5 s
        TrainSettings s;
        s.batchSize = 8;
        CountingObserver obs;
        train(m, data, nullptr, s, &obs, nullptr);
        QCOMPARE(data.served, 100);
        QVERIFY2(obs.batches >= 1 && obs.batches <= 8, qPrintable(QString::number(obs.batches)));
    }

    void cancelStopsWithinOneBatch() {
        auto [x, y] = blobs(800, 4, 1);
        torch::nn::Linear lin(4, 2);
        auto m = modelOf(lin);
        TensorBatches inner(x, y);
        ProbeSource data(inner);
        CancelToken token;
        data.token = &token;
        data.cancelAfter = 7;
        TrainSettings s;
        s.batchSize = 8;
        s.epochs = 5;
        try {
            train(m, data, nullptr, s, nullptr, &token);
            QFAIL("training was not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QVERIFY2(data.served <= 8, qPrintable(QString::number(data.served)));
    }

    void nanBatchKeepsLastGoodEpoch() {
        auto [x, y] = blobs(200, 4, 1);
        torch::nn::Linear lin(4, 2);
        auto m = modelOf(lin);
        TensorBatches inner(x, y);
        ProbeSource data(inner);
        data.poisonStart = 2;  // the second epoch's third batch holds a NaN feature
        data.poisonBatch = 3;
        TrainSettings s;
        s.batchSize = 16;
        s.epochs = 3;
        s.lr = 0.01;
        std::vector<torch::Tensor> epoch1;
        CountingObserver obs;
        obs.hook = [&](const EpochMetrics& e) {
            if (e.epoch == 1) epoch1 = cloneAll(lin->parameters());
        };
        try {
            train(m, data, nullptr, s, &obs, nullptr);
            QFAIL("NaN went unnoticed");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Numerical);
            QVERIFY2(QString(e.what()).contains("epoch 2, batch 3"), e.what());
            QVERIFY(QString(e.what()).contains("NaN"));
        }
        QCOMPARE(obs.epochs.size(), std::size_t(1));
        QVERIFY(sameTensors(cloneAll(lin->parameters()), epoch1));
    }

    void hugeLearningRateIsCaught() {
        auto [x, y] = blobs(400, 4, 1);
        x = x * 1e18;
        torch::nn::Linear lin(4, 2);
        auto before = cloneAll(lin->parameters());
        auto m = modelOf(lin);
        TensorBatches data(x, y);
        TrainSettings s;
        s.optimizer = "sgd";
        s.lr = 1e30;
        s.epochs = 2;
        s.batchSize = 8;
        QVERIFY_THROWS_EXCEPTION(Error, train(m, data, nullptr, s, nullptr, nullptr));
        for (const auto& p : lin->parameters()) QVERIFY(torch::isfinite(p).all().item<bool>());
        QVERIFY(sameTensors(cloneAll(lin->parameters()), before));  // failed in epoch 1
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestTraining)
#include "test_training.moc"

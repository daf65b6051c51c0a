// Benchmark: training a new classifier on cached features at the lesson's scale, through the
// engine's own training loop (training::train) with the 'last' stage's defaults (optimizer, LR,
// LR steps) except epochs and batch size. The features are synthetic (two Gaussian classes), so
// the figure is the loop's cost, whatever the data. Prints one JSON line; not a test.
//
//   bench_train_head [--rows 23000] [--dim 4096] [--valid 2000] [--epochs 3] [--batch 64]
//                    [--threads T] [--hidden H]
//
// --hidden H trains Linear(dim, H) + ReLU + Linear(H, 2) instead (VGG16's dense stage: dim
// 25088, H 4096), where the matrix products dominate.
//
// Every epoch also evaluates the valid rows, as every recipe stage does; seconds_per_epoch is the
// median of the trainer's own per-epoch times (EpochMetrics::seconds: train + valid).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/runtime.h"
#include "training/trainer.h"

using namespace featurelab;

namespace {

/// Rows of two classes whose means differ slightly in every column.
std::pair<torch::Tensor, torch::Tensor> synthetic(std::int64_t rows, std::int64_t dim) {
    torch::Tensor y = torch::randint(0, 2, {rows}, torch::kInt64);
    torch::Tensor x = torch::randn({rows, dim});
    x.add_(y.to(torch::kFloat32).mul(0.05).unsqueeze(1));
    return {x, y};
}

class EpochTimes : public JobObserver {
public:
    std::vector<double> seconds;
    double lastAcc = 0;
    void onEpoch(const EpochMetrics& m) override {
        seconds.push_back(m.seconds);
        lastAcc = m.validAcc;
    }
};

}  // namespace

int main(int argc, char** argv) {
    std::int64_t rows = 23000, dim = 4096, validRows = 2000;
    int epochs = 3, batch = 64, threads = 0;
    std::int64_t hidden = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--rows")
            rows = std::stoll(v);
        else if (k == "--dim")
            dim = std::stoll(v);
        else if (k == "--valid")
            validRows = std::stoll(v);
        else if (k == "--epochs")
            epochs = std::stoi(v);
        else if (k == "--batch")
            batch = std::stoi(v);
        else if (k == "--threads")
            threads = std::stoi(v);
        else if (k == "--hidden")
            hidden = std::stoll(v);
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    try {
        const RuntimeInfo rt = initRuntime(threads);
        const torch::Device device(rt.device);
        torch::manual_seed(1);
        auto [x, y] = synthetic(rows, dim);
        auto [vx, vy] = synthetic(validRows, dim);
        training::TensorBatches train(x.to(device), y), valid(vx.to(device), vy);

        auto head = std::make_shared<torch::nn::SequentialImpl>();
        if (hidden > 0) {
            head->push_back(torch::nn::Linear(dim, hidden));
            head->push_back(torch::nn::ReLU());
            head->push_back(torch::nn::Linear(hidden, 2));
        } else {
            head->push_back(torch::nn::Linear(dim, 2));
        }
        head->to(device);
        training::TrainableModel m;
        m.forward = [head](const torch::Tensor& in) { return head->forward(in); };
        m.parameters = head->parameters();
        m.setTrainMode = [head](bool on) { head->train(on); };
        m.stateModule = head.get();
        m.device = device;

        const StageConfig last = RecipeConfig::defaultStage("last");
        training::TrainSettings s;
        s.stage = "last";
        s.optimizer = last.optimizer;
        s.lr = last.lr;
        s.lrSteps = last.lrSteps;
        s.epochs = epochs;
        s.batchSize = batch;
        EpochTimes times;
        const auto t0 = std::chrono::steady_clock::now();
        training::train(m, train, &valid, s, &times, nullptr);
        const double total =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::vector<double> sorted = times.seconds;
        std::sort(sorted.begin(), sorted.end());
        const double median = sorted.empty() ? 0 : sorted[sorted.size() / 2];
        std::printf(
            "{\"rows\": %lld, \"dim\": %lld, \"valid_rows\": %lld, \"epochs\": %zu, "
            "\"batch\": %d, \"device\": \"%s\", \"threads\": %d, "
            "\"seconds_per_epoch\": %.4f, \"seconds_total\": %.4f, \"valid_acc\": %.4f}\n",
            static_cast<long long>(rows), static_cast<long long>(dim),
            static_cast<long long>(validRows), times.seconds.size(), batch, rt.device.c_str(),
            rt.intraOpThreads, median, total, times.lastAcc);
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_train_head: %s\n", e.what());
        return 1;
    }
    return 0;
}

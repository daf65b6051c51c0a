// printStageTable (cli_stage_table.h).
#include "cli_stage_table.h"

#include <cstdio>

namespace featurelab::cli {

void printStageTable(const RecipeResult& r, const std::string& outDir) {
    // "best": the epoch whose weights the stage kept (restore_best_weights).
    std::printf("\n%-7s %1s %12s %6s %4s %8s %9s %9s %10s  %s\n", "stage", "", "trainable",
                "epochs", "best", "seconds", "train acc", "valid acc", "valid loss", "note");
    for (std::size_t i = 0; i < r.stages.size(); ++i) {
        const StageResult& s = r.stages[i];
        std::printf("%-7s %1s %12lld %6d %4d %8.1f %9.4f %9.4f %10.4f  %s\n", s.stage.c_str(),
                    static_cast<int>(i) == r.bestStage ? "*" : "",
                    static_cast<long long>(s.trainableParams), s.epochs, s.bestEpoch, s.seconds,
                    s.trainAcc, s.validAcc, s.validLoss, s.note.c_str());
    }
    if (r.bestStage >= 0) {
        const StageResult& b = r.stages[static_cast<std::size_t>(r.bestStage)];
        std::printf("\n* best stage: %s (valid acc %.4f) -> %s/model.safetensors\n",
                    b.stage.c_str(), b.validAcc, outDir.c_str());
    }
    for (const auto& c : r.reports)
        std::printf("  %-12s precision %.4f  recall %.4f  f1 %.4f  (%lld images)\n", c.name.c_str(),
                    c.precision, c.recall, c.f1, static_cast<long long>(c.support));
}

}  // namespace featurelab::cli

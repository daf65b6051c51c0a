// RUN_DIR's files: metrics.json (also the resume record), per-stage checkpoints, the CSVs.
#pragma once

#include <string>
#include <vector>

#include "featurelab/recipe.h"
#include "recipe/run_context.h"

namespace featurelab::recipe {

/// RUN_DIR/stages/<n>-<stage>.safetensors (n 1-based).
std::string stageCheckpointPath(const std::string& outDir, std::size_t index,
                                const std::string& stage);
/// The stage's valid/test probabilities, kept for resume next to its checkpoint.
void saveStageProbs(const std::string& checkpoint, const StageOutput& out);
void loadStageProbs(const std::string& checkpoint, StageOutput& out);

/// metrics.json in the shape plus extras (runtime, best_stage, notes, per-class).
std::string metricsJson(const RecipeResult& result);
/// The inverse of metricsJson for resume and openRun: data folder, backbone, classes, runtime,
/// stages with their curves, and the best stage's index (-1 when the run has none yet). Returns
/// false when there is no metrics.json. Throws Error(InvalidArgument) for a malformed file.
bool readMetrics(const std::string& file, RecipeResult& out);

/// Writes text to file via a temporary file and a rename. Throws Error(Io).
void writeTextFile(const std::string& file, const std::string& text);

}  // namespace featurelab::recipe

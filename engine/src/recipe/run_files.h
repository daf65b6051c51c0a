// RUN_DIR's files: metrics.json (also the resume record), per-stage checkpoints, the CSVs.
#pragma once

#include <string>
#include <vector>

#include "featurelab/recipe.h"
#include "recipe/run_context.h"

namespace featurelab::recipe {

/// metrics.json's current format_version. 1 added the settings, provenance and stop record;
/// files without the key (version 0) still open.
constexpr int kMetricsFormatVersion = 1;

/// RUN_DIR/stages/<n>-<stage>.safetensors (n 1-based).
std::string stageCheckpointPath(const std::string& outDir, std::size_t index,
                                const std::string& stage);

/// A fingerprint of an image list (paths and labels, in order): stored probabilities belong to
/// exactly this list, so a resumed run can tell that valid/ changed underneath it.
std::string listingFingerprint(const std::vector<ImageEntry>& images);

/// The stage's valid/test probabilities, kept for resume next to its checkpoint, with the
/// fingerprints of the lists they were computed on.
void saveStageProbs(const std::string& checkpoint, const StageOutput& out,
                    const std::string& validFingerprint, const std::string& testFingerprint);
/// Reads them back; returns false (and loads nothing) when they were computed on other lists
/// than the given fingerprints (or on unknown ones, in files from before fingerprints).
bool loadStageProbs(const std::string& checkpoint, StageOutput& out,
                    const std::string& validFingerprint, const std::string& testFingerprint);

/// metrics.json: the run's provenance (data, backbone and its weights' SHA-256, seed, app and
/// format version, planned stages, where it stopped), every stage's settings, trained layers
/// and epoch curve, and the best stage's per-class report. Checkpoints are stored relative to
/// runDir, so the folder can move. Names that are not UTF-8 get replacement characters.
std::string metricsJson(const RecipeResult& result, const std::string& runDir);
/// The inverse of metricsJson for resume and openRun; relative checkpoints resolve against the
/// file's folder, and numbers are range-checked. Returns false when there is no metrics.json.
/// Throws Error(InvalidArgument) for a malformed file.
bool readMetrics(const std::string& file, RecipeResult& out);

/// Writes text to file atomically (util::writeTextAtomically). Throws Error(Io).
void writeTextFile(const std::string& file, const std::string& text);

}  // namespace featurelab::recipe

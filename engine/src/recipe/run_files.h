// RUN_DIR's files: metrics.json (also the resume record), per-stage checkpoints, the CSVs.
#pragma once

#include <nlohmann/json.hpp>
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

/// RUN_DIR/valid_split.txt, written when the validation images were held out of train/.
constexpr const char* kValidSplitFile = "valid_split.txt";

/// What valid_split.txt holds: the fingerprint of the whole train/ listing the split was drawn
/// from (a resumed run must see the same listing) and the held-out images' relative paths.
struct RecordedSplit {
    std::string trainFingerprint;
    std::vector<std::string> heldOut;
};

/// Writes valid_split.txt: '#' comment lines (fraction, seed, counts, the train/ fingerprint),
/// then one relative path a line ('\\', '\n' and '\r' in names escaped). Throws Error(Io).
void writeValidSplit(const std::string& file, const ValidSplit& split,
                     const std::string& trainFingerprint, std::size_t trainImages,
                     const std::vector<ImageEntry>& heldOut);
/// Reads it back. Throws Error(InvalidArgument) when the file is missing or not one of these.
RecordedSplit readValidSplit(const std::string& file);

/// A stage's settings as metrics.json stores them; recipeConfigJson prints the same keys.
nlohmann::ordered_json stageSettingsJson(const StageConfig& settings);

/// metrics.json: the run's provenance (data, backbone and its weights' SHA-256, seed, app and
/// format version, planned stages, where it stopped, where its validation images came from), every
/// stage's settings, trained layers and epoch curve, and the best stage's per-class report.
/// Checkpoints are stored relative to runDir, so the folder can move. Names that are not UTF-8 get
/// replacement characters.
std::string metricsJson(const RecipeResult& result, const std::string& runDir);
/// The inverse of metricsJson for resume and openRun; relative checkpoints resolve against the
/// file's folder, and numbers are range-checked. Returns false when there is no metrics.json.
/// Throws Error(InvalidArgument) for a malformed file.
bool readMetrics(const std::string& file, RecipeResult& out);

/// Writes text to file atomically (util::writeTextAtomically). Throws Error(Io).
void writeTextFile(const std::string& file, const std::string& text);

}  // namespace featurelab::recipe

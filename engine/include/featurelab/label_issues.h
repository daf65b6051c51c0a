// The label-error finder: out-of-fold probabilities from a k-fold logistic regression on the
// cached backbone features of one split, ranked the confident-learning way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "featurelab/job.h"
#include "featurelab/scan.h"

namespace featurelab {

struct LabelIssuesOptions {
    std::string dataDir;
    std::string backbone;         // "ARCH[@SIZE][:WEIGHTS_FILE]" (see BackboneSpec)
    std::string split = "train";  // "train" or "valid"; each split is judged on its own
    int folds = 5;                // 2..50, stratified by the given label
    std::uint64_t seed = 42;      // which fold each image falls in
    std::string cacheDir;         // empty: defaultFeatureCacheDir(dataDir) (featurelab/cache.h)
    /// Cut points whose features are concatenated ("penultimate", "probs", "pool", ...).
    /// "probs" enters as log-probabilities. The recipe's cached layer serves every cut above
    /// it without decoding an image.
    std::vector<std::string> layers{"penultimate"};
    /// L2 strength on the standardised features (mean loss + l2/2 |W|^2); 0: the value of
    /// labelIssuesL2Grid() with the lowest out-of-fold log-loss on the given labels.
    double l2 = 0;
    int workers = 2;  // decode threads, when images must be decoded
};

/// One image of the split.
struct LabelIssueRow {
    std::string path;          // absolute
    std::string relativePath;  // relative to the data root, '/'-separated
    int given = -1;            // the label its folder gives it
    /// Flagged rows: the class the confident joint counts it under; others: the class with
    /// the highest out-of-fold probability (the given one for most rows).
    int suggested = -1;
    /// The out-of-fold probability of the given label (cleanlab's self-confidence): the lower,
    /// the more likely the label is wrong.
    double score = 0;
    /// In an off-diagonal cell of the confident joint: some other class j has p_j at or above
    /// its threshold (and is the highest such class).
    bool likelyMislabeled = false;
    std::vector<float> probs;  // out-of-fold, one per class, sum 1
};

struct LabelIssuesReport {
    std::string split;
    std::vector<std::string> classes;
    std::vector<LabelIssueRow> rows;   // every image, lowest score first (ties: by path)
    std::size_t likelyMislabeled = 0;  // rows flagged
    /// Per class j: the mean out-of-fold p_j over images labelled j.
    std::vector<double> thresholds;
    /// confidentJoint[given][likely true]: images counted once each, by the confident-learning
    /// rule; images with no class above its threshold are left out.
    std::vector<std::vector<std::int64_t>> confidentJoint;
    /// Per class: the estimated share of the images labelled with it whose true class is
    /// another one (the confident joint calibrated to the class counts, off-diagonal share).
    std::vector<double> noiseRate;
    std::vector<std::int64_t> perClass;  // images labelled with each class
    double l2 = 0;                       // the L2 strength used
    /// (l2, out-of-fold log-loss on the given labels) for each value tried; one entry when
    /// the options fixed l2.
    std::vector<std::pair<double, double>> l2Tried;
    double outOfFoldAccuracy = 0;  // share of rows whose most likely class is the given one
    std::int64_t featureDim = 0;
    std::size_t decoded = 0;  // images decoded in this call (0: all from the feature cache)
    std::size_t reused = 0;   // rows read from the cache
    std::vector<SkippedFile> skipped;  // files of the split without features, with why
    double seconds = 0;
};

/// The L2 strengths tried when LabelIssuesOptions::l2 is 0.
std::vector<double> labelIssuesL2Grid();

/// Scans dataDir, gets the split's features at options.layers through the feature cache
/// (what extractFeatures and runRecipe fill), fits options.folds multinomial logistic
/// regressions (LBFGS, zero start: the result depends only on the features and the seed) and
/// ranks every image. Throws Error: InvalidArgument for folds outside 2..50, a negative l2,
/// an unknown split or layer name, or an empty layer list; NotFound/BadDataset for the data
/// folder; BadDataset when the split is absent or unlabelled, has fewer images than folds, or
/// fewer than two classes with images; BadWeights (hint ChooseLayer) for a layer that passes
/// through a notop file's random classifier, and the other weights errors of
/// extractFeatures; Io when the cache cannot be written; Numerical when a fit diverges;
/// Cancelled (polled per batch and per fit).
/// Progress: the cache's "extract <split>" phase, then "fit" (done/total fits).
LabelIssuesReport findLabelIssues(const LabelIssuesOptions& options, const JobControl& job = {});

/// path,given,suggested,score: the report's rows in order (the first `top` when top > 0),
/// path relative to the data root, score to 6 decimals. Written atomically; throws
/// Error(Io).
void writeLabelIssuesCsv(const std::string& file, const LabelIssuesReport& report,
                         std::size_t top = 0);

}  // namespace featurelab

// The embedding map: one split's cached backbone features laid out in two dimensions (PCA, or
// Barnes-Hut t-SNE), one point per image, for a scatter plot coloured by class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "featurelab/job.h"
#include "featurelab/scan.h"

namespace featurelab {

enum class EmbeddingMethod {
    Pca,   // the two leading principal components: instant, linear, deterministic
    Tsne,  // Barnes-Hut t-SNE (van der Maaten 2014) on the 50 leading components: neighbourhoods
};

/// "pca" or "tsne".
const char* embeddingMethodName(EmbeddingMethod method);
/// The inverse of embeddingMethodName (case-insensitive); throws Error(InvalidArgument).
EmbeddingMethod parseEmbeddingMethod(const std::string& name);

/// An intermediate t-SNE layout, for a front end that animates the map while it converges.
struct EmbeddingFrame {
    int iteration = 0;   // iterations done (1-based), up to iterations
    int iterations = 0;  // planned
    /// x0, y0, x1, y1, ... in the order of Embedding::points (the final points' order).
    std::vector<float> xy;
    bool exaggerated = false;  // still in the early-exaggeration phase (clusters look too tight)
};

struct EmbeddingOptions {
    std::string dataDir;
    std::string backbone;               // "ARCH[@SIZE][:WEIGHTS_FILE]" (see BackboneSpec)
    std::string split = "valid";        // "train", "valid" or "test" (test may be unlabelled)
    std::string layer = "penultimate";  // a cut point; the recipe's cached layer serves it
    EmbeddingMethod method = EmbeddingMethod::Tsne;
    /// t-SNE: the effective number of neighbours, 2..100. Lowered (and said so in
    /// Embedding::notes) when the split has too few images: at most (points - 1) / 3.
    double perplexity = 30;
    int iterations = 1000;      // t-SNE gradient steps, 250..10000 (the first 250 exaggerate)
    std::size_t maxPoints = 0;  // 0: every image; else a seeded sample stratified by label
    /// The sample, and the weights of a backbone without a weights file (torch is seeded with
    /// it, as runRecipe does). t-SNE starts from the PCA layout, not from a random one.
    std::uint64_t seed = 42;
    std::string cacheDir;  // empty: defaultFeatureCacheDir(dataDir) (featurelab/cache.h)
    int workers = 2;       // decode threads, when images must be decoded
    /// t-SNE: called on the job's thread every frameEvery iterations (and after the last)
    /// with the current layout; must be quick (copy and post). Unset: no frames.
    std::function<void(const EmbeddingFrame&)> onFrame;
    int frameEvery = 25;
};

/// One image of the split.
struct EmbeddingPoint {
    std::string path;          // absolute
    std::string relativePath;  // relative to the data root, '/'-separated; predictions
                               // (PredictionRow::path of a run) join on it
    int label = -1;            // index into Embedding::classes; -1 for an unlabelled split
    float x = 0, y = 0;
};

struct Embedding {
    std::string split;
    std::string layer;
    EmbeddingMethod method = EmbeddingMethod::Tsne;
    std::vector<std::string> classes;
    std::vector<EmbeddingPoint> points;  // ordered by relativePath
    std::int64_t featureDim = 0;         // features per image at the layer
    /// PCA: the share of the features' total variance along each of the two axes; t-SNE: the
    /// same two numbers for the PCA that seeds the layout (a hint of how linear the data is).
    double explainedVariance[2] = {0, 0};
    /// t-SNE: KL(P || Q) of the final layout (lower is better; 0 for PCA). Computed with the
    /// Barnes-Hut approximation of Q's normaliser.
    double klDivergence = 0;
    double perplexity = 0;          // t-SNE: the perplexity used (see EmbeddingOptions::perplexity)
    int iterations = 0;             // t-SNE: gradient steps done
    std::size_t imagesInSplit = 0;  // images with features before sampling
    std::size_t decoded = 0;        // images decoded in this call (0: all from the feature cache)
    std::size_t reused = 0;         // rows read from the cache
    std::vector<SkippedFile> skipped;  // files of the split without features, with why
    std::vector<std::string> notes;    // adjustments made (perplexity lowered, sampled, ...)
    double seconds = 0;                // wall time, feature extraction included
    double layoutSeconds = 0;          // the PCA / t-SNE part alone
};

/// Scans dataDir, gets the split's features at options.layer through the feature cache (what
/// extractFeatures, runRecipe and findLabelIssues fill: a cached split decodes nothing),
/// optionally samples options.maxPoints of them, and lays them out in 2-D. Deterministic for
/// the same features and seed. Coordinates are centred; PCA axes keep the features' units,
/// with each component's sign fixed so that its largest-magnitude loading is positive.
/// Throws Error: InvalidArgument for an unknown split, method or layer name, a perplexity
/// outside 2..100, iterations outside 250..10000 (t-SNE), or frameEvery < 1;
/// NotFound/BadDataset for the data folder; BadDataset when the split is absent or has fewer
/// than 3 images with features (after decode failures); BadWeights (hint ChooseLayer) for a
/// layer that passes through a notop file's random classifier, and the other weights errors
/// of extractFeatures; Io when the cache cannot be written; Numerical when the layout
/// diverges (NaN); Cancelled (polled per batch while extracting, every t-SNE iteration).
/// Progress: the cache's "extract <split>" phase, then "pca" and "tsne" (done/total
/// iterations, throttled).
Embedding computeEmbedding(const EmbeddingOptions& options, const JobControl& job = {});

/// path,label,x,y: one row per point in order, path relative to the data root, label the
/// class name ("" for an unlabelled split), coordinates to 6 significant digits. Written
/// atomically; throws Error(Io).
void writeEmbeddingCsv(const std::string& file, const Embedding& embedding);

}  // namespace featurelab

// computeEmbedding: one split's cached features -> (sample) -> PCA, or PCA to 50 dimensions
// and Barnes-Hut t-SNE seeded with the leading two components.
#include "featurelab/embedding.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_map>

#include "featurelab/error.h"
#include "features/cache_location.h"
#include "features/network_features.h"
#include "inspection/pca.h"
#include "inspection/tsne.h"
#include "recipe/api_boundary.h"
#include "recipe/disk_cache.h"
#include "util/atomic_file.h"
#include "util/csv_field.h"

namespace featurelab {

namespace {

/// t-SNE's input dimension: the 50 leading components, as van der Maaten's implementations
/// and scikit-learn's documentation recommend (noise in the trailing ones only blurs the
/// neighbourhoods, and the kNN search gets cheaper).
constexpr std::int64_t kTsneInputDims = 50;
constexpr std::size_t kMinPoints = 3;

void validate(const EmbeddingOptions& o) {
    if (o.split != "train" && o.split != "valid" && o.split != "test")
        throw Error(ErrorCode::InvalidArgument,
                    "The embedding map shows 'train', 'valid' or 'test', not '" + o.split + "'.");
    if (o.layer.empty()) throw Error(ErrorCode::InvalidArgument, "Name a layer to map.");
    if (o.method == EmbeddingMethod::Tsne) {
        if (!(o.perplexity >= 2 && o.perplexity <= 100))
            throw Error(ErrorCode::InvalidArgument,
                        "The perplexity must be between 2 and 100; got " +
                            std::to_string(o.perplexity) + ".");
        if (o.iterations < 250 || o.iterations > 10000)
            throw Error(ErrorCode::InvalidArgument,
                        "t-SNE needs between 250 and 10000 iterations; got " +
                            std::to_string(o.iterations) + ".");
        if (o.frameEvery < 1)
            throw Error(ErrorCode::InvalidArgument, "Frames come every 1 or more iterations.");
    }
}

struct SplitFeatures {
    torch::Tensor x;  // float32 [N, D], cache row order
    std::vector<std::string> relativePaths;
    std::vector<int> labels;
    std::size_t decoded = 0, reused = 0;
    std::vector<SkippedFile> failed;
};

/// The split's features at options.layer, through the recipe's disk cache the way
/// findLabelIssues gets them: the cached layer serves every cut above it (the segments in
/// between run on the cached features), a lower cut is cached under its own name.
SplitFeatures splitFeatures(const EmbeddingOptions& o, const DatasetScan& scan,
                            const BackboneSpec& spec, const JobControl& job) {
    // A backbone without a weights file is initialised randomly: seeded, as runRecipe does,
    // so that the same seed gives the same map (and finds the features it cached).
    torch::manual_seed(o.seed);
    const std::shared_ptr<Network> net = createNetwork(spec);
    FeatureCacheOptions co;
    co.cacheDir = o.cacheDir.empty() ? defaultFeatureCacheDir(scan.root) : o.cacheDir;
    co.batchSize = 64;
    co.workers = o.workers;
    co.cancel = job.cancel;
    co.progress = [&job](const Progress& p) {
        job.progress(p);
        return true;  // cancelling goes through the token
    };
    co.onMessage = [&job](const std::string& line) { job.message(line); };
    networkExtractor(net, o.layer);  // refuses an unknown cut or one through a random top
    const std::string cacheLayer = recipe::diskCacheLayer(*net);
    const std::size_t base = net->cutPoint(cacheLayer), cut = net->cutPoint(o.layer);
    FeatureSet fs = std::move(
        networkFeatures(net, spec, cut >= base ? cacheLayer : o.layer, scan, {o.split}, co)
            .front());
    torch::NoGradGuard noGrad;
    SplitFeatures out;
    out.x = fs.features;
    if (cut > base) {
        net->setTrainMode(false);
        std::vector<torch::Tensor> chunks;
        for (std::int64_t i = 0; i < out.x.size(0); i += 1024) {
            job.throwIfCancelled();
            chunks.push_back(net->forwardSegments(
                                    out.x.slice(0, i, std::min(out.x.size(0), i + 1024)), base, cut)
                                 .flatten(1));
        }
        out.x = chunks.empty() ? torch::zeros({0, 1}) : torch::cat(chunks);
    }
    out.x = out.x.to(torch::kFloat32).contiguous();
    out.relativePaths = std::move(fs.relativePaths);
    const torch::Tensor l = fs.labels.to(torch::kInt64).contiguous();
    out.labels.assign(l.data_ptr<std::int64_t>(), l.data_ptr<std::int64_t>() + l.numel());
    out.decoded = fs.decoded;
    out.reused = fs.reused;
    out.failed = std::move(fs.skipped);
    return out;
}

/// Rows to keep, in relativePath order: all of them, or `keep` drawn per label in proportion
/// to its count (largest remainders get the rest), each label's by a partial Fisher-Yates
/// over mt19937_64 with plain modulo (the same seed picks the same images everywhere).
std::vector<std::int64_t> pickRows(const SplitFeatures& f, std::size_t keep, std::uint64_t seed) {
    const std::size_t n = f.relativePaths.size();
    std::vector<std::int64_t> rows;
    if (keep == 0 || keep >= n) {
        rows.resize(n);
        std::iota(rows.begin(), rows.end(), 0);
    } else {
        std::map<int, std::vector<std::int64_t>> byLabel;
        for (std::size_t i = 0; i < n; ++i)
            byLabel[f.labels[i]].push_back(static_cast<std::int64_t>(i));
        std::vector<std::pair<double, int>> remainders;
        std::map<int, std::size_t> quota;
        std::size_t given = 0;
        for (const auto& [label, members] : byLabel) {
            const double exact = static_cast<double>(keep) * static_cast<double>(members.size()) /
                                 static_cast<double>(n);
            quota[label] = static_cast<std::size_t>(exact);
            given += quota[label];
            remainders.emplace_back(exact - std::floor(exact), label);
        }
        std::stable_sort(remainders.begin(), remainders.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t r = 0; given < keep && r < remainders.size(); ++r, ++given)
            ++quota[remainders[r].second];
        std::mt19937_64 rng(seed);
        for (auto& [label, members] : byLabel) {
            const std::size_t k = std::min(quota[label], members.size());
            for (std::size_t i = 0; i < k; ++i) {
                const std::size_t j = i + static_cast<std::size_t>(rng() % (members.size() - i));
                std::swap(members[i], members[j]);
            }
            rows.insert(rows.end(), members.begin(), members.begin() + static_cast<long>(k));
        }
    }
    std::sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
        return f.relativePaths[static_cast<std::size_t>(a)] <
               f.relativePaths[static_cast<std::size_t>(b)];
    });
    return rows;
}

std::string number(double v) {
    char s[32];
    std::snprintf(s, sizeof s, "%g", v);
    return s;
}

Embedding compute(const EmbeddingOptions& o, const JobControl& job) {
    const auto t0 = std::chrono::steady_clock::now();
    validate(o);
    const BackboneSpec spec = BackboneSpec::parse(o.backbone);  // bad options fail first
    const DatasetScan scan = scanImageFolder(o.dataDir, {}, job);
    const SplitInfo* info = scan.split(o.split);
    if (!info || info->images.empty())
        throw Error(ErrorCode::BadDataset,
                    scan.root + " has no " + o.split + "/ folder with images to map.");
    const SplitFeatures f = splitFeatures(o, scan, spec, job);

    Embedding e;
    e.split = o.split;
    e.layer = o.layer;
    e.method = o.method;
    e.classes = scan.classes;
    e.featureDim = f.x.dim() == 2 ? f.x.size(1) : 0;
    e.imagesInSplit = f.relativePaths.size();
    e.decoded = f.decoded;
    e.reused = f.reused;
    const std::string prefix = info->folder + "/";
    for (const SkippedFile& k : scan.skipped)
        if (k.path.compare(0, prefix.size(), prefix) == 0) e.skipped.push_back(k);
    e.skipped.insert(e.skipped.end(), f.failed.begin(), f.failed.end());
    if (f.relativePaths.size() < kMinPoints)
        throw Error(ErrorCode::BadDataset, o.split + "/ has " +
                                               std::to_string(f.relativePaths.size()) +
                                               " images with features; a map needs at least " +
                                               std::to_string(kMinPoints) + ".");

    const std::vector<std::int64_t> rows = pickRows(f, o.maxPoints, o.seed);
    const std::size_t n = rows.size();
    if (n < e.imagesInSplit)
        e.notes.push_back("Mapped " + std::to_string(n) + " of " + std::to_string(e.imagesInSplit) +
                          " images (a sample stratified by class, seed " + std::to_string(o.seed) +
                          ").");
    const torch::Tensor x = f.x.index_select(0, torch::tensor(rows, torch::kInt64));

    const auto layoutStart = std::chrono::steady_clock::now();
    job.progress(Progress{"pca", 0, 1});
    const bool tsne = o.method == EmbeddingMethod::Tsne;
    const inspection::Pca pca = inspection::principalComponents(x, tsne ? kTsneInputDims : 2);
    job.progress(Progress{"pca", 1, 1});
    job.throwIfCancelled();
    for (std::size_t c = 0; c < 2 && c < pca.explained.size(); ++c)
        e.explainedVariance[c] = pca.explained[c];
    // Columns 0 and 1 of the PCA scores (zeros where the features have fewer directions).
    torch::Tensor xy = torch::zeros({static_cast<std::int64_t>(n), 2}, torch::kFloat64);
    const std::int64_t have = std::min<std::int64_t>(2, pca.scores.size(1));
    if (have > 0) xy.narrow(1, 0, have).copy_(pca.scores.narrow(1, 0, have));

    if (tsne) {
        inspection::TsneOptions to;
        // Each point's 3 x perplexity neighbours must exist.
        const double most = std::max(1.0, static_cast<double>(n - 1) / 3);
        to.perplexity = std::min(o.perplexity, most);
        if (to.perplexity < o.perplexity)
            e.notes.push_back("Perplexity lowered from " + number(o.perplexity) + " to " +
                              number(to.perplexity) + " for " + std::to_string(n) +
                              " images (it needs 3 x perplexity neighbours per image).");
        to.iterations = o.iterations;
        to.seed = o.seed;
        to.onFrame = o.onFrame;
        to.frameEvery = o.frameEvery;
        // Seeded with the PCA layout scaled to a standard deviation of 1e-4 (scikit-learn's
        // default since 1.2): global arrangement kept, no dependence on a random start.
        const double sd = xy.select(1, 0).std().item<double>();
        if (sd > 0 && std::isfinite(sd)) to.init = xy / sd * 1e-4;
        const torch::Tensor input =
            pca.scores.size(1) > 0 ? pca.scores : torch::zeros({static_cast<std::int64_t>(n), 1});
        inspection::Tsne t = inspection::tsne(input, to, job);
        xy = torch::from_blob(t.y.data(), {static_cast<std::int64_t>(n), 2}, torch::kFloat64)
                 .clone();
        e.klDivergence = t.klDivergence;
        e.perplexity = to.perplexity;
        e.iterations = t.iterations;
    }
    e.layoutSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - layoutStart).count();

    std::unordered_map<std::string, const ImageEntry*> entry;
    for (const ImageEntry& im : info->images) entry.emplace(im.relativePath, &im);
    const torch::Tensor c = xy.to(torch::kFloat32).contiguous();
    const float* p = c.data_ptr<float>();
    e.points.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        EmbeddingPoint& pt = e.points[i];
        const auto r = static_cast<std::size_t>(rows[i]);
        pt.relativePath = f.relativePaths[r];
        const auto it = entry.find(pt.relativePath);
        pt.path = it != entry.end() ? it->second->path : scan.root + "/" + pt.relativePath;
        pt.label = info->labelled ? f.labels[r] : -1;
        pt.x = p[2 * i];
        pt.y = p[2 * i + 1];
    }
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return e;
}

}  // namespace

const char* embeddingMethodName(EmbeddingMethod method) {
    return method == EmbeddingMethod::Pca ? "pca" : "tsne";
}

EmbeddingMethod parseEmbeddingMethod(const std::string& name) {
    std::string lower = name;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == "pca") return EmbeddingMethod::Pca;
    if (lower == "tsne" || lower == "t-sne") return EmbeddingMethod::Tsne;
    throw Error(ErrorCode::InvalidArgument,
                "Unknown embedding method '" + name + "'; use 'pca' or 'tsne'.");
}

Embedding computeEmbedding(const EmbeddingOptions& options, const JobControl& job) {
    return recipe::atApiBoundary([&] { return compute(options, job); });
}

void writeEmbeddingCsv(const std::string& file, const Embedding& embedding) {
    recipe::atApiBoundary([&] {
        std::ostringstream s;
        s << "path,label,x,y\n";
        for (const EmbeddingPoint& pt : embedding.points) {
            const bool named =
                pt.label >= 0 && static_cast<std::size_t>(pt.label) < embedding.classes.size();
            char xy[64];
            std::snprintf(xy, sizeof xy, "%.6g,%.6g", static_cast<double>(pt.x),
                          static_cast<double>(pt.y));
            s << util::csvField(pt.relativePath) << ','
              << (named ? util::csvField(embedding.classes[static_cast<std::size_t>(pt.label)])
                        : std::string())
              << ',' << xy << '\n';
        }
        util::writeTextAtomically(file, s.str());
    });
}

}  // namespace featurelab

// findLabelIssues: cached features of one split -> out-of-fold probabilities -> confident
// learning's ranking and noise estimate.
#include "featurelab/label_issues.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <sstream>
#include <unordered_map>

#include "featurelab/error.h"
#include "features/cache_location.h"
#include "features/network_features.h"
#include "inspection/confident_joint.h"
#include "inspection/logistic_cv.h"
#include "recipe/api_boundary.h"
#include "recipe/disk_cache.h"
#include "util/atomic_file.h"
#include "util/csv_field.h"

namespace featurelab {

namespace {

constexpr int kMaxFolds = 50;

void validate(const LabelIssuesOptions& o) {
    if (o.folds < 2 || o.folds > kMaxFolds)
        throw Error(ErrorCode::InvalidArgument, "The number of folds must be between 2 and " +
                                                    std::to_string(kMaxFolds) + "; got " +
                                                    std::to_string(o.folds) + ".");
    if (!(o.l2 >= 0) || !std::isfinite(o.l2))
        throw Error(ErrorCode::InvalidArgument,
                    "The L2 strength must be 0 (chosen automatically) or positive.");
    if (o.split != "train" && o.split != "valid")
        throw Error(ErrorCode::InvalidArgument,
                    "Label errors are looked for in 'train' or 'valid', not '" + o.split + "'.");
    if (o.layers.empty())
        throw Error(ErrorCode::InvalidArgument, "Name at least one layer to take features from.");
}

/// The split's features at every requested layer, side by side, in the cache's row order.
struct SplitFeatures {
    torch::Tensor x;  // float32 [N, D]
    std::vector<std::string> relativePaths;
    std::vector<int> labels;
    std::size_t decoded = 0, reused = 0;
    std::vector<SkippedFile> failed;  // decode failures (this run or remembered)
};

SplitFeatures splitFeatures(const LabelIssuesOptions& o, const DatasetScan& scan,
                            const BackboneSpec& spec, const JobControl& job) {
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
    // The recipe's cached layer serves every cut at or above it: a recipe or extract run
    // before this one (or this one before them) decodes each image once.
    const std::string cacheLayer = recipe::diskCacheLayer(*net);
    const std::size_t base = net->cutPoint(cacheLayer);
    std::map<std::string, FeatureSet> sets;
    auto setAt = [&](const std::string& layer) -> const FeatureSet& {
        auto it = sets.find(layer);
        if (it == sets.end()) {
            std::vector<FeatureSet> got = networkFeatures(net, spec, layer, scan, {o.split}, co);
            it = sets.emplace(layer, std::move(got.front())).first;
        }
        return it->second;
    };
    SplitFeatures out;
    std::vector<torch::Tensor> parts;
    torch::NoGradGuard noGrad;
    for (const std::string& layer : o.layers) {
        networkExtractor(net, layer);  // refuses an unknown cut or one through a random top
        const std::size_t cut = net->cutPoint(layer);
        const FeatureSet& fs = setAt(cut >= base ? cacheLayer : layer);
        torch::Tensor x = fs.features;
        if (cut > base) {
            net->setTrainMode(false);
            std::vector<torch::Tensor> chunks;
            for (std::int64_t i = 0; i < x.size(0); i += 1024)
                chunks.push_back(
                    net->forwardSegments(x.slice(0, i, std::min(x.size(0), i + 1024)), base, cut)
                        .flatten(1));
            x = chunks.empty() ? torch::zeros({0, 1}) : torch::cat(chunks);
        }
        // Probabilities near 0 and 1 carry their information in the log: in a PyTorch
        // prototype of this method (l2 0.01), standardised raw probabilities found 23 of 80
        // flipped labels in the top 100, their logs 53.
        if (layer == "probs") x = torch::log_softmax(x, 1);
        if (out.relativePaths.empty()) {
            out.relativePaths = fs.relativePaths;
            const torch::Tensor l = fs.labels.to(torch::kInt64).contiguous();
            out.labels.assign(l.data_ptr<std::int64_t>(), l.data_ptr<std::int64_t>() + l.numel());
            out.failed = fs.skipped;
        } else if (fs.relativePaths != out.relativePaths) {
            // A layer cached apart may remember other decode failures: keep common rows only.
            std::unordered_map<std::string, std::int64_t> rowOf;
            for (std::size_t i = 0; i < fs.relativePaths.size(); ++i)
                rowOf.emplace(fs.relativePaths[i], static_cast<std::int64_t>(i));
            std::vector<std::int64_t> mine, theirs;
            for (std::size_t i = 0; i < out.relativePaths.size(); ++i)
                if (auto it = rowOf.find(out.relativePaths[i]); it != rowOf.end()) {
                    mine.push_back(static_cast<std::int64_t>(i));
                    theirs.push_back(it->second);
                }
            const torch::Tensor keep = torch::tensor(mine, torch::kInt64);
            for (torch::Tensor& p : parts) p = p.index_select(0, keep);
            x = x.index_select(0, torch::tensor(theirs, torch::kInt64));
            std::vector<std::string> paths;
            std::vector<int> labels;
            for (std::int64_t i : mine) {
                paths.push_back(out.relativePaths[i]);
                labels.push_back(out.labels[i]);
            }
            out.relativePaths = std::move(paths);
            out.labels = std::move(labels);
        }
        parts.push_back(x.to(torch::kFloat32));
    }
    for (const auto& [layer, fs] : sets) {
        out.decoded += fs.decoded;
        out.reused += fs.reused;
    }
    out.x = torch::cat(parts, 1).contiguous();
    return out;
}

LabelIssuesReport find(const LabelIssuesOptions& o, const JobControl& job) {
    const auto t0 = std::chrono::steady_clock::now();
    validate(o);
    const BackboneSpec spec = BackboneSpec::parse(o.backbone);  // bad options fail first
    const DatasetScan scan = scanImageFolder(o.dataDir, {}, job);
    const SplitInfo* info = scan.split(o.split);
    if (!info || !info->labelled)
        throw Error(ErrorCode::BadDataset, scan.root + " has no " + (info ? "labelled " : "") +
                                               o.split + "/ folder to look for label errors in.");
    SplitFeatures f = splitFeatures(o, scan, spec, job);

    LabelIssuesReport r;
    r.split = o.split;
    r.classes = scan.classes;
    const int classes = static_cast<int>(scan.classes.size());
    const std::size_t n = f.relativePaths.size();
    std::vector<std::int64_t> perClass(scan.classes.size(), 0);
    for (int l : f.labels) ++perClass[static_cast<std::size_t>(l)];
    const auto populated =
        std::count_if(perClass.begin(), perClass.end(), [](std::int64_t c) { return c > 0; });
    if (populated < 2 || n < static_cast<std::size_t>(o.folds))
        throw Error(ErrorCode::BadDataset, o.split + "/ has " + std::to_string(n) + " images in " +
                                               std::to_string(populated) +
                                               " classes; finding label errors needs two " +
                                               "classes and at least as many images as folds (" +
                                               std::to_string(o.folds) + ").");

    const std::vector<int> folds = inspection::stratifiedFolds(f.labels, o.folds, o.seed);
    const std::vector<double> l2s = o.l2 > 0 ? std::vector<double>{o.l2} : labelIssuesL2Grid();
    const inspection::CrossValidated cv =
        inspection::outOfFoldProbabilities(f.x, f.labels, classes, folds, o.folds, l2s, job);
    const torch::Tensor pc = cv.probs.contiguous();
    const std::vector<float> probs(pc.data_ptr<float>(), pc.data_ptr<float>() + pc.numel());
    const inspection::ConfidentJoint joint = inspection::confidentJoint(probs, classes, f.labels);

    std::unordered_map<std::string, const ImageEntry*> entry;
    for (const ImageEntry& e : info->images) entry.emplace(e.relativePath, &e);
    std::size_t correct = 0;
    r.rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        LabelIssueRow& row = r.rows[i];
        row.relativePath = f.relativePaths[i];
        const auto it = entry.find(row.relativePath);
        row.path = it != entry.end() ? it->second->path : scan.root + "/" + row.relativePath;
        row.given = f.labels[i];
        row.probs.assign(probs.begin() + static_cast<std::ptrdiff_t>(i * classes),
                         probs.begin() + static_cast<std::ptrdiff_t>((i + 1) * classes));
        row.score = row.probs[static_cast<std::size_t>(row.given)];
        const int argmax = static_cast<int>(std::max_element(row.probs.begin(), row.probs.end()) -
                                            row.probs.begin());
        correct += argmax == row.given;
        row.likelyMislabeled = joint.likelyTrue[i] >= 0 && joint.likelyTrue[i] != row.given;
        row.suggested = row.likelyMislabeled ? joint.likelyTrue[i] : argmax;
        r.likelyMislabeled += row.likelyMislabeled;
    }
    std::stable_sort(
        r.rows.begin(), r.rows.end(), [](const LabelIssueRow& a, const LabelIssueRow& b) {
            return a.score != b.score ? a.score < b.score : a.relativePath < b.relativePath;
        });
    r.thresholds = joint.thresholds;
    for (double& t : r.thresholds)
        if (!std::isfinite(t)) t = 0;  // a class without images in this split
    r.confidentJoint = joint.counts;
    r.noiseRate = joint.noiseRate;
    r.perClass = joint.perClass;
    r.l2 = cv.l2;
    r.l2Tried = cv.tried;
    r.outOfFoldAccuracy = n ? static_cast<double>(correct) / static_cast<double>(n) : 0;
    r.featureDim = f.x.size(1);
    r.decoded = f.decoded;
    r.reused = f.reused;
    const std::string prefix = info->folder + "/";
    for (const SkippedFile& k : scan.skipped)
        if (k.path.compare(0, prefix.size(), prefix) == 0) r.skipped.push_back(k);
    r.skipped.insert(r.skipped.end(), f.failed.begin(), f.failed.end());
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

using util::csvField;

}  // namespace

std::vector<double> labelIssuesL2Grid() {
    // Half-decades around what the out-of-fold log-loss picked on 2,000 dogs-vs-cats photos
    // (0.1-0.3); scikit-learn's default (C = 1) is about 6e-4 there and ranks worse.
    return {1.0, 0.3, 0.1, 0.03, 0.01};
}

LabelIssuesReport findLabelIssues(const LabelIssuesOptions& options, const JobControl& job) {
    return recipe::atApiBoundary([&] { return find(options, job); });
}

void writeLabelIssuesCsv(const std::string& file, const LabelIssuesReport& report,
                         std::size_t top) {
    recipe::atApiBoundary([&] {
        std::ostringstream s;
        s << "path,given,suggested,score\n";
        const std::size_t n = top > 0 ? std::min(top, report.rows.size()) : report.rows.size();
        auto name = [&](int label) {
            return label >= 0 && static_cast<std::size_t>(label) < report.classes.size()
                       ? csvField(report.classes[static_cast<std::size_t>(label)])
                       : std::to_string(label);
        };
        for (std::size_t i = 0; i < n; ++i) {
            const LabelIssueRow& row = report.rows[i];
            char score[32];
            std::snprintf(score, sizeof score, "%.6f", row.score);
            s << csvField(row.relativePath) << ',' << name(row.given) << ',' << name(row.suggested)
              << ',' << score << '\n';
        }
        util::writeTextAtomically(file, s.str());
    });
}

}  // namespace featurelab

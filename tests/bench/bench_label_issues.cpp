// Benchmark: variants of the label-error finder on real photos with flipped labels, the way
// test_label_issues measures the default: 1,000 cats and 1,000 dogs from ../shared (symlinks in
// a temporary folder), 40 of each moved into the other class, three flip sets (seeds 1-3).
// Prints, per variant, how many of the 80 flipped labels are among the 100 lowest scores for
// each seed and the mean. Not a test; the README's table comes from here.
//
//   bench_label_issues [--per-class 1000] [--flips 40] [--top 100]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "../flip_copy.h"
#include "featurelab/error.h"
#include "featurelab/label_issues.h"
#include "featurelab/runtime.h"

using namespace featurelab;

namespace {

struct Variant {
    const char* name;
    std::vector<std::string> layers;
    double l2;  // 0: chosen by out-of-fold log-loss
    int folds;
};

}  // namespace

int main(int argc, char** argv) {
    int perClass = 1000, flips = 40;
    std::size_t top = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--per-class") perClass = std::atoi(argv[i + 1]);
        if (a == "--flips") flips = std::atoi(argv[i + 1]);
        if (a == "--top") top = std::strtoul(argv[i + 1], nullptr, 10);
    }
    const std::string shared = std::string(FEATURELAB_SHARED_DIR) + "/data/dogscats/train";
    const std::string weights =
        std::string(FEATURELAB_SHARED_DIR) + "/models/mobilenet_2_5_128_tf.h5";
    if (!std::filesystem::exists(shared) || !std::filesystem::exists(weights)) {
        std::fprintf(stderr, "needs %s and %s\n", shared.c_str(), weights.c_str());
        return 2;
    }
    initRuntime(0);
    char tmpl[] = "/tmp/bench_label_issues_XXXXXX";
    if (!mkdtemp(tmpl)) return 2;
    const std::string root = std::string(tmpl) + "/data";
    const auto photos = flipcopy::photos(perClass);
    // scikit-learn's default C = 1 on the training part of a fold: l2 = 1 / rows.
    const double sklearnDefault = 1.0 / (2.0 * perClass * 4 / 5);
    const std::vector<Variant> variants{
        {"penultimate, L2 by out-of-fold log-loss (default)", {"penultimate"}, 0, 5},
        {"penultimate, scikit-learn's default L2 (C = 1)", {"penultimate"}, sklearnDefault, 5},
        {"log ImageNet probabilities, L2 by log-loss", {"probs"}, 0, 5},
        {"penultimate + log probabilities, L2 by log-loss", {"penultimate", "probs"}, 0, 5},
        {"penultimate, L2 by log-loss, 10 folds", {"penultimate"}, 0, 10},
    };
    int status = 0;
    try {
        // Flip set by flip set: each variant sees the same three sets, and the cache (one for
        // all) re-decodes only the photos that moved.
        std::vector<std::vector<int>> found(variants.size());
        for (const std::uint64_t seed : {1u, 2u, 3u}) {
            const auto flipped = flipcopy::flipSet(seed, perClass, flips);
            const std::string problem = flipcopy::arrange(root, shared, photos, flipped);
            if (!problem.empty()) throw Error(ErrorCode::Io, problem);
            const auto paths = flipcopy::flippedPaths(photos, flipped);
            for (std::size_t v = 0; v < variants.size(); ++v) {
                LabelIssuesOptions o;
                o.dataDir = root;
                o.backbone = "mobilenet_v1_0.25:" + weights;
                o.cacheDir = std::string(tmpl) + "/cache";
                o.seed = seed;
                o.layers = variants[v].layers;
                o.l2 = variants[v].l2;
                o.folds = variants[v].folds;
                const LabelIssuesReport r = findLabelIssues(o);
                found[v].push_back(flipcopy::foundInTop(r, paths, top));
                std::fprintf(stderr, "seed %llu, %s: %d (l2 %g, %.1f s)\n",
                             static_cast<unsigned long long>(seed), variants[v].name,
                             found[v].back(), r.l2, r.seconds);
            }
        }
        std::printf("| variant | flipped labels in the top %zu (seeds 1, 2, 3) | mean |\n", top);
        std::printf("| --- | --- | ---: |\n");
        for (std::size_t v = 0; v < variants.size(); ++v) {
            const auto& f = found[v];
            std::printf("| %s | %d, %d, %d | %.1f |\n", variants[v].name, f[0], f[1], f[2],
                        (f[0] + f[1] + f[2]) / 3.0);
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_label_issues: %s\n", e.what());
        status = 1;
    }
    std::error_code ec;
    std::filesystem::remove_all(tmpl, ec);
    return status;
}

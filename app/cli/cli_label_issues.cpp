// featurelab-cli label-issues: images whose given label is least likely, from out-of-fold
// probabilities of a k-fold logistic regression on the cached features.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli_interrupt.h"
#include "cli_progress.h"
#include "commands.h"
#include "featurelab/label_issues.h"
#include "featurelab/runtime.h"

namespace featurelab::cli {
namespace {

struct LabelIssuesArgs {
    LabelIssuesOptions o;
    std::string csv;
    std::size_t top = 0;
    std::size_t show = 10;
    int threads = 0;
};

void printSummary(const LabelIssuesReport& r, const LabelIssuesOptions& o) {
    std::string layers;
    for (const std::string& l : o.layers) layers += (layers.empty() ? "" : "+") + l;
    double loss = 0;
    for (const auto& [l2, ll] : r.l2Tried)
        if (l2 == r.l2) loss = ll;
    std::printf(
        "%s/: %zu images, %zu classes; %s features (%lld values) of %s\n"
        "%d-fold logistic regression, L2 %g (out-of-fold log-loss %.4f), out-of-fold accuracy "
        "%.4f\n",
        r.split.c_str(), r.rows.size(), r.classes.size(), layers.c_str(),
        static_cast<long long>(r.featureDim), o.backbone.c_str(), o.folds, r.l2, loss,
        r.outOfFoldAccuracy);
    std::printf("Likely mislabeled: %zu images (%.1f%%)\n\n", r.likelyMislabeled,
                r.rows.empty() ? 0.0 : 100.0 * r.likelyMislabeled / r.rows.size());
    std::printf("%-16s %8s %10s %8s %16s\n", "class", "images", "threshold", "flagged",
                "estimated noise");
    for (std::size_t c = 0; c < r.classes.size(); ++c) {
        std::size_t flagged = 0;
        for (const LabelIssueRow& row : r.rows)
            flagged += row.likelyMislabeled && row.given == static_cast<int>(c);
        std::printf("%-16s %8lld %10.4f %8zu %15.1f%%\n", r.classes[c].c_str(),
                    static_cast<long long>(r.perClass[c]), r.thresholds[c], flagged,
                    100.0 * r.noiseRate[c]);
    }
}

void printTop(const LabelIssuesReport& r, std::size_t show) {
    const std::size_t n = std::min(show, r.rows.size());
    if (n == 0) return;
    std::printf("\nMost likely mislabeled (score: out-of-fold probability of the given label):\n");
    for (std::size_t i = 0; i < n; ++i) {
        const LabelIssueRow& row = r.rows[i];
        std::printf("%4zu. %-40s %s -> %s  %.4f\n", i + 1, row.relativePath.c_str(),
                    r.classes[static_cast<std::size_t>(row.given)].c_str(),
                    r.classes[static_cast<std::size_t>(row.suggested)].c_str(), row.score);
    }
}

int run(LabelIssuesArgs args) {
    const RuntimeInfo rt = initRuntime(args.threads);
    std::fprintf(stderr, "Runtime: %s\n", rt.description.c_str());
    ConsoleObserver observer(false);
    const LabelIssuesReport r =
        findLabelIssues(args.o, JobControl{&cancelOnInterrupt(), &observer});
    observer.finish();
    for (const SkippedFile& k : r.skipped)
        std::fprintf(stderr, "skipped %s: %s\n", k.path.c_str(), k.reason.c_str());
    // Written before the summary: a summary that reached the terminal means the file is there.
    writeLabelIssuesCsv(args.csv, r, args.top);
    printSummary(r, args.o);
    printTop(r, args.show);
    std::printf(
        "\nWrote %s (%zu rows, most likely mislabeled first) in %.1f s; %zu images "
        "decoded, %zu from the feature cache.\n",
        args.csv.c_str(), args.top ? std::min(args.top, r.rows.size()) : r.rows.size(), r.seconds,
        r.decoded, r.reused);
    return 0;
}

}  // namespace

Command addLabelIssues(CLI::App& root) {
    auto args = std::make_shared<LabelIssuesArgs>();
    CLI::App* app = addCommand(
        root, "label-issues",
        "Images whose label is least likely (out-of-fold k-fold logistic regression on the "
        "cached features, ranked the confident-learning way)",
        "label-issues --data ../shared/data/dogscats "
        "--backbone mobilenet_v1_0.25:mobilenet_2_5_128_tf.h5 --csv issues.csv");
    app->add_option("--data", args->o.dataDir, "An ImageFolder tree")->required()->type_name("DIR");
    app->add_option("--backbone", args->o.backbone, "ARCH[@SIZE][:WEIGHTS_FILE]")
        ->required()
        ->type_name("SPEC");
    app->add_option("--csv", args->csv,
                    "Write path,given,suggested,score (score: out-of-fold probability of the "
                    "given label), most likely mislabeled first")
        ->required()
        ->type_name("FILE");
    app->add_option("--split", args->o.split, "The split to check, on its own")
        ->check(CLI::IsMember({"train", "valid"}).description(""))
        ->capture_default_str()
        ->type_name("train|valid");
    app->add_option("--folds", args->o.folds, "Cross-validation folds, 2..50")
        ->check(bounds(2, 50))
        ->capture_default_str()
        ->type_name("K");
    app->add_option("--seed", args->o.seed, "Which fold each image falls in")
        ->capture_default_str()
        ->type_name("N");
    app->add_option("--layers", args->o.layers,
                    "Cut points whose features are joined, e.g. penultimate,probs")
        ->delimiter(',')
        ->capture_default_str()
        ->type_name("LAYER[,LAYER]");
    app->add_option("--l2", args->o.l2,
                    "L2 strength on standardised features; 0: chosen by out-of-fold log-loss")
        ->check(CLI::NonNegativeNumber.description(""))
        ->capture_default_str()
        ->type_name("X");
    app->add_option("--top", args->top, "Write only the first N rows (0: every image)")
        ->capture_default_str()
        ->type_name("N");
    app->add_option("--show", args->show, "Rows to print after the summary")
        ->capture_default_str()
        ->type_name("N");
    app->add_option("--cache-dir", args->o.cacheDir,
                    "Feature cache folder; default: per user, under ~/.cache/featurelab")
        ->type_name("DIR");
    addWorkers(*app, args->o.workers);
    addThreads(*app, args->threads);
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

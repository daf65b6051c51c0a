// featurelab-cli embed: one split's cached features laid out in 2-D (PCA or t-SNE), written as
// path,label,x,y for a scatter plot.
#include <cstdio>
#include <memory>

#include "cli_interrupt.h"
#include "cli_progress.h"
#include "commands.h"
#include "featurelab/embedding.h"
#include "featurelab/runtime.h"

namespace featurelab::cli {
namespace {

struct EmbedArgs {
    EmbeddingOptions o;
    std::string method = "tsne";
    std::string csv;
    int threads = 0;
    bool quiet = false;
};

void printSummary(const Embedding& e, const EmbeddingOptions& o) {
    std::printf("%s/: %zu images mapped (of %zu), %zu classes; %s features (%lld values) of %s\n",
                e.split.c_str(), e.points.size(), e.imagesInSplit, e.classes.size(),
                e.layer.c_str(), static_cast<long long>(e.featureDim), o.backbone.c_str());
    if (e.method == EmbeddingMethod::Pca)
        std::printf("PCA: the two axes explain %.1f%% and %.1f%% of the variance\n",
                    100 * e.explainedVariance[0], 100 * e.explainedVariance[1]);
    else
        std::printf(
            "t-SNE: perplexity %g, %d iterations, KL divergence %.4f (started from the PCA "
            "layout, whose axes explain %.1f%% and %.1f%% of the variance)\n",
            e.perplexity, e.iterations, e.klDivergence, 100 * e.explainedVariance[0],
            100 * e.explainedVariance[1]);
    for (const std::string& note : e.notes) std::printf("Note: %s\n", note.c_str());
}

int run(EmbedArgs args) {
    args.o.method = parseEmbeddingMethod(args.method);
    const RuntimeInfo rt = initRuntime(args.threads);
    if (!args.quiet) std::fprintf(stderr, "Runtime: %s\n", rt.description.c_str());
    ConsoleObserver observer(args.quiet);
    const Embedding e = computeEmbedding(args.o, JobControl{&cancelOnInterrupt(), &observer});
    observer.finish();
    for (const SkippedFile& k : e.skipped)
        std::fprintf(stderr, "skipped %s: %s\n", k.path.c_str(), k.reason.c_str());
    // Written before the summary: a summary that reached the terminal means the file is there.
    writeEmbeddingCsv(args.csv, e);
    printSummary(e, args.o);
    std::printf(
        "Wrote %s (%zu rows) in %.1f s (layout %.1f s); %zu images decoded, %zu from the "
        "feature cache.\n",
        args.csv.c_str(), e.points.size(), e.seconds, e.layoutSeconds, e.decoded, e.reused);
    return 0;
}

}  // namespace

Command addEmbed(CLI::App& root) {
    auto args = std::make_shared<EmbedArgs>();
    CLI::App* app =
        addCommand(root, "embed",
                   "A 2-D map of one split's cached features (PCA or t-SNE), one point per image",
                   "embed --data ../shared/data/dogscats "
                   "--backbone mobilenet_v1_0.25:mobilenet_2_5_128_tf.h5 --csv valid_map.csv");
    app->add_option("--data", args->o.dataDir, "An ImageFolder tree")->required()->type_name("DIR");
    app->add_option("--backbone", args->o.backbone, "ARCH[@SIZE][:WEIGHTS_FILE]")
        ->required()
        ->type_name("SPEC");
    app->add_option("--csv", args->csv,
                    "Write path,label,x,y: one row per image, path relative to DIR, label its "
                    "class (empty for test/)")
        ->required()
        ->type_name("FILE");
    app->add_option("--split", args->o.split, "The split to map")
        ->check(CLI::IsMember({"train", "valid", "test"}).description(""))
        ->capture_default_str()
        ->type_name("train|valid|test");
    app->add_option("--method", args->method,
                    "pca: the two leading principal components (instant); tsne: Barnes-Hut "
                    "t-SNE on the 50 leading components (neighbourhoods)")
        ->check(CLI::IsMember({"pca", "tsne"}).description(""))
        ->capture_default_str()
        ->type_name("pca|tsne");
    app->add_option("--layer", args->o.layer, "The cut point whose features are mapped")
        ->capture_default_str()
        ->type_name("LAYER");
    app->add_option("--perplexity", args->o.perplexity,
                    "t-SNE: effective neighbours per image, 2..100 (lowered for small splits)")
        ->check(bounds(2.0, 100.0))
        ->capture_default_str()
        ->type_name("X");
    app->add_option("--iterations", args->o.iterations,
                    "t-SNE: gradient steps, 250..10000 (the first 250 exaggerate)")
        ->check(bounds(250, 10000))
        ->capture_default_str()
        ->type_name("N");
    app->add_option("--max-points", args->o.maxPoints,
                    "Map a sample of N images, stratified by class (0: every image)")
        ->capture_default_str()
        ->type_name("N");
    app->add_option("--seed", args->o.seed,
                    "Which images the sample takes (and the weights of a backbone without a "
                    "weights file)")
        ->capture_default_str()
        ->type_name("N");
    app->add_option("--cache-dir", args->o.cacheDir,
                    "Feature cache folder; default: per user, under ~/.cache/featurelab")
        ->type_name("DIR");
    addWorkers(*app, args->o.workers);
    addThreads(*app, args->threads);
    app->add_flag("--quiet", args->quiet, "Only the result lines");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

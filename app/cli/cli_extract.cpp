// featurelab-cli extract: features of every image at one backbone layer, into the HDF5 cache.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli_interrupt.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/features.h"
#include "featurelab/runtime.h"

namespace featurelab::cli {
namespace {

/// One progress line on stderr: rewritten in place on a terminal, a line every 2 s otherwise.
class ProgressPrinter : public JobObserver {
public:
    void onMessage(const std::string& m) override { std::fprintf(stderr, "%s\n", m.c_str()); }
    void onProgress(const Progress& p) override {
        const auto now = std::chrono::steady_clock::now();
        const bool finished = p.total > 0 && p.done == p.total;
        if (!tty_ && !finished && now - last_ < std::chrono::seconds(2)) return;
        last_ = now;
        char eta[32] = "";
        if (p.etaSeconds >= 0) std::snprintf(eta, sizeof eta, "  ETA %.0f s", p.etaSeconds);
        char rate[32] = "";
        if (p.itemsPerSecond > 0)
            std::snprintf(rate, sizeof rate, "  %.1f images/s", p.itemsPerSecond);
        if (p.total)
            std::fprintf(stderr, "%s%-14s %zu/%zu%s%s%s", tty_ ? "\r" : "", p.phase.c_str(), p.done,
                         p.total, rate, eta, tty_ ? "   " : "\n");
        else
            std::fprintf(stderr, "%s%-14s %zu%s", tty_ ? "\r" : "", p.phase.c_str(), p.done,
                         tty_ ? "   " : "\n");
        if (tty_ && finished) std::fputc('\n', stderr);
        std::fflush(stderr);
        return;
    }

private:
    bool tty_ = ::isatty(2);
    std::chrono::steady_clock::time_point last_{};
};

void printJson(const ExtractSummary& s) {
    nlohmann::ordered_json j;
    j["backbone"] = s.backbone;
    j["layer"] = s.layer;
    j["cache_file"] = s.cacheFile;
    j["classes"] = s.classes;
    j["seconds"] = s.seconds;
    j["splits"] = nlohmann::json::array();
    for (const auto& r : s.splits) {
        nlohmann::ordered_json js{{"split", r.split},
                                  {"images", r.images},
                                  {"decoded", r.decoded},
                                  {"cached", r.reused},
                                  {"feature_dim", r.featureDim},
                                  {"seconds", r.seconds},
                                  {"images_per_second", r.imagesPerSecond}};
        js["skipped"] = nlohmann::json::array();
        for (const auto& k : r.skipped)
            js["skipped"].push_back({{"path", k.path}, {"reason", k.reason}});
        j["splits"].push_back(js);
    }
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";  // names need not be UTF-8
}

void printTable(const ExtractSummary& s) {
    std::printf("Features of %s at '%s'\nCache: %s\n\n", s.backbone.c_str(), s.layer.c_str(),
                s.cacheFile.c_str());
    std::printf("%-8s %8s %8s %8s %8s %6s %9s %9s\n", "split", "images", "skipped", "decoded",
                "cached", "dim", "seconds", "images/s");
    for (const auto& r : s.splits)
        std::printf("%-8s %8zu %8zu %8zu %8zu %6lld %9.2f %9.1f\n", r.split.c_str(), r.images,
                    r.skipped.size(), r.decoded, r.reused, static_cast<long long>(r.featureDim),
                    r.seconds, r.imagesPerSecond);
    bool header = false;
    for (const auto& r : s.splits)
        for (const auto& k : r.skipped) {
            if (!header) std::printf("\nSkipped files:\n");
            header = true;
            std::printf("  %s: %s\n", k.path.c_str(), k.reason.c_str());
        }
    std::printf("\nTotal %.2f s\n", s.seconds);
}

struct ExtractArgs {
    ExtractOptions o;
    int batchSize = 32;
    int threads = 0;
    bool json = false;
};

int run(ExtractArgs args) {
    ExtractOptions& o = args.o;
    o.batchSize = std::size_t(args.batchSize);
    const RuntimeInfo rt = initRuntime(args.threads);
    std::fprintf(stderr, "Runtime: %s\n", rt.description.c_str());
    ProgressPrinter printer;
    const ExtractSummary s = extractFeatures(o, JobControl{&cancelOnInterrupt(), &printer});
    if (args.json)
        printJson(s);
    else
        printTable(s);
    return 0;
}

}  // namespace

Command addExtract(CLI::App& root) {
    auto args = std::make_shared<ExtractArgs>();
    args->o.layer = "penultimate";
    args->o.workers = 2;
    CLI::App* app = addCommand(
        root, "extract", "Features of every image at one backbone layer, into the HDF5 cache",
        "extract --data ../shared/data/dogscats --backbone resnet18 --layer layer4.1 --json");
    app->add_option("--data", args->o.dataDir, "An ImageFolder tree")->required()->type_name("DIR");
    app->add_option("--backbone", args->o.backbone, "ARCH[@SIZE][:WEIGHTS_FILE]")
        ->required()
        ->type_name("SPEC");
    app->add_option(
           "--layer", args->o.layer,
           "A cut point (probs, logits, penultimate, pool, dense_input) or a layer from summary")
        ->capture_default_str()
        ->type_name("LAYER");
    app->add_option("--cache-dir", args->o.cacheDir,
                    "Feature cache folder; default: per user, under ~/.cache/featurelab")
        ->type_name("DIR");
    addWorkers(*app, args->o.workers);
    addBatchSize(*app, "--batch-size", args->batchSize);
    addThreads(*app, args->threads);
    app->add_flag("--compress", args->o.compress, "Compress the cache (smaller, slower)");
    app->add_flag("--json", args->json, "Print JSON instead of a table");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

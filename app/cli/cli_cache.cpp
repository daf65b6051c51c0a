// featurelab-cli cache: list or clear the per-user feature cache (featurelab/cache.h).
#include <cstdio>
#include <memory>

#include "commands.h"
#include "featurelab/cache.h"
#include "featurelab/error.h"

namespace featurelab::cli {

namespace {

struct CacheArgs {
    bool list = false, clear = false;
    std::string data;  // only this data folder's cache
    std::string dir;   // another cache root
};

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", double(bytes) / 1e6);
    return text;
}

int run(const CacheArgs& a) {
    const std::string root = a.dir.empty() ? featureCacheRoot() : a.dir;
    if (a.clear) {
        const std::uint64_t freed = clearFeatureCaches(a.data, root);
        std::printf("Cleared %s from %s%s\n", megabytes(freed).c_str(), root.c_str(),
                    a.data.empty() ? "" : (" (features of " + a.data + ")").c_str());
        return 0;
    }
    const auto entries = listFeatureCaches(root);
    std::uint64_t total = 0;
    std::printf("Feature cache: %s\n", root.c_str());
    for (const auto& e : entries) {
        total += e.bytes;
        std::printf("  %10s  %3zu files  %s\n", megabytes(e.bytes).c_str(), e.files,
                    e.dataDir.empty() ? e.folder.c_str() : e.dataDir.c_str());
    }
    std::printf("%zu data folder(s), %s in all\n", entries.size(), megabytes(total).c_str());
    return 0;
}

}  // namespace

Command addCache(CLI::App& root) {
    auto args = std::make_shared<CacheArgs>();
    CLI::App* app =
        addCommand(root, "cache", "List or clear the per-user feature cache", "cache --list");
    auto* list = app->add_flag("--list", args->list, "List the cached data folders and sizes");
    auto* clear = app->add_flag("--clear", args->clear, "Delete cached features");
    list->excludes(clear);
    app->add_option("--data", args->data, "With --clear: only this data folder's features")
        ->type_name("DIR");
    app->add_option("--cache-dir", args->dir, "Another cache root (default: ~/.cache/featurelab)")
        ->type_name("DIR");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

// featurelab-cli classify: ImageNet top-K classes for images and folders, optionally as CSV.
#include <cstdio>
#include <fstream>

#include "cli_args.h"
#include "commands.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/runtime.h"

namespace featurelab::cli {

namespace {

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

int runClassify(int argc, char** argv) {
    CliArgs args(argc, argv, 0, {});
    args.rejectUnknown({"backbone", "top", "csv", "classes", "batch", "threads"});
    if (args.positionals().empty())
        throw Error(ErrorCode::InvalidArgument, "classify needs at least one IMAGE_OR_DIR.");
    ClassifyOptions options;
    options.topK = args.getInt("top", 5);
    options.batchSize = args.getInt("batch", 32);
    options.classIndexPath = args.get("classes");
    if (options.topK < 1) throw Error(ErrorCode::InvalidArgument, "--top must be at least 1.");
    const RuntimeInfo runtime = initRuntime(args.getInt("threads", 0));
    const auto images = collectImages(args.positionals());
    if (images.empty())
        throw Error(ErrorCode::NotFound, "No image files found in the given paths.");
    std::fprintf(stderr, "Classifying %zu images on %s\n", images.size(),
                 runtime.description.c_str());
    const auto results = classifyImages(args.require("backbone"), images, options);

    std::ofstream csv;
    if (args.has("csv")) {
        csv.open(args.get("csv"), std::ios::trunc);
        if (!csv) throw Error(ErrorCode::Io, "Cannot write " + args.get("csv"));
        csv << "path,rank,class_index,class_name,probability\n";
    }
    std::size_t failed = 0;
    for (const auto& r : results) {
        if (!r.error.empty()) {
            ++failed;
            std::fprintf(stderr, "skipped %s: %s\n", r.path.c_str(), r.error.c_str());
            continue;
        }
        std::printf("%s\n", r.path.c_str());
        for (std::size_t i = 0; i < r.top.size(); ++i) {
            const auto& s = r.top[i];
            std::printf("  %zu. %4d %-30s %.4f\n", i + 1, s.classIndex, s.className.c_str(),
                        s.probability);
            if (csv.is_open()) {
                char prob[32];
                std::snprintf(prob, sizeof prob, "%.6f", s.probability);
                csv << csvField(r.path) << ',' << i + 1 << ',' << s.classIndex << ','
                    << csvField(s.className) << ',' << prob << '\n';
            }
        }
    }
    if (csv.is_open() && !csv.flush())
        throw Error(ErrorCode::Io, "Cannot write " + args.get("csv"));
    if (failed)
        std::fprintf(stderr, "%zu of %zu images could not be read.\n", failed, results.size());
    return failed == results.size() ? 1 : 0;
}

}  // namespace featurelab::cli

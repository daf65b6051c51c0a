// featurelab-cli classify: ImageNet top-K classes for images and folders, optionally as CSV.
#include <cstdio>
#include <memory>
#include <sstream>

#include "cli_interrupt.h"
#include "commands.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/files.h"
#include "featurelab/runtime.h"

namespace featurelab::cli {

namespace {

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

struct ClassifyArgs {
    std::string backbone, csv;
    std::vector<std::string> paths;
    ClassifyOptions options;
    int threads = 0;
};

int run(const ClassifyArgs& args) {
    const ClassifyOptions& options = args.options;
    const RuntimeInfo runtime = initRuntime(args.threads);
    const auto images = collectImages(args.paths);
    if (images.empty())
        throw Error(ErrorCode::NotFound, "No image files found in the given paths.");
    std::fprintf(stderr, "Classifying %zu images on %s\n", images.size(),
                 runtime.description.c_str());
    const Backbone backbone = Backbone::open(args.backbone, JobControl{&cancelOnInterrupt()});
    const auto results =
        backbone.classify(images, options, JobControl{&cancelOnInterrupt(), nullptr});

    // The CSV is written in one go at the end, atomically: an interrupted or failed run
    // leaves the previous file as it was.
    std::ostringstream csv;
    const bool wantCsv = !args.csv.empty();
    if (wantCsv) csv << "path,rank,class_index,class_name,probability\n";
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
            if (wantCsv) {
                char prob[32];
                std::snprintf(prob, sizeof prob, "%.6f", s.probability);
                csv << csvField(r.path) << ',' << i + 1 << ',' << s.classIndex << ','
                    << csvField(s.className) << ',' << prob << '\n';
            }
        }
    }
    if (wantCsv) writeFileAtomically(args.csv, csv.str());
    if (failed)
        std::fprintf(stderr, "%zu of %zu images could not be read.\n", failed, results.size());
    return failed == results.size() ? 1 : 0;
}

}  // namespace

Command addClassify(CLI::App& root) {
    auto args = std::make_shared<ClassifyArgs>();
    CLI::App* app = addCommand(
        root, "classify", "ImageNet top-K classes of images and folders",
        "classify --backbone mobilenet_v1_0.25:mobilenet_2_5_128_tf.h5 cat.jpg photos/ --top 3");
    app->add_option("--backbone", args->backbone, "ARCH[@SIZE]:WEIGHTS_FILE with a classifier")
        ->required()
        ->type_name("SPEC");
    app->add_option("IMAGE_OR_DIR", args->paths, "Images, or folders read recursively")->required();
    app->add_option("--top", args->options.topK, "Classes per image, 1..1000")
        ->check(bounds(1, 1000))
        ->capture_default_str()
        ->type_name("K");
    app->add_option("--csv", args->csv, "Also write path,rank,class_index,class_name,probability")
        ->type_name("FILE");
    app->add_option("--classes", args->options.classIndexPath,
                    "imagenet_class_index.json; default: the one next to the weights")
        ->type_name("FILE");
    addBatchSize(*app, "--batch", args->options.batchSize);
    addThreads(*app, args->threads);
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

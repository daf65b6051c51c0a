// featurelab-cli gradcam: Grad-CAM overlays of a trained model's evidence, written as PNGs.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include "cli_interrupt.h"
#include "commands.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "featurelab/trained_model.h"

namespace featurelab::cli {

namespace {

namespace fs = std::filesystem;

struct GradCamArgs {
    std::string model, out, className, layer;
    std::vector<std::string> paths;
    double opacity = 0.5;
    bool listLayers = false;
    int threads = 0;
};

bool endsWithPng(const std::string& s) {
    if (s.size() < 4) return false;
    std::string ext = s.substr(s.size() - 4);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".png";
}

int classIndexOf(const TrainedModel& model, const std::string& name) {
    if (name.empty()) return -1;
    const auto& classes = model.classes();
    std::string list;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        if (classes[i] == name) return static_cast<int>(i);
        list += (i ? ", " : "") + classes[i];
    }
    throw Error(ErrorCode::InvalidArgument,
                "The model has no class '" + name + "'; its classes are " + list + ".");
}

/// OUT/<stem>.png; a second image with the same stem gets its folder's name in front, then a
/// number, so that no overlay overwrites another of the same run.
std::string overlayName(const std::string& image, std::set<std::string>& used) {
    const fs::path p(image);
    const std::string stem = p.stem().string(), parent = p.parent_path().filename().string();
    std::string name = stem + ".png";
    if (used.count(name) && !parent.empty()) name = parent + "_" + stem + ".png";
    for (int n = 2; used.count(name); ++n)
        name = (parent.empty() ? "" : parent + "_") + stem + "_" + std::to_string(n) + ".png";
    used.insert(name);
    return name;
}

int run(const GradCamArgs& args) {
    if (!args.listLayers && args.paths.empty())
        throw Error(ErrorCode::InvalidArgument, "Give at least one IMAGE (or --list-layers).");
    if (!args.listLayers && args.out.empty())
        throw Error(ErrorCode::InvalidArgument, "Give --out DIR or --out FILE.png.");
    const RuntimeInfo runtime = initRuntime(args.threads);
    const TrainedModel model = TrainedModel::open(args.model, JobControl{&cancelOnInterrupt()});
    if (args.listLayers) {
        const auto layers = model.gradCamLayers();
        for (std::size_t i = 0; i < layers.size(); ++i) {
            std::string shape;
            for (std::int64_t d : layers[i].outputShape)
                shape += (shape.empty() ? "" : "x") + std::to_string(d);
            std::printf("%-28s %s%s\n", layers[i].name.c_str(), shape.c_str(),
                        i + 1 == layers.size() ? "  (default: the last conv block)" : "");
        }
        return 0;
    }
    GradCamOptions options;
    options.classIndex = classIndexOf(model, args.className);
    options.layer = args.layer;
    const auto images = collectImages(args.paths);
    if (images.empty())
        throw Error(ErrorCode::NotFound, "No image files found in the given paths.");
    const bool single = endsWithPng(args.out) && !fs::is_directory(args.out);
    if (single && images.size() != 1)
        throw Error(ErrorCode::InvalidArgument, "--out " + args.out + " names one PNG but " +
                                                    std::to_string(images.size()) +
                                                    " images were given; pass a folder to --out.");
    std::error_code ec;
    if (!single && !fs::create_directories(args.out, ec) && ec)
        throw Error(ErrorCode::Io, args.out + ": cannot create the folder (" + ec.message() + ").");
    std::fprintf(stderr, "Grad-CAM of %zu image%s with %s (%s, stage %s) on %s\n", images.size(),
                 images.size() == 1 ? "" : "s", args.model.c_str(), model.architecture().c_str(),
                 model.stage().c_str(), runtime.description.c_str());

    std::set<std::string> used;
    std::size_t failed = 0;
    for (const std::string& image : images) {
        throwIfCancelled(&cancelOnInterrupt());
        GradCam cam;
        try {
            cam = model.gradCam(image, options);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::BadImage && e.code() != ErrorCode::NotFound) {
                if (e.hint().action != HintAction::ShowLayerNames) throw;
                throw Error(e.code(), std::string(e.what()) + " 'featurelab-cli gradcam --model " +
                                          args.model + " --list-layers' lists them.");
            }
            ++failed;
            std::fprintf(stderr, "skipped %s: %s\n", image.c_str(), e.what());
            continue;
        }
        const std::string png =
            single ? args.out : (fs::path(args.out) / overlayName(image, used)).string();
        writeGradCamOverlay(image, cam, png, args.opacity);
        const std::size_t c = static_cast<std::size_t>(cam.classIndex);
        std::printf("%s -> %s  (%s %.3f%s, layer %s)\n", image.c_str(), png.c_str(),
                    model.classes()[c].c_str(), cam.probs[c],
                    cam.classIndex == cam.predicted ? ", predicted" : "", cam.layer.c_str());
    }
    if (failed)
        std::fprintf(stderr, "%zu of %zu images could not be read.\n", failed, images.size());
    return failed == images.size() ? 1 : 0;
}

}  // namespace

Command addGradCam(CLI::App& root) {
    auto args = std::make_shared<GradCamArgs>();
    CLI::App* app =
        addCommand(root, "gradcam", "Grad-CAM: where a trained model sees a class, as PNG overlays",
                   "gradcam --model /tmp/run1 valid/dogs/dog.4001.jpg --out cam.png");
    app->add_option("--model", args->model, "RUN_DIR, MODEL.safetensors or an exported MODEL.h5")
        ->required()
        ->type_name("MODEL");
    app->add_option("IMAGE", args->paths, "Images, or folders read recursively");
    app->add_option("--out", args->out,
                    "A folder (one <image name>.png per image) or FILE.png for one image")
        ->type_name("DIR_OR_PNG");
    app->add_option("--class", args->className, "The class to explain; default: the predicted one")
        ->type_name("NAME");
    app->add_option("--layer", args->layer,
                    "A conv layer from --list-layers; default: the last conv block")
        ->type_name("NAME");
    app->add_option("--opacity", args->opacity, "The heat map's opacity over the image, 0..1")
        ->check(bounds(0.0, 1.0))
        ->capture_default_str()
        ->type_name("A");
    app->add_flag("--list-layers", args->listLayers, "Print the layers Grad-CAM can use and exit");
    addThreads(*app, args->threads);
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

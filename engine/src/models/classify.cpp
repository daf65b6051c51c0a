// ImageNet top-K classification with a backbone: collect images, preprocess, forward, softmax.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "data/list_files.h"
#include "data/preprocess.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/image.h"
#include "models/chain_network.h"

namespace featurelab {

namespace fs = std::filesystem;

namespace {

bool isImageFile(const fs::path& p) {
    static const std::set<std::string> kExt = {".jpg",  ".jpeg", ".png", ".bmp",
                                               ".webp", ".tif",  ".tiff"};
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return kExt.count(ext) > 0;
}

// The backbone's input for one file, through the same decoder and pipeline as training.
torch::Tensor loadInput(const std::string& path, const Preprocessing& p) {
    return toInputTensor(decodeImage(path), p);
}

std::string classIndexNextTo(const std::string& weightsPath) {
    if (weightsPath.empty()) return {};
    const fs::path candidate = fs::path(weightsPath).parent_path() / "imagenet_class_index.json";
    std::error_code ec;
    return fs::is_regular_file(candidate, ec) ? candidate.string() : std::string();
}

}  // namespace

std::vector<std::string> collectImages(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            // Each folder once: two links to "." would otherwise be followed forever. Loops
            // and unreadable entries are left out (this API has no list of skipped files).
            listFiles(
                p,
                [&](const std::string& path, const std::string&) {
                    if (isImageFile(fs::path(path))) found.push_back(path);
                },
                nullptr);
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            out.push_back(p);
        } else {
            throw Error(ErrorCode::NotFound, "No such image or folder: " + p);
        }
    }
    return out;
}

std::vector<std::string> loadClassIndex(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::NotFound, "Class index file not found: " + path);
    try {
        const auto j = nlohmann::json::parse(in);
        std::vector<std::string> names(j.size());
        for (const auto& [key, value] : j.items()) {
            const std::size_t i = std::stoul(key);
            if (i >= names.size()) throw std::out_of_range("index");
            names[i] = value.is_array() ? value.at(1).get<std::string>() : value.get<std::string>();
        }
        return names;
    } catch (const std::exception& e) {
        throw Error(
            ErrorCode::InvalidArgument,
            path + " is not a Keras class index ({\"0\": [\"n01440764\", \"tench\"], ...}).");
    }
}

std::vector<ImageClassification> classifyImages(const std::string& specText,
                                                const std::vector<std::string>& imagePaths,
                                                const ClassifyOptions& options,
                                                const ProgressFn& progress) {
    const auto spec = BackboneSpec::parse(specText);
    auto net = createNetwork(spec);
    if (const auto& top = asChain(*net).untrainedTop; !top.empty())
        throw Error(ErrorCode::BadWeights,
                    spec.weightsPath +
                        " has no ImageNet classifier (a Keras include_top=False "
                        "file: no weights for " +
                        top.front() + (top.size() > 1 ? ", ..." : "") +
                        "), so it cannot name ImageNet classes. Use the file with the top.");
    net->module().eval();
    const Preprocessing prep = net->preprocessing();
    const std::string indexPath = options.classIndexPath.empty()
                                      ? classIndexNextTo(spec.weightsPath)
                                      : options.classIndexPath;
    std::vector<std::string> names;
    if (!indexPath.empty()) names = loadClassIndex(indexPath);
    if (static_cast<int>(names.size()) != net->numOutputs()) names.clear();
    const int k = std::max(1, std::min(options.topK, net->numOutputs()));
    const std::size_t batch = static_cast<std::size_t>(std::max(1, options.batchSize));

    std::vector<ImageClassification> results(imagePaths.size());
    auto lastReport = std::chrono::steady_clock::now();
    torch::NoGradGuard noGrad;
    for (std::size_t start = 0; start < imagePaths.size(); start += batch) {
        std::vector<torch::Tensor> inputs;
        std::vector<std::size_t> index;
        for (std::size_t i = start; i < std::min(imagePaths.size(), start + batch); ++i) {
            results[i].path = imagePaths[i];
            try {
                inputs.push_back(loadInput(imagePaths[i], prep));
                index.push_back(i);
            } catch (const Error& e) {  // NotFound or BadImage: this file only
                results[i].error = e.what();
            }
        }
        if (!inputs.empty()) {
            const auto logits =
                net->forwardSegments(torch::stack(inputs), 0, net->segments().size());
            const auto [probs, classes] = torch::softmax(logits, 1).topk(k, 1);
            for (std::size_t j = 0; j < index.size(); ++j)
                for (int r = 0; r < k; ++r) {
                    ClassScore s;
                    s.classIndex = static_cast<int>(classes[j][r].item<std::int64_t>());
                    s.probability = probs[j][r].item<float>();
                    if (!names.empty()) s.className = names[static_cast<std::size_t>(s.classIndex)];
                    results[index[j]].top.push_back(s);
                }
        }
        const auto now = std::chrono::steady_clock::now();
        const std::size_t done = std::min(imagePaths.size(), start + batch);
        if (progress &&
            (now - lastReport > std::chrono::milliseconds(200) || done == imagePaths.size())) {
            lastReport = now;
            Progress pr;
            pr.phase = "classify";
            pr.done = done;
            pr.total = imagePaths.size();
            if (!progress(pr)) throw Error(ErrorCode::Cancelled, "Classification cancelled.");
        }
    }
    return results;
}

}  // namespace featurelab

// Backbone: one createNetwork per open(); summary, ImageNet top-K and features reuse it.
#include <filesystem>
#include <mutex>

#include "api/image_inputs.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "features/network_features.h"
#include "models/describe.h"
#include "models/network.h"
#include "recipe/api_boundary.h"
#include "recipe/layer_choice.h"

namespace featurelab {

namespace fs = std::filesystem;

struct Backbone::Impl {
    std::string spec;
    std::shared_ptr<Network> net;
    BackboneDescription description;
    std::mutex mutex;  // one forward pass at a time: copies of the handle share the network
};

namespace {

std::string classIndexNextTo(const std::string& weightsPath) {
    if (weightsPath.empty()) return {};
    const fs::path candidate = fs::path(weightsPath).parent_path() / "imagenet_class_index.json";
    std::error_code ec;
    return fs::is_regular_file(candidate, ec) ? candidate.string() : std::string();
}

/// A weights problem names what the user can do about it: choose another file.
[[noreturn]] void rethrowWithWeightsHint(const Error& e, const std::string& weightsPath) {
    if (e.hint().action == HintAction::None && !weightsPath.empty() &&
        (e.code() == ErrorCode::BadWeights || e.code() == ErrorCode::NotFound))
        throw Error(e.code(), e.what(), {HintAction::ChooseWeights, weightsPath});
    throw e;
}

}  // namespace

Backbone Backbone::open(const std::string& spec, const JobControl& job) {
    return recipe::atApiBoundary([&] {
        job.throwIfCancelled();
        const BackboneSpec parsed = BackboneSpec::parse(spec);
        auto impl = std::make_shared<Impl>();
        impl->spec = spec;
        try {
            impl->net = createNetwork(parsed);
        } catch (const Error& e) {
            rethrowWithWeightsHint(e, parsed.weightsPath);
        }
        impl->net->setTrainMode(false);
        impl->description = describeNetwork(spec, *impl->net);
        return Backbone(std::move(impl));
    });
}

const BackboneDescription& Backbone::description() const { return impl_->description; }

std::string Backbone::summary() const { return formatSummary(impl_->description); }

std::vector<ImageClassification> Backbone::classify(const std::vector<std::string>& imagePaths,
                                                    const ClassifyOptions& options,
                                                    const JobControl& job) const {
    return recipe::atApiBoundary([&] {
        Network& net = *impl_->net;
        const BackboneDescription& d = impl_->description;
        if (!d.untrainedTop.empty())
            throw Error(ErrorCode::BadWeights,
                        d.weightsPath +
                            " has no ImageNet classifier (a Keras include_top=False file: no "
                            "weights for " +
                            d.untrainedTop.front() + (d.untrainedTop.size() > 1 ? ", ..." : "") +
                            "), so it cannot name ImageNet classes. Use the file with the top.",
                        {HintAction::ChooseWeights, d.weightsPath});
        const std::string indexPath = options.classIndexPath.empty()
                                          ? classIndexNextTo(d.weightsPath)
                                          : options.classIndexPath;
        std::vector<std::string> names;
        if (!indexPath.empty()) names = loadClassIndex(indexPath);
        if (static_cast<int>(names.size()) != net.numOutputs()) names.clear();
        const int k = std::max(1, std::min(options.topK, net.numOutputs()));

        std::vector<ImageClassification> results(imagePaths.size());
        std::vector<std::string> errors;
        std::lock_guard<std::mutex> lock(impl_->mutex);
        torch::NoGradGuard noGrad;
        net.setTrainMode(false);
        api::forEachBatch(
            imagePaths, d.preprocessing, static_cast<std::size_t>(std::max(1, options.batchSize)),
            "classify", job, errors,
            [&](const torch::Tensor& batch, const std::vector<std::size_t>& index) {
                const auto logits = net.forwardSegments(batch, 0, net.segments().size());
                const auto [probs, classes] = torch::softmax(logits, 1).topk(k, 1);
                for (std::size_t j = 0; j < index.size(); ++j)
                    for (int r = 0; r < k; ++r) {
                        ClassScore s;
                        s.classIndex = static_cast<int>(classes[j][r].item<std::int64_t>());
                        s.probability = probs[j][r].item<float>();
                        if (!names.empty())
                            s.className = names[static_cast<std::size_t>(s.classIndex)];
                        results[index[j]].top.push_back(s);
                    }
            });
        for (std::size_t i = 0; i < imagePaths.size(); ++i) {
            results[i].path = imagePaths[i];
            results[i].error = errors[i];
        }
        return results;
    });
}

FeatureRows Backbone::features(const std::vector<std::string>& imagePaths, const std::string& layer,
                               const JobControl& job) const {
    return recipe::atApiBoundary([&] {
        const FeatureExtractor extract = networkExtractor(impl_->net, layer);
        FeatureRows out;
        std::vector<std::string> errors;
        std::vector<std::pair<std::size_t, torch::Tensor>> rows;
        std::lock_guard<std::mutex> lock(impl_->mutex);
        torch::NoGradGuard noGrad;
        api::forEachBatch(imagePaths, impl_->description.preprocessing, 32, "features", job, errors,
                          [&](const torch::Tensor& batch, const std::vector<std::size_t>& index) {
                              const torch::Tensor f = extract(batch).to(torch::kCPU).contiguous();
                              for (std::size_t j = 0; j < index.size(); ++j)
                                  rows.emplace_back(index[j], f[static_cast<std::int64_t>(j)]);
                          });
        for (const auto& [i, row] : rows) {
            if (out.shape.empty()) out.shape = row.sizes().vec();
            out.paths.push_back(imagePaths[i]);
            const float* p = row.data_ptr<float>();
            out.values.insert(out.values.end(), p, p + row.numel());
        }
        for (std::size_t i = 0; i < imagePaths.size(); ++i)
            if (!errors[i].empty()) {
                ImageClassification f;
                f.path = imagePaths[i];
                f.error = errors[i];
                out.failed.push_back(f);
            }
        return out;
    });
}

StageLayers Backbone::stageLayers(const StageConfig& stage) const {
    return recipe::atApiBoundary([&] {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        return recipe::stageLayersOf(*impl_->net, stage);
    });
}

}  // namespace featurelab

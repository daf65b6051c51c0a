// TrainedModel: one loadModel per open(); predictions reuse it, and the backbone for the
// ImageNet top-K is opened on first use and kept.
#include "featurelab/trained_model.h"

#include <mutex>
#include <optional>

#include "api/image_inputs.h"
#include "featurelab/error.h"
#include "featurelab/inspection.h"
#include "featurelab/runtime.h"
#include "recipe/api_boundary.h"
#include "recipe/model_file.h"
#include "util/load_counter.h"
#include "inspection/evaluation.h"
#include "inspection/grad_cam.h"

namespace featurelab {

struct TrainedModel::Impl {
    std::string file;
    recipe::LoadedModel model;
    torch::Device device = torch::kCPU;
    std::mutex mutex;                  // one forward pass at a time
    std::optional<Backbone> backbone;  // opened by the first imagenetTop()
    std::mutex backboneMutex;
};

TrainedModel TrainedModel::open(const std::string& modelOrRunDir, const JobControl& job) {
    return recipe::atApiBoundary([&] {
        job.throwIfCancelled();
        auto impl = std::make_shared<Impl>();
        impl->file = modelOrRunDir;
        util::noteWeightsLoad();
        impl->model = recipe::loadModel(modelOrRunDir);
        impl->device = torch::Device(currentRuntime().device);
        impl->model.net->module().to(impl->device);
        if (impl->model.probsHead) impl->model.probsHead->to(impl->device);
        impl->model.net->setTrainMode(false);
        return TrainedModel(std::move(impl));
    });
}

const std::string& TrainedModel::file() const { return impl_->file; }
const std::vector<std::string>& TrainedModel::classes() const { return impl_->model.meta.classes; }
const std::string& TrainedModel::stage() const { return impl_->model.meta.stage; }
const std::string& TrainedModel::architecture() const { return impl_->model.meta.architecture; }
const std::string& TrainedModel::backboneSpec() const { return impl_->model.meta.backbone; }

std::vector<ImagePrediction> TrainedModel::predict(const std::vector<std::string>& imagePaths,
                                                   const JobControl& job) const {
    return recipe::atApiBoundary([&] {
        std::vector<ImagePrediction> out(imagePaths.size());
        std::vector<std::string> errors;
        std::lock_guard<std::mutex> lock(impl_->mutex);
        api::forEachBatch(
            imagePaths, impl_->model.meta.preprocessing, 32, "predict", job, errors,
            [&](const torch::Tensor& batch, const std::vector<std::size_t>& index) {
                const torch::Tensor p =
                    impl_->model.predict(batch.to(impl_->device)).to(torch::kCPU).contiguous();
                for (std::size_t j = 0; j < index.size(); ++j) {
                    const float* d = p.data_ptr<float>() + static_cast<std::int64_t>(j) * p.size(1);
                    out[index[j]].probs.assign(d, d + p.size(1));
                    out[index[j]].predicted = argmaxLabel(out[index[j]].probs);
                }
            });
        for (std::size_t i = 0; i < imagePaths.size(); ++i) {
            out[i].path = imagePaths[i];
            out[i].error = errors[i];
        }
        return out;
    });
}

ImagePrediction TrainedModel::predict(const std::string& imagePath) const {
    ImagePrediction p = predict(std::vector<std::string>{imagePath}).front();
    if (!p.error.empty()) throw Error(ErrorCode::BadImage, p.error);
    return p;
}

ImageClassification TrainedModel::imagenetTop(const std::string& imagePath, int k) const {
    return recipe::atApiBoundary([&] {
        std::lock_guard<std::mutex> lock(impl_->backboneMutex);
        if (!impl_->backbone) {
            const BackboneSpec spec = BackboneSpec::parse(impl_->model.meta.backbone);
            if (spec.weightsPath.empty())
                throw Error(ErrorCode::BadWeights,
                            "This model was trained from a randomly initialised " +
                                spec.architecture + ": it has no ImageNet classes to show.",
                            {HintAction::ChooseWeights, ""});
            impl_->backbone = Backbone::open(impl_->model.meta.backbone);
        }
        ClassifyOptions options;
        options.topK = k;
        options.batchSize = 1;
        ImageClassification c = impl_->backbone->classify({imagePath}, options).front();
        if (!c.error.empty()) throw Error(ErrorCode::BadImage, c.error);
        return c;
    });
}

std::vector<LayerInfo> TrainedModel::gradCamLayers() const {
    return recipe::atApiBoundary([&] {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        return featurelab::gradCamLayers(*impl_->model.net);
    });
}

GradCam TrainedModel::gradCam(const std::string& imagePath, const GradCamOptions& options) const {
    return recipe::atApiBoundary([&] {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        return computeGradCam(impl_->model, imagePath, options);
    });
}

}  // namespace featurelab

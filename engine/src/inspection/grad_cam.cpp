// Grad-CAM: gradients of one class score with respect to a conv layer's activations weight
// its channels; the ReLU of the weighted sum, upsampled to the input, is the map.
#include "inspection/grad_cam.h"

#include <algorithm>

#include "data/image.h"
#include "data/preprocess.h"
#include "featurelab/error.h"
#include "inspection/evaluation.h"
#include "models/network.h"

namespace featurelab {

namespace {

bool spatialKind(LayerKind kind) {
    return kind == LayerKind::Conv || kind == LayerKind::Depthwise || kind == LayerKind::Activation;
}

std::string chooseLayer(const std::vector<LayerInfo>& layers, const std::string& wanted,
                        const std::string& architecture) {
    if (layers.empty())
        throw Error(ErrorCode::InvalidArgument,
                    architecture +
                        " has no conv layers the engine can see into: Grad-CAM needs "
                        "one of the built-in architectures.");
    if (wanted.empty()) return layers.back().name;
    for (const LayerInfo& l : layers)
        if (l.name == wanted) return wanted;
    throw Error(ErrorCode::InvalidArgument,
                "'" + wanted + "' is not a conv layer of " + architecture +
                    " that Grad-CAM can use; the last conv block is '" + layers.back().name + "'.",
                {HintAction::ShowLayerNames, architecture});
}

}  // namespace

std::vector<LayerInfo> gradCamLayers(Network& net) {
    std::vector<LayerInfo> out;
    for (LayerInfo& l : net.layers())
        if (spatialKind(l.kind) && l.outputShape.size() == 3) out.push_back(std::move(l));
    return out;
}

GradCam computeGradCam(recipe::LoadedModel& model, const std::string& imagePath,
                       const GradCamOptions& options) {
    Network& net = *model.net;
    const int numClasses = static_cast<int>(model.meta.classes.size());
    if (options.classIndex < -1 || options.classIndex >= numClasses)
        throw Error(ErrorCode::InvalidArgument,
                    "Class index " + std::to_string(options.classIndex) +
                        " is outside this model's " + std::to_string(numClasses) +
                        " classes (-1 for the predicted one).");
    GradCam cam;
    cam.path = imagePath;
    cam.layer = chooseLayer(gradCamLayers(net), options.layer, model.meta.architecture);

    const RgbImage image = decodeImage(imagePath);  // NotFound, BadImage
    const Preprocessing& pre = model.meta.preprocessing;
    cam.imageWidth = image.width;
    cam.imageHeight = image.height;
    const SourceRect crop = preprocessSourceRect(image.width, image.height, pre);
    cam.cropX = crop.x;
    cam.cropY = crop.y;
    cam.cropWidth = crop.width;
    cam.cropHeight = crop.height;

    net.setTrainMode(false);
    const torch::Tensor input = toInputTensor(image, pre).unsqueeze(0);
    // Below the layer's segment nothing needs a gradient: run it without a graph. (Not
    // InferenceMode: its tensors cannot enter the autograd graph built above them.)
    const std::size_t cut = net.cutPoint(cam.layer);
    torch::Tensor below;
    {
        torch::NoGradGuard noGrad;
        below = net.forwardSegments(input, 0, cut);
    }
    torch::AutoGradMode withGrad(true);
    below = below.detach().requires_grad_(true);
    LayerCapture capture(cam.layer);
    torch::Tensor scores = net.forwardSegments(below, cut, net.segments().size());
    if (model.probsHead) scores = model.probsHead->forward(scores.softmax(1));
    const torch::Tensor activation = capture.output();
    if (!activation.defined() || activation.dim() != 4)
        throw Error(ErrorCode::Internal, "Grad-CAM: the forward pass did not reach layer '" +
                                             cam.layer + "' as a feature map.");

    const torch::Tensor probs = scores.detach().softmax(1).to(torch::kCPU).contiguous();
    cam.probs.assign(probs.data_ptr<float>(), probs.data_ptr<float>() + probs.size(1));
    cam.predicted = argmaxLabel(cam.probs);
    cam.classIndex = options.classIndex >= 0 ? options.classIndex : cam.predicted;

    // The class score before softmax, as in the paper: softmax would mix in the other classes.
    const torch::Tensor score = scores.select(0, 0).select(0, cam.classIndex);
    torch::Tensor grad = torch::autograd::grad({score}, {activation}, {}, false, false, true)[0];
    torch::NoGradGuard noGrad;
    if (!grad.defined()) grad = torch::zeros_like(activation);
    const torch::Tensor weights = grad.mean({2, 3}, true);                          // [1, C, 1, 1]
    torch::Tensor map = torch::relu((weights * activation.detach()).sum(1, true));  // [1,1,h,w]
    cam.layerHeight = static_cast<int>(map.size(2));
    cam.layerWidth = static_cast<int>(map.size(3));
    // A plain bilinear resize, as Grad-CAM implementations do: it takes each cell to be
    // centred on its stride's grid. (Keras' "same" padding pads bottom/right, so MobileNet's
    // receptive fields sit up to half a cell lower and further right; the map is not shifted.)
    map = torch::nn::functional::interpolate(
        map, torch::nn::functional::InterpolateFuncOptions()
                 .size(std::vector<std::int64_t>{pre.height, pre.width})
                 .mode(torch::kBilinear)
                 .align_corners(false));
    map = map.squeeze().to(torch::kCPU, torch::kFloat).contiguous();
    const float peak = map.max().item<float>();
    if (peak > 0) map = (map / peak).clamp(0.0, 1.0);
    cam.height = pre.height;
    cam.width = pre.width;
    cam.heat.assign(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    return cam;
}

}  // namespace featurelab

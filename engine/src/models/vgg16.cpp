// VGG16 with torchvision's module names (features.N, classifier.N) and Keras' layer names
// (block1_conv1 ... fc1, fc2, predictions) in the registry, so both weight families load.
#include "models/arch_common.h"
#include "models/architectures.h"
#include "models/layer_builder.h"

namespace featurelab::arch {

NetworkParts buildVgg16(const ArchRequest&) {
    NetworkParts parts;
    LayerBuilder b(parts, container());
    // torchvision's features.N counts every module, ReLU and pooling included.
    const int cfg[] = {64, 64,  0,   128, 128, 0,   256, 256, 256,
                       0,  512, 512, 512, 0,   512, 512, 512, 0};
    std::int64_t in = 3;
    int block = 1, conv = 1, index = 0;
    for (int c : cfg) {
        const std::string prefix = "block" + std::to_string(block);
        if (c == 0) {
            b.op(prefix + "_pool", LayerKind::Pool,
                 [](const torch::Tensor& x) { return torch::max_pool2d(x, 2, 2); });
            ++index;
            ++block;
            conv = 1;
            continue;
        }
        const std::string name = prefix + "_conv" + std::to_string(conv++);
        b.layer("features." + std::to_string(index), LayerKind::Conv,
                torch::nn::Conv2d(torch::nn::Conv2dOptions(in, c, 3).padding(1)), nullptr, name);
        b.op(name + "_relu", LayerKind::Activation,
             [](const torch::Tensor& x) { return torch::relu(x); });
        index += 2;
        in = c;
    }
    b.op("avgpool", LayerKind::Pool, [](const torch::Tensor& x) {
        return torch::adaptive_avg_pool2d(x, {7, 7});
    });
    b.op("flatten", LayerKind::Flatten, [](const torch::Tensor& x) { return x.flatten(1); });
    // classifier: 0 fc1, 1 ReLU, 2 Dropout, 3 fc2, 4 ReLU, 5 Dropout, 6 predictions.
    for (int i = 0; i < 2; ++i) {
        const std::string name = "fc" + std::to_string(i + 1);
        b.layer("classifier." + std::to_string(3 * i), LayerKind::Dense,
                torch::nn::Linear(i == 0 ? 512 * 7 * 7 : 4096, 4096), nullptr, name);
        if (i == 0) b.lastEntry().flattenCHW = {512, 7, 7};
        b.op(name + "_relu", LayerKind::Activation,
             [](const torch::Tensor& x) { return torch::relu(x); });
        b.dropout(name + "_dropout", 0.5, "classifier." + std::to_string(3 * i + 2));
    }
    b.head("classifier.6", 4096, 1000, "predictions");
    b.pinCut("pool", "avgpool");  // block5_pool's output, before the 7x7 average pooling
    initLikeTorchvision(*parts.root);
    b.finish();
    return parts;
}

}  // namespace featurelab::arch

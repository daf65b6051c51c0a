// createNetwork: the architecture from the spec, then its weights in whatever format the bytes say.
#include <filesystem>

#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "models/arch_common.h"
#include "models/architectures.h"
#include "models/keras_weights.h"
#include "models/torchscript_network.h"
#include "models/weights_io.h"
#include "util/load_counter.h"

namespace featurelab {

namespace {

NetworkParts buildParts(const arch::ArchRequest& req) {
    if (req.base == "mobilenet_v1") return arch::buildMobileNetV1(req);
    if (req.base == "vgg16") return arch::buildVgg16(req);
    if (req.base == "resnet18" || req.base == "resnet50") return arch::buildResNet(req);
    if (req.base == "mobilenet_v2") return arch::buildMobileNetV2(req);
    throw Error(ErrorCode::InvalidArgument, "Unknown architecture '" + req.text + "'.");
}

// A Keras file of an architecture whose native pipeline is torchvision's (vgg16) was trained
// with Keras' own preprocessing: use that one (the lesson's VGG16 subtracts the BGR mean).
Preprocessing preprocessingFor(const arch::ArchRequest& req, WeightsFormat format,
                               const Preprocessing& native) {
    if (format == WeightsFormat::KerasHdf5 && req.base == "vgg16")
        return arch::kerasCaffePreprocessing(native.width, native.height);
    return native;
}

std::shared_ptr<Network> createOnCpu(const BackboneSpec& spec) {
    const auto req = arch::parseArchitecture(spec.architecture);
    if (req.base == "torchscript") {
        if (spec.weightsPath.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "'torchscript' needs a file: torchscript:PATH_TO_MODEL.pt");
        return createTorchScriptNetwork(req, spec.weightsPath);
    }
    NetworkParts parts = buildParts(req);
    if (spec.weightsPath.empty()) return std::make_shared<ChainNetwork>(std::move(parts));

    const std::string& path = spec.weightsPath;
    util::noteWeightsLoad();
    const WeightsFormat format = detectWeightsFormat(path);
    parts.preprocessing = preprocessingFor(req, format, parts.preprocessing);
    auto net = std::make_shared<ChainNetwork>(std::move(parts));
    try {
        switch (format) {
            case WeightsFormat::KerasHdf5:
                loadKerasWeights(*net, keras::read(path), path);
                break;
            case WeightsFormat::Safetensors:
                loadStateDict(*net, readSafetensors(path), path);
                break;
            case WeightsFormat::TorchSaveZip:
                loadStateDict(*net, readTorchSaveStateDict(path), path);
                break;
            case WeightsFormat::TorchScript:
                // A scripted torchvision model carries the same parameter names: load them
                // natively (trainable); 'torchscript:FILE' keeps any other model frozen.
                loadStateDict(*net, readTorchScriptStateDict(path), path);
                break;
            case WeightsFormat::TorchLegacy:
                throw Error(ErrorCode::BadWeights,
                            path +
                                ": a torch.save file in the pre-1.6 (non-zip) format. Re-save "
                                "it once in Python: torch.save(torch.load(f), f2) with "
                                "torch >= 1.6, or as safetensors.");
            case WeightsFormat::Unknown:
                throw Error(ErrorCode::BadWeights,
                            path +
                                ": not a weights file (expected Keras HDF5, safetensors, a "
                                "torch.save zip archive or TorchScript).");
        }
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::BadWeights, path + ": " + e.what_without_backtrace());
    }
    net->randomInit = false;
    net->weightsPath = path;
    net->weightsFormat = weightsFormatName(format);
    return net;
}

}  // namespace

std::shared_ptr<Network> createNetwork(const BackboneSpec& spec) {
    std::shared_ptr<Network> net = createOnCpu(spec);
    // Built and loaded on the CPU, then moved where the runtime computes (FEATURELAB_DEVICE or
    // the first GPU of a CUDA LibTorch): every job on this network follows it there.
    const torch::Device device(currentRuntime().device);
    if (!device.is_cpu()) net->module().to(device);
    return net;
}

}  // namespace featurelab

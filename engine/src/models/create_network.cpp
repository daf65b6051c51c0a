// createNetwork: the architecture from the spec, then its weights in whatever format the bytes say.
#include <filesystem>

#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "models/architectures.h"
#include "models/keras_weights.h"
#include "models/torchscript_network.h"
#include "models/weights_io.h"
#include "util/load_counter.h"

namespace featurelab {

namespace {

std::shared_ptr<Network> createOnCpu(const BackboneSpec& spec) {
    const auto req = arch::parseArchitecture(spec.architecture);
    if (req.base == "torchscript") {
        if (spec.weightsPath.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "'torchscript' needs a file: torchscript:PATH_TO_MODEL.pt");
        return createTorchScriptNetwork(req, spec.weightsPath);
    }
    const arch::Architecture& row = arch::architectureOf(req);
    NetworkParts parts = row.build(req);
    parts.architecture = req.text;
    parts.convFrom = row.convFrom;
    const int size = arch::inputSizeOf(req);
    if (spec.weightsPath.empty()) {
        parts.preprocessing = arch::preprocessingOf(row.pipeline, size);
        return std::make_shared<Network>(std::move(parts));
    }

    const std::string& path = spec.weightsPath;
    util::noteWeightsLoad();
    const WeightsFormat format = detectWeightsFormat(path);
    // Keras weights were trained with Keras' own pipeline (the lesson's VGG16 subtracts the
    // BGR mean where the torchvision release normalises by mean/std).
    parts.preprocessing = arch::preprocessingOf(
        format == WeightsFormat::KerasHdf5 ? row.kerasPipeline : row.pipeline, size);
    auto net = std::make_shared<Network>(std::move(parts));
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

// Exporting a trained model (RUN_DIR/model.safetensors or a stage checkpoint) to another file
// format, for the CLI's 'export' command and the workbench's Export menu.
#pragma once

#include <string>

#include "featurelab/job.h"

namespace featurelab {

enum class ModelFormat {
    /// The recipe's own format: every tensor under the network's state-dict names (torchvision
    /// names for torchvision architectures), plus "featurelab.probs_head.*" for a linear-stage
    /// model, and the metadata in "__metadata__".
    Safetensors,
    /// Keras's legacy weights layout (root attribute layer_names, per layer weight_names,
    /// TensorFlow HWIO kernels, [in, out] dense kernels, channels-last Flatten rows), one group
    /// per weighted layer, named after the layer registry. A linear-stage model adds the Dense
    /// on the ImageNet probabilities as a last layer "featurelab_probs_head" (kernel
    /// [1000, classes]). The metadata is the root attribute "featurelab_metadata" (JSON).
    KerasHdf5,
};

/// The format a file name asks for: ".h5"/".hdf5" is KerasHdf5, ".safetensors" Safetensors.
/// Throws Error(InvalidArgument) for any other extension.
ModelFormat modelFormatForFile(const std::string& file);

/// Reads modelFile (either format above, written by the recipe or by this function; a run
/// folder stands for its model.safetensors) and
/// writes it to outFile in format. Both formats load back with predictImages and give
/// bit-identical probabilities. outFile is written next to itself and renamed into place, so
/// a failure never leaves a partial file (an existing outFile stays as it was).
/// Throws Error: NotFound (modelFile missing), BadWeights (not a Featurelab model file),
/// InvalidArgument (a 'torchscript' model has no Keras layout; export it as safetensors),
/// Io (outFile cannot be written).
/// The job's token is polled before the model is read and before it is written.
void exportModel(const std::string& modelFile, const std::string& outFile, ModelFormat format,
                 const JobControl& job = {});

}  // namespace featurelab

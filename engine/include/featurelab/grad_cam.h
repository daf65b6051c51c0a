// Grad-CAM as plain values: where in an image a trained model found the evidence for a class
// (TrainedModel::gradCam computes it), and the overlay PNG the CLI writes.
#pragma once

#include <string>
#include <vector>

namespace featurelab {

struct GradCamOptions {
    /// Index into TrainedModel::classes(); -1: the class the model predicts for the image.
    int classIndex = -1;
    /// A name from TrainedModel::gradCamLayers(); "": the last one (the last conv block).
    std::string layer;
};

/// Grad-CAM (Selvaraju et al. 2017): the class score's gradients with respect to one conv
/// layer's activations, averaged over space, weight that layer's channels; the ReLU of the
/// weighted sum, upsampled bilinearly to the network's input, is the map.
struct GradCam {
    std::string path;
    int classIndex = -1;       // the class the map explains
    std::string layer;         // the layer it was computed at
    std::vector<float> probs;  // the model's class probabilities for the image
    int predicted = -1;        // argmax of probs

    /// The map at the network's input size, row-major, top row first, values in [0, 1]: 1 at
    /// the strongest evidence. All zeros when no location raises the class score.
    int width = 0;
    int height = 0;
    std::vector<float> heat;
    /// The layer's own resolution before upsampling (e.g. 4 x 4 for MobileNet at 128 px).
    int layerWidth = 0;
    int layerHeight = 0;

    /// The decoded image (EXIF orientation applied) and the part of it the network saw, in its
    /// pixels: the whole image when the backbone resizes straight to its input, the centre crop
    /// for torchvision's pipelines (it may extend past the image where the crop padded it).
    int imageWidth = 0;
    int imageHeight = 0;
    double cropX = 0, cropY = 0, cropWidth = 0, cropHeight = 0;
};

/// Writes imagePath with cam drawn over it (a jet colour map over the cropped region, blended
/// at opacity 0..1) as a PNG at the image's own size, atomically. Throws Error:
/// InvalidArgument for an opacity outside 0..1 or a cam that holds no map, NotFound/BadImage
/// for the image, Io when the PNG cannot be written.
void writeGradCamOverlay(const std::string& imagePath, const GradCam& cam,
                         const std::string& pngPath, double opacity = 0.5);

}  // namespace featurelab

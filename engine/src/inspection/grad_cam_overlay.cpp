// writeGradCamOverlay: the Grad-CAM map as a jet colour map blended over the image, as a PNG.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "data/image.h"
#include "featurelab/error.h"
#include "featurelab/files.h"
#include "featurelab/grad_cam.h"
#include "recipe/api_boundary.h"

namespace featurelab {

void writeGradCamOverlay(const std::string& imagePath, const GradCam& cam,
                         const std::string& pngPath, double opacity) {
    recipe::atApiBoundary([&] {
        if (!(opacity >= 0.0 && opacity <= 1.0))
            throw Error(ErrorCode::InvalidArgument, "The overlay's opacity must lie in 0..1.");
        if (cam.width <= 0 || cam.height <= 0 ||
            cam.heat.size() != std::size_t(cam.width) * std::size_t(cam.height) ||
            !(cam.cropWidth > 0 && cam.cropHeight > 0))
            throw Error(ErrorCode::InvalidArgument, "This Grad-CAM result holds no map to draw.");
        const RgbImage image = decodeImage(imagePath);  // NotFound, BadImage
        cv::Mat rgb(image.height, image.width, CV_8UC3,
                    const_cast<std::uint8_t*>(image.pixels.data()));
        cv::Mat bgr;
        cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);

        // Map pixel centres onto the part of the image the network saw; outside it (beyond a
        // centre crop) the image stays as it is.
        const double sx = cam.cropWidth / cam.width, sy = cam.cropHeight / cam.height;
        cv::Mat toImage = (cv::Mat_<double>(2, 3) << sx, 0, cam.cropX + 0.5 * sx - 0.5, 0, sy,
                           cam.cropY + 0.5 * sy - 0.5);
        cv::Mat heat(cam.height, cam.width, CV_32F, const_cast<float*>(cam.heat.data()));
        cv::Mat inside(cam.height, cam.width, CV_8U, cv::Scalar(255));
        cv::Mat heatOnImage, mask;
        const cv::Size size(image.width, image.height);
        cv::warpAffine(heat, heatOnImage, toImage, size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        cv::warpAffine(inside, mask, toImage, size, cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);

        cv::Mat heat8, colour, blended;
        heatOnImage.convertTo(heat8, CV_8U, 255.0);
        cv::applyColorMap(heat8, colour, cv::COLORMAP_JET);
        cv::addWeighted(bgr, 1.0 - opacity, colour, opacity, 0.0, blended);
        blended.copyTo(bgr, mask);

        std::vector<unsigned char> png;
        if (!cv::imencode(".png", bgr, png))
            throw Error(ErrorCode::Io, pngPath + ": the PNG could not be encoded.");
        writeFileAtomically(pngPath, std::string(png.begin(), png.end()));
    });
}

}  // namespace featurelab

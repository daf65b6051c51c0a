// Heat map drawing: jet colours, scaled smoothly over the network's crop of the image.
#include "heat_map_overlay.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

QRgb jetColour(float v) {
    // The piecewise-linear jet (as MATLAB's and OpenCV's COLORMAP_JET, to within a few levels).
    const float x = std::clamp(v, 0.0f, 1.0f) * 4.0f;
    auto channel = [x](float centre) {
        return static_cast<int>(
            std::lround(255.0f * std::clamp(1.5f - std::abs(x - centre), 0.0f, 1.0f)));
    };
    return qRgb(channel(3.0f), channel(2.0f), channel(1.0f));
}

QImage heatMapImage(const HeatMap& map) {
    if (map.isEmpty() || map.values.size() != map.size.width() * map.size.height()) return {};
    QImage out(map.size, QImage::Format_RGB32);
    for (int y = 0; y < map.size.height(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < map.size.width(); ++x)
            line[x] = jetColour(map.values[y * map.size.width() + x]);
    }
    return out;
}

QImage overlayHeatMap(const QImage& image, const HeatMap& map, double opacity) {
    if (image.isNull() || opacity <= 0.0 || map.imageSize.isEmpty()) return image;
    const QImage heat = heatMapImage(map);
    if (heat.isNull()) return image;
    const double sx = double(image.width()) / map.imageSize.width();
    const double sy = double(image.height()) / map.imageSize.height();
    const QRectF target(map.crop.x() * sx, map.crop.y() * sy, map.crop.width() * sx,
                        map.crop.height() * sy);
    QImage out = image.convertToFormat(QImage::Format_RGB32);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.setOpacity(std::min(1.0, opacity));
    painter.drawImage(target, heat);
    return out;
}

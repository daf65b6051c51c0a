// A Grad-CAM heat map as plain Qt values (the app converts the engine's result), and drawing
// it over the image with the jet colours featurelab-cli gradcam uses.
#pragma once

#include <QImage>
#include <QMetaType>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVector>

struct HeatMap {
    QString path;
    int classIndex = -1;  // the class the map explains
    int predicted = -1;
    QString layer;          // the layer it was computed at
    QSize size;             // of values: the network's input size
    QVector<float> values;  // size.width() * size.height(), row-major, in [0, 1]
    QSize layerSize;        // the layer's own resolution (e.g. 4 x 4)
    QSize imageSize;        // the decoded image
    QRectF crop;            // the part of the image the network saw, in the image's pixels
    QStringList layers;     // the layers one can pick, in forward order; the last is the default

    bool isEmpty() const { return values.isEmpty() || size.isEmpty(); }
};
Q_DECLARE_METATYPE(HeatMap)

/// The jet colour of v in [0, 1]: dark blue, blue, cyan, yellow, red, dark red.
QRgb jetColour(float v);

/// The map in jet colours at its own size, fully opaque.
QImage heatMapImage(const HeatMap& map);

/// image with map blended over the part the network saw, at opacity 0..1. image may be a
/// scaled copy of the decoded image (the Inspector reads large photos at most 1024 px wide):
/// the crop is scaled with it. Returns image unchanged for an empty map or opacity 0.
QImage overlayHeatMap(const QImage& image, const HeatMap& map, double opacity);

// Generated images for the Grad-CAM tests: a two-class problem whose only class evidence is a
// red patch in one known quadrant ("patch"; "plain" images have none), on noise, with a white
// distractor square in another quadrant of every image, so that "any salient square" is not
// the answer.
#pragma once

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QString>
#include <algorithm>
#include <vector>

#include "recipe_data.h"

namespace quadrantdata {

/// One size x size image, with the red patch in quadrant q (0 = top left, 1 = top right,
/// 2 = bottom left, 3 = bottom right) when withPatch, written as a BMP.
inline bool writeImage(const QString& file, bool withPatch, int q, int size,
                       QRandomGenerator& rng) {
    std::vector<unsigned char> px(static_cast<std::size_t>(size * size * 3));
    for (auto& v : px) v = static_cast<unsigned char>(70 + rng.bounded(60));
    const int patch = size / 8;
    auto square = [&](int quadrant, int r, int g, int b) {
        // Towards the quadrant's outer corner, a few pixels in from the image's border (a
        // centre crop keeps it whole): a map cell of the last conv block spans a quarter to
        // a half of a quadrant's side, so a patch against the image's middle would rightly
        // give a map that straddles quadrants.
        const int margin = size / 10 + static_cast<int>(rng.bounded(size / 16 + 1));
        const int x0 = quadrant % 2 ? size - margin - patch : margin;
        const int y0 = quadrant / 2 ? size - margin - patch : margin;
        for (int y = y0; y < y0 + patch; ++y)
            for (int x = x0; x < x0 + patch; ++x) {
                const auto i = static_cast<std::size_t>((y * size + x) * 3);
                px[i] = static_cast<unsigned char>(r);
                px[i + 1] = static_cast<unsigned char>(g);
                px[i + 2] = static_cast<unsigned char>(b);
            }
    };
    if (withPatch) square(q, 230, 30, 30);
    int other = static_cast<int>(rng.bounded(3));
    if (other >= q) ++other;
    square(other, 250, 250, 250);
    QDir().mkpath(QFileInfo(file).path());
    return recipedata::writeBmp(file, size, size, px);
}

/// root/{train,valid}/{patch,plain}/N.bmp, every red patch in quadrant.
inline bool makeFolder(const QString& root, int trainPerClass, int validPerClass, int size,
                       int quadrant, quint32 seed = 7) {
    QRandomGenerator rng(seed);
    for (const auto& [split, count] : {std::pair<QString, int>{"train", trainPerClass},
                                       std::pair<QString, int>{"valid", validPerClass}})
        for (const QString cls : {"patch", "plain"})
            for (int i = 0; i < count; ++i)
                if (!writeImage(QString("%1/%2/%3/%4.bmp").arg(root, split, cls).arg(i),
                                cls == "patch", quadrant, size, rng))
                    return false;
    return true;
}

/// How a width x height map's positive mass splits over the four quadrants (0..3 as above).
inline std::vector<double> massPerQuadrant(const std::vector<float>& heat, int width, int height) {
    std::vector<double> mass(4, 0.0);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            mass[std::size_t((x >= width / 2 ? 1 : 0) + (y >= height / 2 ? 2 : 0))] +=
                std::max(0.0f, heat[static_cast<std::size_t>(y * width + x)]);
    return mass;
}

}  // namespace quadrantdata

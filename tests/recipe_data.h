// Generated ImageFolder trees for the recipe tests: two colour classes a network can tell apart
// even with random weights, and a symlinked subset of the shared dogs-vs-cats data.
#pragma once

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QString>
#include <string>
#include <vector>

#include "featurelab/recipe.h"

namespace recipedata {

/// A 24-bit BMP (tests link QtCore only, so no QImage); rgb is width*height*3, top row first.
inline bool writeBmp(const QString& file, int w, int h, const std::vector<unsigned char>& rgb) {
    const int stride = (w * 3 + 3) & ~3;
    const quint32 size = 54 + static_cast<quint32>(stride * h);
    QByteArray b(static_cast<int>(size), '\0');
    auto put32 = [&](int at, quint32 v) {
        for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
    };
    b[0] = 'B';
    b[1] = 'M';
    put32(2, size);
    put32(10, 54);
    put32(14, 40);
    put32(18, static_cast<quint32>(w));
    put32(22, static_cast<quint32>(h));
    b[26] = 1;
    b[28] = 24;
    for (int y = 0; y < h; ++y)  // BMP rows go bottom-up, pixels BGR
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c)
                b[54 + (h - 1 - y) * stride + x * 3 + c] =
                    static_cast<char>(rgb[static_cast<std::size_t>((y * w + x) * 3 + 2 - c)]);
    QFile f(file);
    return f.open(QIODevice::WriteOnly) && f.write(b) == b.size();
}

/// root/{train,valid}/{blue,red}/N.bmp (+ root/test/N.bmp when testCount > 0): noisy images,
/// reddish or bluish, with a random bright square so that no two images are alike.
inline void makeColourFolder(const QString& root, int trainPerClass, int validPerClass,
                             int testCount, quint32 seed = 1) {
    QRandomGenerator rng(seed);
    auto write = [&](const QString& file, bool red) {
        const int w = 40, h = 40;
        std::vector<unsigned char> px(static_cast<std::size_t>(w * h * 3));
        auto set = [&](int x, int y, int r, int g, int b) {
            const auto i = static_cast<std::size_t>((y * w + x) * 3);
            px[i] = static_cast<unsigned char>(r);
            px[i + 1] = static_cast<unsigned char>(g);
            px[i + 2] = static_cast<unsigned char>(b);
        };
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int n = static_cast<int>(rng.bounded(90));
                const int strong = 150 + n, weak = 20 + n / 2;
                if (red)
                    set(x, y, strong, weak + 20, weak);
                else
                    set(x, y, weak, weak + 20, strong);
            }
        const int sx = static_cast<int>(rng.bounded(30)), sy = static_cast<int>(rng.bounded(30));
        for (int y = sy; y < sy + 10; ++y)
            for (int x = sx; x < sx + 10; ++x) set(x, y, 240, 240, 240);
        QDir().mkpath(QFileInfo(file).path());
        writeBmp(file, w, h, px);
    };
    for (const auto& [split, count] : {std::pair<QString, int>{"train", trainPerClass},
                                       std::pair<QString, int>{"valid", validPerClass}})
        for (const QString cls : {"blue", "red"})
            for (int i = 0; i < count; ++i)
                write(QString("%1/%2/%3/%4.bmp").arg(root, split, cls).arg(i), cls == "red");
    for (int i = 0; i < testCount; ++i)
        write(QString("%1/test/%2.bmp").arg(root).arg(i + 1), i % 2 == 0);
}

/// root/{train,valid}/{cats,dogs}: symlinks to the first images of each shared folder.
inline bool linkDogsCats(const QString& shared, const QString& root, int trainPerClass,
                         int validPerClass) {
    for (const auto& [split, count] : {std::pair<QString, int>{"train", trainPerClass},
                                       std::pair<QString, int>{"valid", validPerClass}})
        for (const QString cls : {"cats", "dogs"}) {
            QDir src(shared + "/" + split + "/" + cls);
            const QStringList files = src.entryList({"*.jpg"}, QDir::Files, QDir::Name);
            if (files.size() < count) return false;
            QDir().mkpath(root + "/" + split + "/" + cls);
            for (int i = 0; i < count; ++i)
                if (!QFile::link(src.filePath(files[i]),
                                 root + "/" + split + "/" + cls + "/" + files[i]))
                    return false;
        }
    return true;
}

/// A recipe that runs in seconds on makeColourFolder data: random-weight ResNet-18 at 32x32
/// (its features keep colour apart), one thread, batch 8, `epochs` per stage, no LR steps, and
/// the feature cache in cacheDir.
inline featurelab::RecipeConfig tinyRecipe(const QString& data, const QString& out,
                                           const QString& cacheDir,
                                           const std::vector<std::string>& stages, int epochs) {
    featurelab::RecipeConfig c;
    c.dataDir = data.toStdString();
    c.outDir = out.toStdString();
    c.cacheDir = cacheDir.toStdString();
    c.backbone = "resnet18@32";
    c.threads = 1;
    c.workers = 1;
    for (const auto& name : stages) {
        featurelab::StageConfig st = featurelab::RecipeConfig::defaultStage(name);
        st.epochs = epochs;
        st.batchSize = 8;
        st.lrSteps.clear();
        c.stages.push_back(st);
    }
    return c;
}

}  // namespace recipedata

// Helpers for the GUI tests: generated image folders and small prediction tables.
#pragma once

#include <QColor>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QVector>

#include "panel_types.h"

namespace guitest {

/// Writes n JPEGs (w x h, a distinct colour each) into dir and returns their paths.
inline QStringList writeImages(const QString& dir, int n, int w = 64, int h = 48) {
    QDir().mkpath(dir);
    QStringList paths;
    for (int i = 0; i < n; ++i) {
        QImage img(w, h, QImage::Format_RGB32);
        img.fill(QColor::fromHsv((i * 37) % 360, 200, 220));
        QPainter p(&img);
        p.drawText(img.rect(), Qt::AlignCenter, QString::number(i));
        p.end();
        const QString path =
            QDir(dir).filePath(QStringLiteral("img_%1.jpg").arg(i, 5, 10, QLatin1Char('0')));
        img.save(path, "JPEG", 80);
        paths << path;
    }
    return paths;
}

/// Two-class predictions over paths: item i has true label i % 2 and P(class 1) = q_i, where
/// q sweeps 0..1 so some are right, some wrong, some uncertain.
inline QVector<PredictionItem> predictions(const QStringList& paths) {
    QVector<PredictionItem> out;
    for (int i = 0; i < paths.size(); ++i) {
        PredictionItem p;
        p.path = paths[i];
        p.displayPath = QDir(paths[i]).dirName();
        p.trueLabel = i % 2;
        const float q = paths.size() > 1 ? float(i) / float(paths.size() - 1) : 0.5f;
        p.probs = {1 - q, q};
        p.predicted = q > 0.5f ? 1 : 0;
        out << p;
    }
    return out;
}

/// Every rung of the Training panel's ladder trains epochs epochs (and batch images a batch
/// when batch > 0): the tests' short runs.
inline void setEpochs(TrainingSettings& s, int epochs, int batch = 0) {
    for (StageSettings& st : s.stages) {
        st.epochs = epochs;
        if (batch > 0) st.batchSize = batch;
    }
}

}  // namespace guitest

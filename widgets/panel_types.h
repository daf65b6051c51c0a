// Plain values the panels display. The app converts engine results into these, so widgets/
// never sees an engine or torch type.
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

/// One split of a scanned ImageFolder tree.
struct SplitSummary {
    QString name;  // "train", "valid", "test"
    bool labelled = true;
    qint64 total = 0;
    QVector<qint64> perClass;  // one per class; empty for unlabelled splits
};

struct SkippedEntry {
    QString path;  // relative to the dataset root
    QString reason;
};

struct DatasetSummary {
    QString root;
    QStringList classes;
    QVector<SplitSummary> splits;
    QVector<SkippedEntry> skipped;
};

/// One backbone layer as the model panel lists it.
struct LayerRow {
    QString name;
    QString kind;         // "conv", "dense", ...
    QString outputShape;  // e.g. "16x64x64"
    qint64 params = 0;
    bool trainable = false;
};

/// One finished epoch.
struct EpochPoint {
    QString stage;
    int epoch = 0;  // 1-based within the stage
    int epochs = 0;
    double trainLoss = 0, trainAcc = 0, validLoss = 0, validAcc = 0;
};

/// One finished stage: a row of the lesson's stage table.
struct StageRow {
    QString stage;
    qint64 trainableParams = 0;
    int epochs = 0;
    double seconds = 0;
    double trainAcc = 0, validAcc = 0, validLoss = 0;
    QString note;
};

/// One validation image with its predicted probabilities.
struct PredictionItem {
    QString path;         // absolute, for loading
    QString displayPath;  // as shown (relative to the data root)
    int trueLabel = -1;
    int predicted = -1;
    QVector<float> probs;
};

/// The training panel's settings.
struct TrainingSettings {
    QString optimizer = QStringLiteral("adam");
    double lr = 1e-3;
    int epochs = 3;
    int batchSize = 64;
    quint64 seed = 42;
    bool augment = false;
    QStringList stages;  // e.g. {"linear"}
};

/// A job's progress as the status bar shows it.
struct JobProgress {
    QString phase;
    qint64 done = 0;
    qint64 total = 0;
    double itemsPerSecond = 0;
    double etaSeconds = -1;
};

Q_DECLARE_METATYPE(DatasetSummary)
Q_DECLARE_METATYPE(EpochPoint)
Q_DECLARE_METATYPE(StageRow)
Q_DECLARE_METATYPE(JobProgress)

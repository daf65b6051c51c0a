// Plain values the panels display. The app converts engine results into these, so widgets/
// never sees an engine or torch type.
#pragma once

#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>
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

/// One rung of the Training panel's ladder: a stage and the settings it runs with.
struct StageSettings {
    QString stage;
    bool run = false;   // ticked: the stage is part of the next run
    QString optimizer;  // "adam", "sgd" or "rmsprop"
    double lr = 0;
    int epochs = 0;
    int batchSize = 0;
    bool augment = false;
};

/// A stage of the engine's registry as the panels show it, with its default settings.
struct StageDefaults {
    QString description;                  // one line
    StageSettings settings;               // run is false
    QVector<QPair<int, double>> lrSteps;  // the default LR times factor from epoch (1-based)
    bool augmentable = true;              // false: the stage never sees images (linear)
};

/// The Training panel's ladder and seed.
struct TrainingSettings {
    quint64 seed = 0;
    QVector<StageSettings> stages;  // every rung, in ladder order

    /// The stages to run, in ladder order.
    QStringList ticked() const {
        QStringList out;
        for (const StageSettings& s : stages)
            if (s.run) out << s.stage;
        return out;
    }
    /// Ticks exactly these stages.
    void setTicked(const QStringList& names) {
        for (StageSettings& s : stages) s.run = names.contains(s.stage);
    }
    StageSettings* stage(const QString& name) {
        for (StageSettings& s : stages)
            if (s.stage == name) return &s;
        return nullptr;
    }
};

/// What the user changed in the Training panel, relative to the engine's defaults: what a run
/// passes on as overrides and what the settings keep, so that a changed default shows through.
struct TrainingOverrides {
    /// stage -> {"optimizer": QString, "lr": double, "epochs": int, "batch_size": int,
    /// "augment": bool}, only the cells that differ from the stage's defaults.
    QMap<QString, QVariantMap> stages;
    QVariant seed;       // invalid: the default seed
    QStringList ticked;  // the stages to run
};

/// What a Model panel preset ticks on the loaded backbone: the engine's answer for one stage.
struct StagePreset {
    QString stage;
    QStringList layers;  // registry layers the stage trains (none for 'linear')
    bool batchNormFrozen = false;
    QString unavailable;  // why the stage cannot run on this backbone ("" when it can)
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

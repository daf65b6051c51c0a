// Plain Qt values the engine bridge hands to the UI: a described backbone and a finished
// recipe. Built on the job thread from engine results, then only copied.
#pragma once

#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVector>

#include "panel_types.h"

struct BackboneInfo {
    QString spec;
    QString architecture;
    QString weightsPath;
    QString weightsFormat;
    bool randomInit = true;
    QStringList untrainedTop;  // a notop weights file's random classifier layers
    QVector<LayerRow> layers;
    qint64 totalParams = 0;
    qint64 trainableParams = 0;
    QString summary;  // the engine's model.summary()-like text
    QVector<StagePreset> presets;  // what each recipe stage trains on this backbone
};

/// The lesson's views as prediction indices, flattened for the gallery's tabs.
struct ViewIndices {
    QVector<int> randomCorrect, randomIncorrect, confidentCorrect, confidentWrong, uncertain;
};

struct RecipeOutcome {
    QString runDir;
    QString dataDir;
    QString backbone;  // the spec the run trained from
    QString runtime;
    QStringList classes;
    QVector<StageRow> stages;
    int bestStage = -1;
    QVector<PredictionItem> valid;  // the best stage's validation predictions, absolute paths
    QVector<QVector<qint64>> confusion;
    ViewIndices views;
    QVector<EpochPoint> curve;  // every stage's epochs in order (for a reopened run's curves)
    QStringList plannedStages;  // every stage the run was asked for
    QString stoppedDuring;      // the stage a stopped run was stopped in ("" when finished)
};

using TopClasses = QVector<QPair<QString, double>>;

/// What a failed job's error says the user can do (featurelab::ErrorHint): the GUI offers it
/// as a button. action is featurelab::hintActionName ("" for none), e.g. "resume-run".
struct EngineHint {
    QString code;  // featurelab::errorCodeName of the error, e.g. "bad weights"
    QString action;
    QString argument;
};

Q_DECLARE_METATYPE(BackboneInfo)
Q_DECLARE_METATYPE(RecipeOutcome)
Q_DECLARE_METATYPE(EngineHint)

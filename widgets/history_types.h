// Plain values the History dock shows: runs as listed, and runs set side by side. The app
// converts the engine's run history into these (widgets/ never sees an engine type).
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>
#include <limits>

#include "panel_types.h"

/// One run folder as the History dock lists it.
struct RunListEntry {
    enum State { Complete, Interrupted, Unreadable };
    QString folder;  // absolute
    State state = Unreadable;
    QString why;        // Interrupted: what happened; Unreadable: why it cannot be read
    QDateTime started;  // invalid when unknown
    QString dataDir;
    QString backbone;  // "ARCH[:WEIGHTS]"
    QStringList stages;
    QString bestStage;
    double bestValidAcc = std::numeric_limits<double>::quiet_NaN();
    double wallSeconds = 0;
};

/// One run of a comparison: its stage table and epoch curve.
struct ComparedRun {
    QString folder;
    QString label;  // the folder's name
    QVector<StageRow> stages;
    int bestStage = -1;
    QVector<EpochPoint> curve;
};

/// One setting of the compared runs, one value per run ("" where a run lacks the stage).
struct ComparedSetting {
    QString stage;  // "" for the run's own settings
    QString name;
    QStringList values;
    bool differs = false;
};

struct RunComparison {
    QVector<ComparedRun> runs;
    QVector<ComparedSetting> settings;
    QStringList problems;  // selected runs that could not be read, with why
};

Q_DECLARE_METATYPE(RunListEntry)

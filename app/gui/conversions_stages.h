// The engine's stage registry for the panels (the ladder's rows, the Model panel's presets) and
// the Training panel's overrides for the engine. Front ends keep no copy of the registry.
#pragma once

#include <QString>
#include <QVariantMap>
#include <QVector>

#include "featurelab/recipe_config.h"
#include "featurelab/stages.h"
#include "panel_types.h"

namespace featurelab {
class Backbone;
}

/// Every registry stage in ladder order with its defaults (the Training panel's rows).
QVector<StageDefaults> stageLadder();
/// The engine's default seed.
quint64 defaultSeed();
/// What each registry stage trains on backbone (the Model panel's presets); a stage that
/// cannot run on it carries the engine's reason. Runs on the query lane (reads the network).
QVector<StagePreset> stagePresets(const featurelab::Backbone& backbone);
/// One stage's changed cells (TrainingOverrides::stages) as the engine's overrides.
featurelab::StageOverrides toStageOverrides(const QString& stage, const QVariantMap& cells);

// Engine results -> the plain Qt values the panels take. Runs on the job thread.
#pragma once

#include <QString>

#include "bridge_types.h"

namespace featurelab {
struct BackboneDescription;
struct DatasetScan;
struct EpochMetrics;
struct ImageClassification;
struct Progress;
struct RecipeResult;
struct StageResult;
}  // namespace featurelab

DatasetSummary toSummary(const featurelab::DatasetScan& scan);
BackboneInfo toBackboneInfo(const featurelab::BackboneDescription& d);
EpochPoint toEpochPoint(const featurelab::EpochMetrics& m);
StageRow toStageRow(const featurelab::StageResult& r);
JobProgress toJobProgress(const featurelab::Progress& p);
/// dataDir resolves the relative prediction paths to absolute ones for loading.
RecipeOutcome toOutcome(const featurelab::RecipeResult& r, const QString& dataDir,
                        const QString& runDir);
TopClasses toTopClasses(const featurelab::ImageClassification& c);

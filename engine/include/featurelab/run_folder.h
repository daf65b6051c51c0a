// A run folder read back: what a recipe run (or a stopped one) left in RUN_DIR.
#pragma once

#include <string>

#include "featurelab/job.h"
#include "featurelab/recipe.h"

namespace featurelab {

/// A finished run read back from RUN_DIR, to look at it again without training: stages and
/// curves from metrics.json, the best stage's validation predictions from
/// valid_predictions.csv (probabilities to its 6 decimals), the views from views.json, and the
/// confusion matrix and per-class reports recomputed from those predictions (test rows are not
/// read). A run stopped after some stages opens with those stages and stoppedDuring set.
/// Run folders from before metrics.json had a format_version open too. Throws Error: NotFound
/// when runDir or its metrics.json is missing, InvalidArgument (hint ResumeRun) for a run that
/// finished no stage, InvalidArgument for files that are not a run's, Cancelled.
RecipeResult openRun(const std::string& runDir, const JobControl& job = {});

}  // namespace featurelab

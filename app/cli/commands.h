// The featurelab-cli commands. Each adds its subcommand, options bound to its own settings, to
// the root parser; main runs the one that was given.
#pragma once

#include "cli_app.h"

namespace featurelab::cli {

Command addScan(CLI::App& root);      // cli_scan.cpp
Command addExtract(CLI::App& root);   // cli_extract.cpp
Command addSummary(CLI::App& root);   // cli_summary.cpp
Command addClassify(CLI::App& root);  // cli_classify.cpp
Command addRecipe(CLI::App& root);    // cli_recipe.cpp
Command addPredict(CLI::App& root);   // cli_predict.cpp
Command addShow(CLI::App& root);      // cli_show.cpp
Command addExport(CLI::App& root);    // cli_export.cpp
Command addCache(CLI::App& root);     // cli_cache.cpp
Command addLabelIssues(CLI::App& root);  // cli_label_issues.cpp
Command addRelabel(CLI::App& root);   // cli_relabel.cpp
Command addRuns(CLI::App& root);      // cli_runs.cpp
Command addGradCam(CLI::App& root);   // cli_gradcam.cpp
Command addLrFind(CLI::App& root);    // cli_lr_find.cpp
Command addEmbed(CLI::App& root);     // cli_embed.cpp

}  // namespace featurelab::cli

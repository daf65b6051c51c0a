// The featurelab-cli subcommands. Each takes argv after the subcommand name and returns the
// process exit code; each throws featurelab::Error for bad input (main prints it in one line).
#pragma once

namespace featurelab::cli {

int runScan(int argc, char** argv);      // cli_scan.cpp
int runExtract(int argc, char** argv);   // cli_extract.cpp
int runSummary(int argc, char** argv);   // cli_summary.cpp
int runClassify(int argc, char** argv);  // cli_classify.cpp
int runRecipe(int argc, char** argv);    // cli_recipe.cpp
int runPredict(int argc, char** argv);   // cli_predict.cpp
int runExport(int argc, char** argv);    // cli_export.cpp
int runShow(int argc, char** argv);      // cli_show.cpp

}  // namespace featurelab::cli

// The recipe's stage table as the CLI prints it (recipe, show).
#pragma once

#include <string>

#include "featurelab/recipe.h"

namespace featurelab::cli {

/// stage, trainable, epochs, seconds, train/valid acc, valid loss, note; the best stage and
/// its model file in outDir; per-class precision, recall and f1.
void printStageTable(const RecipeResult& r, const std::string& outDir);

}  // namespace featurelab::cli

// featurelab-cli recipe: placeholder until its engine part lands (see the issue for 'recipe').
#include "commands.h"
#include "featurelab/error.h"

namespace featurelab::cli {

int runRecipe(int, char**) {
    throw Error(ErrorCode::Internal, "'recipe' is not available in this build yet.");
}

}  // namespace featurelab::cli

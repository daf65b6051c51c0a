// featurelab-cli predict: placeholder until its engine part lands (see the issue for 'predict').
#include "commands.h"
#include "featurelab/error.h"

namespace featurelab::cli {

int runPredict(int, char**) {
    throw Error(ErrorCode::Internal, "'predict' is not available in this build yet.");
}

}  // namespace featurelab::cli

// featurelab-cli classify: placeholder until its engine part lands (see the issue for 'classify').
#include "commands.h"
#include "featurelab/error.h"

namespace featurelab::cli {

int runClassify(int, char**) {
    throw Error(ErrorCode::Internal, "'classify' is not available in this build yet.");
}

}  // namespace featurelab::cli

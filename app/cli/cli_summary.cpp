// featurelab-cli summary: placeholder until its engine part lands (see the issue for 'summary').
#include "commands.h"
#include "featurelab/error.h"

namespace featurelab::cli {

int runSummary(int, char**) {
    throw Error(ErrorCode::Internal, "'summary' is not available in this build yet.");
}

}  // namespace featurelab::cli

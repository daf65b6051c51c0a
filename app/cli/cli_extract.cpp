// featurelab-cli extract: placeholder until its engine part lands (see the issue for 'extract').
#include "commands.h"
#include "featurelab/error.h"

namespace featurelab::cli {

int runExtract(int, char**) {
    throw Error(ErrorCode::Internal, "'extract' is not available in this build yet.");
}

}  // namespace featurelab::cli

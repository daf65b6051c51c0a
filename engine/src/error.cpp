// Names for error codes and the shared cancellation check.
#include "featurelab/error.h"

#include "featurelab/progress.h"

namespace featurelab {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument: return "invalid argument";
        case ErrorCode::NotFound: return "not found";
        case ErrorCode::BadDataset: return "bad dataset";
        case ErrorCode::BadImage: return "bad image";
        case ErrorCode::BadWeights: return "bad weights";
        case ErrorCode::BadCache: return "bad cache";
        case ErrorCode::Io: return "I/O error";
        case ErrorCode::Numerical: return "numerical error";
        case ErrorCode::Cancelled: return "cancelled";
        case ErrorCode::Internal: return "internal error";
    }
    return "error";
}

const char* hintActionName(HintAction action) {
    switch (action) {
        case HintAction::None: return "";
        case HintAction::ResumeRun: return "resume-run";
        case HintAction::StartAtStage: return "start-at-stage";
        case HintAction::ChooseOutputFolder: return "choose-output-folder";
        case HintAction::ChooseWeights: return "choose-weights";
        case HintAction::ChooseLayer: return "choose-layer";
        case HintAction::ShowLayerNames: return "show-layer-names";
    }
    return "";
}

void throwIfCancelled(const CancelToken* token) {
    if (token && token->cancelled()) throw Error(ErrorCode::Cancelled, "Cancelled by the user.");
}

}  // namespace featurelab

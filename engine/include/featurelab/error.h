// The one error type the engine throws: a category plus a sentence a user can act on.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace featurelab {

enum class ErrorCode {
    InvalidArgument,  // a bad option, spec or value passed by the caller
    NotFound,         // a file or folder that does not exist
    BadDataset,       // a folder that is not a usable ImageFolder tree
    BadImage,         // an image that cannot be decoded
    BadWeights,       // a weights file that cannot be read or does not fit the architecture
    BadCache,         // a feature cache that failed validation
    Io,               // reading or writing failed (permissions, disk full, HDF5 error)
    Numerical,        // NaN or Inf during training
    Cancelled,        // the caller asked the job to stop
    Internal,         // a bug or an unexpected library error, wrapped
};

/// Human name of a code, e.g. "bad weights".
const char* errorCodeName(ErrorCode code);

/// What the user can do about an error. The engine's sentence says what went wrong in the
/// engine's own words and names no front end's flags or menus; each front end renders the hint
/// its own way (the CLI as the flags to pass, the GUI as a button).
enum class HintAction {
    None,
    ResumeRun,           // argument: the run folder; continue after its last finished stage
    StartAtStage,        // argument: the first stage that can run (e.g. "last" for notop weights)
    ChooseOutputFolder,  // argument: the folder in the way ("" when none was given)
    ChooseWeights,       // argument: the weights file that cannot be used
    ChooseLayer,         // argument: a cut point that works (e.g. "pool")
    ShowLayerNames,      // argument: the architecture whose layer names the user needs
};

/// "resume-run", "start-at-stage", ... ("" for None): stable names for logs and tests.
const char* hintActionName(HintAction action);

struct ErrorHint {
    HintAction action = HintAction::None;
    std::string argument;
};

/// Every exception that leaves the engine's public API is an Error (library exceptions are
/// caught and wrapped). what() is one or a few lines of plain text, never a stack trace.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message, ErrorHint hint = {})
        : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}
    ErrorCode code() const noexcept { return code_; }
    const ErrorHint& hint() const noexcept { return hint_; }

private:
    ErrorCode code_;
    ErrorHint hint_;
};

}  // namespace featurelab

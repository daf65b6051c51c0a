// The one error type the engine throws: a category plus a sentence a user can act on.
#pragma once

#include <stdexcept>
#include <string>

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

/// Every exception that leaves the engine's public API is an Error (library exceptions are
/// caught and wrapped). what() is one or a few lines of plain text, never a stack trace.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

}  // namespace featurelab

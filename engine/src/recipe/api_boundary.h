// The recipe's public entry points (runRecipe, predictImages, exportModel) promise that only
// featurelab::Error leaves them: this wraps every library exception on the way out.
#pragma once

#include <torch/torch.h>

#include <filesystem>
#include <opencv2/core.hpp>
#include <string>

#include "featurelab/error.h"

namespace featurelab::recipe {

/// Runs fn and returns its result. LibTorch errors become Internal, OpenCV errors BadImage,
/// filesystem errors Io and any other std::exception Internal, each keeping its message.
template <typename Fn>
auto atApiBoundary(Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const Error&) {
        throw;
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::Internal, std::string("LibTorch: ") + e.what_without_backtrace());
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::BadImage, std::string("OpenCV: ") + e.what());
    } catch (const std::filesystem::filesystem_error& e) {
        throw Error(ErrorCode::Io, e.what());
    } catch (const std::exception& e) {
        throw Error(ErrorCode::Internal, e.what());
    }
}

}  // namespace featurelab::recipe

// Shared by the libFuzzer targets: the input goes to a file (every reader takes a path), the
// reader runs, and only featurelab::Error is an accepted outcome. Anything else (another
// exception, a crash, a sanitizer report, a hang) is a finding.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "featurelab/error.h"

namespace fuzzsupport {

/// The targets look for libhdf5's crashes, so the readers run in the fuzzer's own process: the
/// engine's probe in a forked child (features/h5_sandbox.h) would turn each into an Error.
inline const bool kReadersInProcess = ::setenv("FEATURELAB_NO_H5_SANDBOX", "1", 1) == 0;

/// A folder private to this process (libFuzzer's -jobs/-fork run several), made once.
inline const std::filesystem::path& workDir() {
    static const std::filesystem::path dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::filesystem::path d = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                                  ("featurelab-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

/// Writes bytes to workDir()/name and returns the path.
inline std::string writeInput(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::string path = (workDir() / name).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();  // the fuzzer's own set-up failed: stop loudly
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

/// Runs fn; a featurelab::Error is the reader refusing the input, which is fine.
template <class Fn>
void expectOnlyFeaturelabErrors(Fn&& fn) {
    (void)kReadersInProcess;  // used, so every target's binary sets it before main
    try {
        fn();
    } catch (const featurelab::Error&) {
    }
}

}  // namespace fuzzsupport

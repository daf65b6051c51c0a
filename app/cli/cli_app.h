// What every featurelab-cli command shares: how it registers with CLI11, bounded options, and
// the exit codes the help documents.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "suggest.h"

namespace featurelab::cli {

/// Exit codes, documented in every --help.
enum ExitCode : int { kOk = 0, kFailed = 1, kUsage = 2, kInterrupted = 130 };

/// A command: its CLI11 parser (options bound to the command's own settings) and what runs it
/// once parsing succeeded, returning the exit code. It throws featurelab::Error for bad input
/// (InvalidArgument is a usage error, exit 2) or a failed job (exit 1).
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

/// A subcommand of root with a one-line description and an example for its --help.
CLI::App* addCommand(CLI::App& root, const std::string& name, const std::string& description,
                     const std::string& example);

/// lo..hi, a usage error outside; the help states the bounds in the option's description.
template <typename T>
CLI::Validator bounds(T lo, T hi) {
    return CLI::Range(lo, hi).description("");
}

/// The options several commands share, with their bounds (out of range: a usage error).
CLI::Option* addWorkers(CLI::App& app, int& workers);  // --workers 1..64
CLI::Option* addThreads(CLI::App& app, int& threads);  // --threads 0..256, 0 = one per core
CLI::Option* addBatchSize(CLI::App& app, const std::string& name, int& batch);  // 1..4096

/// The help's closing lines on exit codes.
std::string exitCodesText();

/// "--name" of every option of app (its long names, then its short ones), --help included.
std::vector<std::string> optionNames(const CLI::App& app);

}  // namespace featurelab::cli

// The run history: where runs go when no folder is given, new run folders, listing the runs in
// folders and setting runs side by side. Both front ends call these, so they agree.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "featurelab/recipe.h"

namespace featurelab {

/// $XDG_DATA_HOME/featurelab/runs (when XDG_DATA_HOME is an absolute path), else
/// ~/.local/share/featurelab/runs: where the CLI's recipe without --out and the GUI write runs,
/// and what both list. Never throws; creates nothing.
std::string defaultRunsRoot();

/// Creates a new, empty run folder under root (default: defaultRunsRoot(), created when
/// missing) and returns its absolute path. The name is the local time, the backbone's
/// architecture and the data folder's name, e.g. "20261203-140512-mobilenet_v1_0.25-dogscats",
/// with "-2", "-3", ... appended when taken: an existing folder (a run) is never reused.
/// Throws Error(Io) when root or the folder cannot be created.
std::string createRunFolder(const std::string& dataDir, const std::string& backbone,
                            const std::string& root = "");

/// Removes runDir when a run left nothing in it (it failed before its first stage): only an
/// empty folder, or one holding nothing but an empty stages/ folder, is removed. Returns true
/// when it removed it. Never throws.
bool removeUnusedRunFolder(const std::string& runDir);

enum class RunStatus {
    Complete,     // every planned stage finished
    Interrupted,  // stopped, killed or still running: some stages finished (see why)
    Unreadable,   // metrics.json is damaged or not a run's (see why); only folder is set
};

/// "complete", "interrupted" or "unreadable".
const char* runStatusName(RunStatus status);

/// One run folder as a history lists it.
struct RunSummary {
    std::string folder;  // absolute
    RunStatus status = RunStatus::Unreadable;
    /// Interrupted: what happened ("stopped during conv"); Unreadable: why it cannot be read.
    std::string why;
    /// Seconds since 1970 (UTC): when the run started as recorded, else the time metrics.json
    /// was last written (runs from before the start was recorded).
    std::int64_t started = 0;
    std::string dataDir;                     // "" for runs from before the data folder was recorded
    std::string backbone;                    // "ARCH[:WEIGHTS_FILE]" as the run was given it
    std::vector<std::string> stages;         // the finished stages, in order
    std::vector<std::string> plannedStages;  // every stage the run was asked for
    std::string bestStage;                   // "" when no stage was chosen yet
    double bestValidAcc = std::numeric_limits<double>::quiet_NaN();
    /// Wall-clock seconds of the run as recorded (all sessions of a resumed run), else the sum
    /// of its stages' seconds.
    double wallSeconds = 0;
};

/// The runs in roots, newest first (unreadable folders last): every folder directly under a root
/// that holds a metrics.json, and a root that is itself a run folder. A run reached through two
/// roots is listed once. Roots that do not exist list nothing. Folders are untrusted: a damaged,
/// truncated, hostile or oversized metrics.json gives an Unreadable row saying why, and a root
/// that cannot be read gives an Unreadable row for the root. Never throws for what a folder
/// holds; throws Error(Cancelled) only through job.
std::vector<RunSummary> listRuns(const std::vector<std::string>& roots, const JobControl& job = {});

/// A run's record from its metrics.json alone: provenance, every finished stage with its
/// settings and epoch curve; no predictions, so it also reads runs that have not chosen a best
/// stage yet. Throws Error: NotFound when runDir has no metrics.json, InvalidArgument for a
/// metrics.json that is not a run's or is larger than any run's.
RecipeResult readRunRecord(const std::string& runDir);

/// One setting of several runs side by side.
struct SettingComparison {
    std::string stage;                // "" for a setting of the whole run (data, seed, ...)
    std::string name;                 // metrics.json's key: "lr", "batch_size", "seed", ...
    std::vector<std::string> values;  // one per run, as text; "" where the run lacks the stage
    bool differs = false;             // the values are not all the same
};

/// The settings runs were made with, one row per setting: the run's own (data, backbone,
/// weights' SHA-256, seed, planned stages, validation split) and then, for each stage any of
/// them ran (in the order they ran them), that stage's settings and the layers it trained.
/// Never throws.
std::vector<SettingComparison> compareRunSettings(const std::vector<RecipeResult>& runs);

}  // namespace featurelab

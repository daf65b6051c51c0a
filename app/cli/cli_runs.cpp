// featurelab-cli runs: the run history (featurelab/run_history.h) as a table or JSON.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "featurelab/run_history.h"

namespace featurelab::cli {

namespace {

struct RunsArgs {
    std::vector<std::string> dirs;
    bool json = false;
};

std::string timeText(std::int64_t seconds, const char* format, bool utc) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    if (seconds <= 0 || !(utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm))) return "";
    char text[40];
    std::strftime(text, sizeof text, format, &tm);
    return text;
}

/// 75 -> "1:15", 3725 -> "1:02:05".
std::string wallText(double seconds) {
    if (!(seconds > 0)) return "";
    const long s = std::lround(seconds);
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

std::string lastPart(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

void printJson(const std::vector<std::string>& roots, const std::vector<RunSummary>& runs) {
    nlohmann::ordered_json j;
    j["roots"] = roots;
    j["runs"] = nlohmann::ordered_json::array();
    for (const RunSummary& r : runs) {
        nlohmann::ordered_json o;
        o["folder"] = r.folder;
        o["status"] = runStatusName(r.status);
        o["why"] = r.why;
        o["started"] = timeText(r.started, "%Y-%m-%dT%H:%M:%SZ", true);
        o["data"] = r.dataDir;
        o["backbone"] = r.backbone;
        o["stages"] = r.stages;
        o["planned_stages"] = r.plannedStages;
        o["best_stage"] = r.bestStage;
        o["best_valid_acc"] = std::isfinite(r.bestValidAcc) ? nlohmann::ordered_json(r.bestValidAcc)
                                                            : nlohmann::ordered_json();
        o["wall_seconds"] = r.wallSeconds;
        j["runs"].push_back(o);
    }
    // Folder and data names are whatever bytes the file system holds: replace what is not UTF-8.
    std::puts(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

void printTable(const std::vector<std::string>& roots, const std::vector<RunSummary>& runs) {
    for (const auto& root : roots) std::printf("Runs in %s\n", root.c_str());
    if (runs.empty()) {
        std::printf("No runs yet.\n");
        return;
    }
    std::vector<std::vector<std::string>> rows{
        {"date", "data", "backbone", "stages", "best", "valid acc", "wall time", "run", "status"}};
    for (const RunSummary& r : runs) {
        char acc[16] = "";
        if (std::isfinite(r.bestValidAcc)) std::snprintf(acc, sizeof acc, "%.4f", r.bestValidAcc);
        const std::string status = r.status == RunStatus::Complete
                                       ? "complete"
                                       : std::string(runStatusName(r.status)) + ": " + r.why;
        rows.push_back({timeText(r.started, "%Y-%m-%d %H:%M", false), lastPart(r.dataDir),
                        r.backbone.substr(0, r.backbone.find(':')), joined(r.stages), r.bestStage,
                        acc, wallText(r.wallSeconds), lastPart(r.folder), status});
    }
    std::vector<std::size_t> width(rows[0].size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            // The status, possibly a long reason, goes last and unpadded.
            if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        std::printf("%s\n", line.c_str());
    }
}

int run(const RunsArgs& a) {
    const std::vector<std::string> roots =
        a.dirs.empty() ? std::vector<std::string>{defaultRunsRoot()} : a.dirs;
    const std::vector<RunSummary> runs = listRuns(roots);
    if (a.json)
        printJson(roots, runs);
    else
        printTable(roots, runs);
    return 0;
}

}  // namespace

Command addRuns(CLI::App& root) {
    auto args = std::make_shared<RunsArgs>();
    CLI::App* app =
        addCommand(root, "runs", "List the runs in the runs folder the GUI shares (or in --dir)",
                   "runs --dir /tmp/runs --json");
    app->add_option("--dir", args->dirs,
                    "A folder of runs, or a run folder (repeatable); default: " + defaultRunsRoot())
        ->type_name("DIR");
    app->add_flag("--json", args->json, "Print the list as JSON");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

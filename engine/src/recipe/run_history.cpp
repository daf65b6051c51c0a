// The run history: the default runs folder, new run folders and listing the runs in folders.
#include "featurelab/run_history.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "featurelab/error.h"
#include "recipe/api_boundary.h"
#include "recipe/run_files.h"
#include "util/utc_time.h"

namespace featurelab {

namespace fs = std::filesystem;

namespace {

/// The largest metrics.json a listing reads: a real one is tens of KB (4 stages of 8 epochs:
/// 30 KB); a bigger file is not a run's and would only stall the listing.
constexpr std::uintmax_t kMaxMetricsBytes = 16u << 20;

/// Letters, digits, '.', '-', '_' and '@' of text, at most 32 of them: a folder name part that
/// needs no quoting anywhere.
std::string namePart(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '@';
        if (plain)
            out += c;
        else if (!out.empty() && out.back() != '_')
            out += '_';
        if (out.size() >= 32) break;
    }
    while (!out.empty() && (out.back() == '_' || out.back() == '.')) out.pop_back();
    return out;
}

std::string absoluteNormal(const fs::path& p) {
    std::error_code ec;
    std::string s = fs::absolute(p, ec).lexically_normal().string();
    if (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

/// The error text without the file's path in front: the row already names the folder.
std::string reason(const std::string& what, const std::string& file) {
    if (what.rfind(file, 0) == 0) return "metrics.json" + what.substr(file.size());
    return what;
}

RunSummary summarize(const fs::path& dir) {
    RunSummary s;
    s.folder = absoluteNormal(dir);
    const fs::path metrics = dir / "metrics.json";
    std::error_code ec;
    const auto written = fs::last_write_time(metrics, ec);
    if (!ec)
        s.started = std::chrono::duration_cast<std::chrono::seconds>(
                        (written - fs::file_time_type::clock::now()) +
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    const std::uintmax_t bytes = fs::file_size(metrics, ec);
    if (ec) {
        s.why = "metrics.json cannot be read: " + ec.message();
        return s;
    }
    if (bytes > kMaxMetricsBytes) {
        s.why = "metrics.json is " + std::to_string(bytes >> 20) +
                " MB, larger than any run's: not read";
        return s;
    }
    RecipeResult r;
    try {
        if (!recipe::readMetrics(metrics.string(), r)) {
            s.why = "metrics.json cannot be opened";
            return s;
        }
    } catch (const std::exception& e) {  // Error for what the reader refuses, else the library's
        s.why = reason(e.what(), metrics.string());
        return s;
    }
    if (r.started > 0) s.started = r.started;
    s.dataDir = r.dataDir;
    s.backbone = r.backbone;
    s.plannedStages = r.plannedStages;
    for (const StageResult& st : r.stages) {
        s.stages.push_back(st.stage);
        s.wallSeconds += st.seconds > 0 ? st.seconds : 0;  // the fallback for older runs
    }
    if (r.wallSeconds > 0) s.wallSeconds = r.wallSeconds;
    if (r.bestStage >= 0) {
        const StageResult& best = r.stages[static_cast<std::size_t>(r.bestStage)];
        s.bestStage = best.stage;
        s.bestValidAcc = best.validAcc;
    }
    const std::size_t planned = std::max(r.plannedStages.size(), r.stages.size());
    if (!r.stoppedDuring.empty()) {
        s.status = RunStatus::Interrupted;
        s.why = "stopped during " + r.stoppedDuring;
    } else if (r.bestStage < 0 || r.stages.size() < planned) {
        // metrics.json is rewritten after every stage: without a best stage the run is still
        // training, or its process ended without stopping it (killed, crashed).
        s.status = RunStatus::Interrupted;
        s.why = "finished " + std::to_string(r.stages.size()) + " of " + std::to_string(planned) +
                " stages: still running, or ended without stopping";
    } else {
        s.status = RunStatus::Complete;
    }
    return s;
}

bool isRunFolder(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "metrics.json", ec);
}

}  // namespace

std::string defaultRunsRoot() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    // The XDG base directory spec ignores a relative XDG_DATA_HOME.
    const fs::path root =
        xdg && *xdg && fs::path(xdg).is_absolute() ? fs::path(xdg) / "featurelab" / "runs"
        : home && *home ? fs::path(home) / ".local" / "share" / "featurelab" / "runs"
                        : fs::temp_directory_path() / "featurelab-runs";
    return root.lexically_normal().string();
}

std::string createRunFolder(const std::string& dataDir, const std::string& backbone,
                            const std::string& rootArg) {
    return recipe::atApiBoundary([&] {
        const fs::path root = fs::absolute(rootArg.empty() ? defaultRunsRoot() : rootArg);
        std::error_code ec;
        fs::create_directories(root, ec);
        if (ec)
            throw Error(ErrorCode::Io,
                        "Cannot create the runs folder '" + root.string() + "': " + ec.message());
        std::string name = util::localStamp(util::nowUtcSeconds());
        const std::string arch = namePart(backbone.substr(0, backbone.find(':')));
        const std::string data = namePart(fs::path(absoluteNormal(dataDir)).filename().string());
        if (!arch.empty()) name += "-" + arch;
        if (!data.empty()) name += "-" + data;
        for (int n = 1; n < 10000; ++n) {
            const fs::path dir = root / (n == 1 ? name : name + "-" + std::to_string(n));
            // create_directory is false for a folder that exists: never a run someone has.
            if (fs::create_directory(dir, ec)) return absoluteNormal(dir);
            if (ec)
                throw Error(ErrorCode::Io,
                            "Cannot create the run folder '" + dir.string() + "': " + ec.message());
        }
        throw Error(ErrorCode::Io, "Cannot find a free run folder name in '" + root.string() +
                                       "' for " + name + ".");
    });
}

bool removeUnusedRunFolder(const std::string& runDir) {
    std::error_code ec;
    const fs::path dir(runDir);
    if (runDir.empty() || !fs::is_directory(dir, ec)) return false;
    // remove() refuses a folder that is not empty, so nothing a run wrote can be lost.
    const fs::path stages = dir / "stages";
    if (fs::is_directory(stages, ec) && !fs::is_symlink(stages, ec)) fs::remove(stages, ec);
    return fs::remove(dir, ec) && !ec;
}

const char* runStatusName(RunStatus status) {
    switch (status) {
        case RunStatus::Complete:
            return "complete";
        case RunStatus::Interrupted:
            return "interrupted";
        case RunStatus::Unreadable:
            break;
    }
    return "unreadable";
}

std::vector<RunSummary> listRuns(const std::vector<std::string>& roots, const JobControl& job) {
    return recipe::atApiBoundary([&] {
        std::vector<RunSummary> out;
        std::set<std::string> seen;
        auto add = [&](const fs::path& dir) {
            std::error_code ec;
            const fs::path canonical = fs::canonical(dir, ec);
            if (!seen.insert(ec ? absoluteNormal(dir) : canonical.string()).second) return;
            out.push_back(summarize(dir));
        };
        for (const std::string& rootText : roots) {
            job.throwIfCancelled();
            if (rootText.empty()) continue;
            const fs::path root(rootText);
            std::error_code ec;
            if (!fs::is_directory(root, ec)) continue;
            if (isRunFolder(root)) {
                add(root);
                continue;
            }
            std::vector<fs::path> dirs;
            // increment(ec): an entry that vanishes or cannot be read ends the listing of this
            // root with a row saying so, never with an exception.
            for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
                std::error_code entryError;  // a dangling link is skipped, not an error
                if (it->is_directory(entryError) && isRunFolder(it->path()))
                    dirs.push_back(it->path());
            }
            if (ec) {
                RunSummary unreadable;
                unreadable.folder = absoluteNormal(root);
                unreadable.why = "this folder cannot be read: " + ec.message();
                out.push_back(unreadable);
            }
            for (const fs::path& dir : dirs) {
                job.throwIfCancelled();
                add(dir);
            }
        }
        // Newest first; folders that cannot be read after the runs (their date is only when
        // the damaged file was last written).
        std::stable_sort(out.begin(), out.end(), [](const RunSummary& a, const RunSummary& b) {
            const bool ua = a.status == RunStatus::Unreadable,
                       ub = b.status == RunStatus::Unreadable;
            if (ua != ub) return ub;
            return a.started != b.started ? a.started > b.started : a.folder < b.folder;
        });
        return out;
    });
}

}  // namespace featurelab

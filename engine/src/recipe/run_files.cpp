// metrics.json (written and read back with checked values), stage probabilities for resume.
#include "recipe/run_files.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "featurelab/error.h"
#include "models/weights_io.h"
#include "util/atomic_file.h"
#include "util/sha256.h"
#include "util/utc_time.h"
#include "util/utf8.h"

namespace featurelab::recipe {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::string stageCheckpointPath(const std::string& outDir, std::size_t index,
                                const std::string& stage) {
    return (fs::path(outDir) / "stages" /
            (std::to_string(index + 1) + "-" + stage + ".safetensors"))
        .string();
}

static std::string probsPath(const std::string& checkpoint) {
    return checkpoint.substr(0, checkpoint.size() - std::string(".safetensors").size()) +
           ".probs.safetensors";
}

std::string listingFingerprint(const std::vector<ImageEntry>& images) {
    util::Sha256 h;
    for (const auto& e : images) {
        const std::string line = e.relativePath + '\t' + std::to_string(e.label) + '\n';
        h.update(line.data(), line.size());
    }
    return h.hexDigest();
}

void saveStageProbs(const std::string& checkpoint, const StageOutput& out,
                    const std::string& validFingerprint, const std::string& testFingerprint) {
    NamedTensors t;
    t.emplace_back("valid", out.validProbs.to(torch::kCPU).contiguous());
    if (out.testProbs.defined()) t.emplace_back("test", out.testProbs.to(torch::kCPU).contiguous());
    const std::map<std::string, std::string> meta{{"valid_listing", validFingerprint},
                                                  {"test_listing", testFingerprint}};
    const std::string target = probsPath(checkpoint);
    util::writeAtomically(target, [&](const std::string& tmp) { writeSafetensors(tmp, t, meta); });
}

bool loadStageProbs(const std::string& checkpoint, StageOutput& out,
                    const std::string& validFingerprint, const std::string& testFingerprint) {
    std::map<std::string, std::string> meta;
    const NamedTensors tensors = readSafetensors(probsPath(checkpoint), &meta);
    if (meta["valid_listing"] != validFingerprint || meta["test_listing"] != testFingerprint)
        return false;
    for (const auto& [name, tensor] : tensors) {
        if (name == "valid") out.validProbs = tensor;
        if (name == "test") out.testProbs = tensor;
    }
    return out.validProbs.defined();
}

void writeTextFile(const std::string& file, const std::string& text) {
    util::writeTextAtomically(file, text);
}

namespace {

constexpr const char* kSplitHeader = "# Featurelab validation split";
constexpr const char* kFingerprintTag = "# train-listing-sha256 ";

/// One path a line: file names may hold line breaks (and backslashes), so those are escaped.
std::string escapeLine(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out;
}

bool unescapeLine(const std::string& line, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '\\') {
            out += line[i];
            continue;
        }
        if (++i == line.size()) return false;
        const char c = line[i];
        if (c == '\\')
            out += '\\';
        else if (c == 'n')
            out += '\n';
        else if (c == 'r')
            out += '\r';
        else
            return false;
    }
    return true;
}

}  // namespace

void writeValidSplit(const std::string& file, const ValidSplit& split,
                     const std::string& trainFingerprint, std::size_t trainImages,
                     const std::vector<ImageEntry>& heldOut) {
    std::ostringstream text;
    char fraction[32];
    std::snprintf(fraction, sizeof fraction, "%.6g", split.fraction);
    text << kSplitHeader << ": no valid/ folder, so these images of train/ were held out\n"
         << "# fraction " << fraction << " of each class, seed " << split.seed << ", "
         << heldOut.size() << " of " << trainImages << " images\n"
         << kFingerprintTag << trainFingerprint << '\n';
    for (const ImageEntry& e : heldOut) text << escapeLine(e.relativePath) << '\n';
    util::writeTextAtomically(file, text.str());
}

RecordedSplit readValidSplit(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    auto bad = [&](const std::string& why) {
        return Error(ErrorCode::InvalidArgument, file + ": " + why);
    };
    if (!in) throw bad("missing or unreadable (it lists the run's validation images)");
    RecordedSplit r;
    std::string line, path;
    bool header = false;
    while (std::getline(in, line)) {
        if (!header) {
            if (line.rfind(kSplitHeader, 0) != 0)
                throw bad("not a validation split written by a run");
            header = true;
            continue;
        }
        if (line.rfind(kFingerprintTag, 0) == 0) {
            r.trainFingerprint = line.substr(std::string(kFingerprintTag).size());
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        if (!unescapeLine(line, path)) throw bad("a line has a broken escape: " + line);
        r.heldOut.push_back(path);
    }
    if (!header || r.trainFingerprint.empty() || r.heldOut.empty())
        throw bad("cut short (no header, train/ fingerprint or images)");
    return r;
}

namespace {

Json stringList(const std::vector<std::string>& v) {
    Json a = Json::array();
    for (const auto& s : v) a.push_back(util::validUtf8(s));
    return a;
}

Json settingsJson(const StageConfig& s) {
    Json j;
    j["optimizer"] = s.optimizer;
    j["lr"] = s.lr;
    j["momentum"] = s.momentum;
    j["weight_decay"] = s.weightDecay;
    j["epochs"] = s.epochs;
    j["batch_size"] = s.batchSize;
    j["augment"] = s.augment;
    j["augment_copies"] = s.augmentCopies;
    j["restore_best_epoch"] = s.restoreBestEpoch;
    j["patience"] = s.patience;
    j["from_layer"] = util::validUtf8(s.fromLayer);
    j["lr_steps"] = Json::array();
    for (const auto& [epoch, factor] : s.lrSteps) j["lr_steps"].push_back({epoch, factor});
    j["trainable_layers"] = stringList(s.trainableLayers);
    return j;
}

/// The checkpoint as stored: relative to the run folder when it lies inside it.
std::string storedCheckpoint(const std::string& checkpoint, const std::string& runDir) {
    if (checkpoint.empty() || runDir.empty()) return checkpoint;
    std::error_code ec;
    const fs::path rel = fs::path(checkpoint).lexically_relative(fs::absolute(runDir, ec));
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    return checkpoint;
}

}  // namespace

nlohmann::ordered_json stageSettingsJson(const StageConfig& s) { return settingsJson(s); }

std::string metricsJson(const RecipeResult& r, const std::string& runDir) {
    Json j;
    j["format_version"] = kMetricsFormatVersion;
    j["app_version"] = r.appVersion;
    if (r.started > 0) j["started"] = util::isoUtc(r.started);
    j["wall_seconds"] = r.wallSeconds;
    j["data"] = util::validUtf8(r.dataDir);
    j["backbone"] = util::validUtf8(r.backbone);
    j["weights_sha256"] = r.weightsSha256;
    j["seed"] = r.seed;
    j["classes"] = stringList(r.classes);
    j["runtime"] = r.runtime;
    j["planned_stages"] = stringList(r.plannedStages);
    j["stopped_during"] = r.stoppedDuring;
    {
        const ValidSplit& v = r.validSplit;
        Json split;
        split["from"] = v.heldOut ? "train" : "valid";
        split["images"] = v.images;
        if (v.heldOut) {
            split["fraction"] = v.fraction;
            split["seed"] = v.seed;
            split["file"] = util::validUtf8(storedCheckpoint(v.file, runDir));
        }
        j["valid_split"] = split;
    }
    j["best_stage"] = r.bestStage >= 0 ? r.stages[static_cast<std::size_t>(r.bestStage)].stage : "";
    j["stages"] = Json::array();
    for (const auto& s : r.stages) {
        Json js;
        js["stage"] = s.stage;
        js["seconds"] = s.seconds;
        js["trainable_params"] = s.trainableParams;
        js["best_epoch"] = s.bestEpoch;
        js["valid_acc"] = s.validAcc;
        js["valid_loss"] = s.validLoss;
        js["train_acc"] = s.trainAcc;
        js["note"] = util::validUtf8(s.note);
        js["checkpoint"] = util::validUtf8(storedCheckpoint(s.checkpoint, runDir));
        js["settings"] = settingsJson(s.settings);
        js["layers_trained"] = stringList(s.layersTrained);
        js["epochs"] = Json::array();
        for (const auto& e : s.curve)
            js["epochs"].push_back({{"epoch", e.epoch},
                                    {"train_loss", e.trainLoss},
                                    {"train_acc", e.trainAcc},
                                    {"valid_loss", e.validLoss},
                                    {"valid_acc", e.validAcc},
                                    {"seconds", e.seconds}});
        j["stages"].push_back(js);
    }
    if (!r.reports.empty()) {
        Json per = Json::array();
        for (const auto& c : r.reports)
            per.push_back({{"class", util::validUtf8(c.name)},
                           {"precision", c.precision},
                           {"recall", c.recall},
                           {"f1", c.f1},
                           {"support", c.support}});
        j["best_valid_per_class"] = per;
    }
    // NaN/Inf become null in JSON; everything above is valid UTF-8, so dump cannot throw.
    return j.dump(2) + "\n";
}

namespace {

/// Values from a file someone may have edited: every number is checked before it is used.
struct Reader {
    std::string file;

    [[noreturn]] void fail(const std::string& why) const {
        throw Error(ErrorCode::InvalidArgument,
                    file + " is not a metrics.json written by a recipe run: " + why);
    }
    const nlohmann::json& at(const nlohmann::json& j, const char* key) const {
        if (!j.is_object() || !j.contains(key)) fail(std::string("no \"") + key + "\"");
        return j.at(key);
    }
    double real(const nlohmann::json& j, const char* key, double fallback, bool required) const {
        if (!j.is_object() || !j.contains(key)) {
            if (required) fail(std::string("no \"") + key + "\"");
            return fallback;
        }
        const auto& v = j.at(key);
        if (v.is_null())
            return std::numeric_limits<double>::quiet_NaN();  // NaN/Inf were written as null
        if (!v.is_number()) fail(std::string("\"") + key + "\" is not a number");
        return v.get<double>();
    }
    std::int64_t integer(const nlohmann::json& j, const char* key, std::int64_t lo, std::int64_t hi,
                         std::int64_t fallback, bool required) const {
        if (!j.is_object() || !j.contains(key)) {
            if (required) fail(std::string("no \"") + key + "\"");
            return fallback;
        }
        const auto& v = j.at(key);
        if (!v.is_number()) fail(std::string("\"") + key + "\" is not a number");
        const double d = v.get<double>();
        // Compare as doubles first: casting 1e300 to an integer is undefined behaviour.
        if (!std::isfinite(d) || d < double(lo) || d > double(hi) || std::floor(d) != d)
            fail(std::string("\"") + key + "\" is out of range");
        return v.is_number_integer() ? v.get<std::int64_t>() : static_cast<std::int64_t>(d);
    }
    std::string text(const nlohmann::json& j, const char* key, bool required) const {
        if (!j.is_object() || !j.contains(key) || j.at(key).is_null()) {
            if (required) fail(std::string("no \"") + key + "\"");
            return {};
        }
        if (!j.at(key).is_string()) fail(std::string("\"") + key + "\" is not text");
        return j.at(key).get<std::string>();
    }
    std::vector<std::string> texts(const nlohmann::json& j, const char* key, bool required) const {
        std::vector<std::string> out;
        if (!j.is_object() || !j.contains(key)) {
            if (required) fail(std::string("no \"") + key + "\"");
            return out;
        }
        if (!j.at(key).is_array()) fail(std::string("\"") + key + "\" is not a list");
        for (const auto& v : j.at(key)) {
            if (!v.is_string())
                fail(std::string("\"") + key + "\" holds something that is not text");
            out.push_back(v.get<std::string>());
        }
        return out;
    }

    StageConfig settings(const nlohmann::json& js, const std::string& stage) const {
        StageConfig s;
        s.name = stage;
        if (!js.contains("settings")) return s;  // format_version 0
        const auto& j = js.at("settings");
        s.optimizer = text(j, "optimizer", false);
        s.lr = real(j, "lr", s.lr, false);
        s.momentum = real(j, "momentum", s.momentum, false);
        s.weightDecay = real(j, "weight_decay", s.weightDecay, false);
        s.epochs = static_cast<int>(integer(j, "epochs", 0, 1000000, s.epochs, false));
        s.batchSize = static_cast<int>(integer(j, "batch_size", 1, 1 << 20, s.batchSize, false));
        s.augment =
            j.contains("augment") && j.at("augment").is_boolean() && j.at("augment").get<bool>();
        s.augmentCopies = static_cast<int>(integer(j, "augment_copies", 0, 1000, 0, false));
        s.restoreBestEpoch =
            !j.contains("restore_best_epoch") ||
            (j.at("restore_best_epoch").is_boolean() && j.at("restore_best_epoch").get<bool>());
        s.patience = static_cast<int>(integer(j, "patience", 0, 1000000, 0, false));
        s.fromLayer = text(j, "from_layer", false);
        s.trainableLayers = texts(j, "trainable_layers", false);
        if (j.contains("lr_steps") && j.at("lr_steps").is_array())
            for (const auto& step : j.at("lr_steps")) {
                if (!step.is_array() || step.size() != 2 || !step[0].is_number() ||
                    !step[1].is_number())
                    fail("\"lr_steps\" holds something that is not [epoch, factor]");
                const double e = step[0].get<double>();
                if (!std::isfinite(e) || e < 1 || e > 1e6)
                    fail("\"lr_steps\" has an epoch out of range");
                s.lrSteps.emplace_back(static_cast<int>(e), step[1].get<double>());
            }
        return s;
    }
};

}  // namespace

bool readMetrics(const std::string& file, RecipeResult& out) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    const Reader rd{file};
    nlohmann::json j;
    try {
        // depth: metrics.json is 4 levels deep; a parser callback stops hostile nesting early.
        j = nlohmann::json::parse(
            ss.str(), [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                if (depth > 16) throw std::length_error("nested deeper than a metrics.json");
                return true;
            });
    } catch (const std::exception& e) {
        rd.fail(e.what());
    }
    const fs::path runDir = fs::path(file).parent_path();
    out.formatVersion = static_cast<int>(rd.integer(j, "format_version", 0, 1000000, 0, false));
    if (out.formatVersion > kMetricsFormatVersion)
        throw Error(ErrorCode::InvalidArgument,
                    file + " was written by a newer Featurelab (format_version " +
                        std::to_string(out.formatVersion) + "; this one reads up to " +
                        std::to_string(kMetricsFormatVersion) + ").");
    out.appVersion = rd.text(j, "app_version", false);
    // Both from format_version 1 on, added later: runs without them still open.
    out.started = 0;
    if (!util::parseIsoUtc(rd.text(j, "started", false), out.started)) out.started = 0;
    out.wallSeconds = rd.real(j, "wall_seconds", 0, false);
    if (!(out.wallSeconds >= 0 && out.wallSeconds < 1e9)) out.wallSeconds = 0;
    out.dataDir = rd.text(j, "data", false);
    out.backbone = rd.text(j, "backbone", true);
    out.weightsSha256 = rd.text(j, "weights_sha256", false);
    out.seed = j.contains("seed") && j.at("seed").is_number_unsigned()
                   ? j.at("seed").get<std::uint64_t>()
                   : static_cast<std::uint64_t>(rd.integer(j, "seed", 0, 0, 0, false));
    out.classes = rd.texts(j, "classes", true);
    out.runtime = rd.text(j, "runtime", false);
    out.plannedStages = rd.texts(j, "planned_stages", false);
    out.stoppedDuring = rd.text(j, "stopped_during", false);
    out.validSplit = ValidSplit{};
    if (j.contains("valid_split")) {  // runs from before held-out splits used valid/
        const auto& v = j.at("valid_split");
        const std::string from = rd.text(v, "from", true);
        if (from != "train" && from != "valid") rd.fail("\"valid_split\" comes from neither");
        out.validSplit.heldOut = from == "train";
        out.validSplit.images =
            static_cast<std::size_t>(rd.integer(v, "images", 0, std::int64_t(1) << 40, 0, false));
        if (out.validSplit.heldOut) {
            out.validSplit.fraction = rd.real(v, "fraction", 0, true);
            if (!(out.validSplit.fraction > 0 && out.validSplit.fraction < 1))
                rd.fail("\"fraction\" is out of range");
            out.validSplit.seed =
                v.contains("seed") && v.at("seed").is_number_unsigned()
                    ? v.at("seed").get<std::uint64_t>()
                    : static_cast<std::uint64_t>(rd.integer(v, "seed", 0, 0, 0, false));
            out.validSplit.file = rd.text(v, "file", true);
            if (fs::path(out.validSplit.file).is_relative())
                out.validSplit.file = (runDir / out.validSplit.file).lexically_normal().string();
        }
    }
    auto& stages = out.stages;
    stages.clear();
    const auto& list = rd.at(j, "stages");
    if (!list.is_array()) rd.fail("\"stages\" is not a list");
    for (const auto& js : list) {
        StageResult s;
        s.stage = rd.text(js, "stage", true);
        s.seconds = rd.real(js, "seconds", 0, false);
        s.trainableParams = rd.integer(js, "trainable_params", 0, std::int64_t(1) << 50, 0, true);
        s.validAcc = rd.real(js, "valid_acc", 0, true);
        s.validLoss = rd.real(js, "valid_loss", 0, true);
        s.trainAcc = rd.real(js, "train_acc", 0, false);
        s.note = rd.text(js, "note", false);
        s.checkpoint = rd.text(js, "checkpoint", false);
        if (!s.checkpoint.empty() && fs::path(s.checkpoint).is_relative())
            s.checkpoint = (runDir / s.checkpoint).lexically_normal().string();
        s.settings = rd.settings(js, s.stage);
        s.layersTrained = rd.texts(js, "layers_trained", false);
        const auto& epochs = rd.at(js, "epochs");
        if (!epochs.is_array()) rd.fail("\"epochs\" is not a list");
        for (const auto& e : epochs) {
            EpochMetrics m;
            m.stage = s.stage;
            m.epoch = static_cast<int>(rd.integer(e, "epoch", 0, 1000000, 0, true));
            m.trainLoss = rd.real(e, "train_loss", 0, true);
            m.trainAcc = rd.real(e, "train_acc", 0, true);
            m.validLoss = rd.real(e, "valid_loss", 0, true);
            m.validAcc = rd.real(e, "valid_acc", 0, true);
            m.seconds = rd.real(e, "seconds", 0, false);
            s.curve.push_back(m);
        }
        for (auto& m : s.curve) m.epochs = static_cast<int>(s.curve.size());
        s.epochs = static_cast<int>(s.curve.size());
        // Runs from before best epochs were kept ended on their last epoch.
        s.bestEpoch = static_cast<int>(rd.integer(js, "best_epoch", 0, 1000000, s.epochs, false));
        stages.push_back(s);
    }
    const std::string best = rd.text(j, "best_stage", false);
    out.bestStage = -1;
    for (std::size_t i = 0; i < stages.size(); ++i)
        if (stages[i].stage == best) out.bestStage = static_cast<int>(i);
    return true;
}

}  // namespace featurelab::recipe

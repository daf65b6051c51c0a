// metrics.json in the shape, stage probabilities for resume, atomic text writes.
#include "recipe/run_files.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "featurelab/error.h"
#include "models/weights_io.h"

namespace featurelab::recipe {

std::string stageCheckpointPath(const std::string& outDir, std::size_t index,
                                const std::string& stage) {
    return (std::filesystem::path(outDir) / "stages" /
            (std::to_string(index + 1) + "-" + stage + ".safetensors"))
        .string();
}

static std::string probsPath(const std::string& checkpoint) {
    return checkpoint.substr(0, checkpoint.size() - std::string(".safetensors").size()) +
           ".probs.safetensors";
}

void saveStageProbs(const std::string& checkpoint, const StageOutput& out) {
    NamedTensors t;
    t.emplace_back("valid", out.validProbs.to(torch::kCPU).contiguous());
    if (out.testProbs.defined()) t.emplace_back("test", out.testProbs.to(torch::kCPU).contiguous());
    writeSafetensors(probsPath(checkpoint), t, {});
}

void loadStageProbs(const std::string& checkpoint, StageOutput& out) {
    for (auto& [name, tensor] : readSafetensors(probsPath(checkpoint))) {
        if (name == "valid") out.validProbs = tensor;
        if (name == "test") out.testProbs = tensor;
    }
}

void writeTextFile(const std::string& file, const std::string& text) {
    const std::string tmp = file + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(ErrorCode::Io, "Cannot write '" + file + "'.");
        out << text;
        out.close();
        if (!out) throw Error(ErrorCode::Io, "Writing '" + file + "' failed (disk full?).");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) throw Error(ErrorCode::Io, "Cannot write '" + file + "': " + ec.message());
}

std::string metricsJson(const RecipeResult& r) {
    nlohmann::ordered_json j;
    j["data"] = r.dataDir;
    j["backbone"] = r.backbone;
    j["classes"] = r.classes;
    j["runtime"] = r.runtime;
    j["best_stage"] = r.bestStage >= 0 ? r.stages[static_cast<std::size_t>(r.bestStage)].stage : "";
    j["stages"] = nlohmann::ordered_json::array();
    for (const auto& s : r.stages) {
        nlohmann::ordered_json js;
        js["stage"] = s.stage;
        js["seconds"] = s.seconds;
        js["trainable_params"] = s.trainableParams;
        js["valid_acc"] = s.validAcc;
        js["valid_loss"] = s.validLoss;
        js["train_acc"] = s.trainAcc;
        js["note"] = s.note;
        js["checkpoint"] = s.checkpoint;
        js["epochs"] = nlohmann::ordered_json::array();
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
        nlohmann::ordered_json per = nlohmann::ordered_json::array();
        for (const auto& c : r.reports)
            per.push_back({{"class", c.name},
                           {"precision", c.precision},
                           {"recall", c.recall},
                           {"f1", c.f1},
                           {"support", c.support}});
        j["best_valid_per_class"] = per;
    }
    return j.dump(2) + "\n";
}

bool readMetrics(const std::string& file, RecipeResult& out) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        const auto j = nlohmann::json::parse(ss.str());
        out.dataDir = j.value("data", std::string());
        out.backbone = j.at("backbone").get<std::string>();
        out.classes = j.at("classes").get<std::vector<std::string>>();
        out.runtime = j.value("runtime", std::string());
        auto& stages = out.stages;
        stages.clear();
        for (const auto& js : j.at("stages")) {
            StageResult s;
            s.stage = js.at("stage").get<std::string>();
            s.seconds = js.at("seconds").get<double>();
            s.trainableParams = js.at("trainable_params").get<std::int64_t>();
            s.validAcc = js.at("valid_acc").get<double>();
            s.validLoss = js.at("valid_loss").get<double>();
            s.trainAcc = js.value("train_acc", 0.0);
            s.note = js.value("note", std::string());
            s.checkpoint = js.value("checkpoint", std::string());
            for (const auto& e : js.at("epochs")) {
                EpochMetrics m;
                m.stage = s.stage;
                m.epoch = e.at("epoch").get<int>();
                m.trainLoss = e.at("train_loss").get<double>();
                m.trainAcc = e.at("train_acc").get<double>();
                m.validLoss = e.at("valid_loss").get<double>();
                m.validAcc = e.at("valid_acc").get<double>();
                m.seconds = e.value("seconds", 0.0);
                s.curve.push_back(m);
            }
            for (auto& m : s.curve) m.epochs = static_cast<int>(s.curve.size());
            s.epochs = static_cast<int>(s.curve.size());
            stages.push_back(s);
        }
        const std::string best = j.value("best_stage", std::string());
        out.bestStage = -1;
        for (std::size_t i = 0; i < stages.size(); ++i)
            if (stages[i].stage == best) out.bestStage = static_cast<int>(i);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::InvalidArgument,
                    file + " is not a metrics.json written by a recipe run: " + e.what());
    }
    return true;
}

}  // namespace featurelab::recipe

// The CLI's rendering of featurelab::ErrorHint: the engine says what is wrong, this says which
// flags fix it.
#include "cli_hints.h"

#include <vector>

namespace featurelab::cli {

std::string hintAsFlags(const ErrorHint& hint) {
    const std::string& arg = hint.argument;
    switch (hint.action) {
        case HintAction::None:
            return {};
        case HintAction::ResumeRun:
            return "To continue it: featurelab-cli recipe --resume --out " + arg +
                   " (with the same --data, --backbone and --stages).";
        case HintAction::StartAtStage: {
            static const std::vector<std::string> ladder{"linear", "last", "dense", "conv"};
            std::string stages;
            bool from = false;
            for (const auto& s : ladder) {
                from = from || s == arg;
                if (from) stages += (stages.empty() ? "" : ",") + s;
            }
            return "Start there: --stages " + (stages.empty() ? arg : stages) + ".";
        }
        case HintAction::ChooseOutputFolder:
            return arg.empty() ? "Name the run folder with --out DIR."
                               : "Give another --out folder (or drop --resume).";
        case HintAction::ChooseWeights:
            return "Pass another weights file: --backbone ARCH:FILE.";
        case HintAction::ChooseLayer:
            return "Try --layer " + arg + ".";
        case HintAction::ShowLayerNames:
            return "The layer names: featurelab-cli summary --backbone " + arg + ".";
    }
    return {};
}

}  // namespace featurelab::cli

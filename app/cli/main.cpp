// featurelab-cli: the headless front end. Same engine, same recipe as the GUI.
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli_hints.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab_version.h"

namespace {

using namespace featurelab::cli;

/// The one line a usage error prints, naming the closest valid option or command to a typo.
std::string usageMessage(const CLI::App& root, const CLI::App* command, const CLI::ParseError& e) {
    const std::string what = e.what();
    // A typo first: CLI11 reports a missing required option (or command) before an unknown one,
    // and "featurelab-cli recipe --dat x" should hear about --dat, not about --data missing.
    const auto extras = command ? command->remaining() : root.remaining();
    if (!extras.empty()) {
        for (const auto& arg : extras) {
            if (arg.size() < 2 || arg[0] != '-') continue;
            const std::string name = arg.substr(0, arg.find('='));
            const std::string near = closest(name, optionNames(command ? *command : root));
            return "Unknown option " + name + (near.empty() ? "." : "; did you mean " + near + "?");
        }
        if (!command) {
            std::vector<std::string> names;
            for (const CLI::App* sub : root.get_subcommands({})) names.push_back(sub->get_name());
            const std::string near = closest(extras.front(), names);
            return "unknown command '" + extras.front() + "'" +
                   (near.empty() ? "." : "; did you mean '" + near + "'?");
        }
        return "unexpected argument '" + extras.front() + "'.";
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        const std::string suffix = " is required";
        if (what.rfind("--", 0) == 0 && what.size() > suffix.size() &&
            what.compare(what.size() - suffix.size(), suffix.size(), suffix) == 0)
            return "Missing required option " + what.substr(0, what.size() - suffix.size()) + ".";
        if (what.rfind("A subcommand", 0) == 0) return "a COMMAND is required.";
        return "Missing " + what.substr(0, what.size() - suffix.size()) + ".";
    }
    return what;
}

/// What goes between an error's sentence and its hint: a full stop when the sentence has none
/// ("...; the file is damaged. Pass another weights file: ..."), a space otherwise.
const char* hintSeparator(const std::string& message, const std::string& hint) {
    if (hint.empty()) return "";
    if (message.empty()) return "";
    const char last = message.back();
    return last == '.' || last == '!' || last == '?' || last == ':' || last == '\n' ? " " : ". ";
}

}  // namespace

int main(int argc, char** argv) {
    // A file-size limit (ulimit -f) must end in a write error with a message, not a signal.
    std::signal(SIGXFSZ, SIG_IGN);
    CLI::App root("Featurelab: transfer learning on image folders.", "featurelab-cli");
    root.set_version_flag("--version", std::string("featurelab-cli " FEATURELAB_VERSION));
    root.require_subcommand(1);
    root.footer("Run 'featurelab-cli COMMAND --help' for a command's options and an example.\n" +
                exitCodesText());
    const std::vector<Command> commands{addScan(root),        addExtract(root), addSummary(root),
                                        addClassify(root),    addRecipe(root),  addPredict(root),
                                        addShow(root),        addExport(root),  addCache(root),
                                        addLabelIssues(root), addRuns(root),    addRelabel(root),
                                        addLrFind(root),      addGradCam(root), addEmbed(root)};

    if (argc < 2) {  // no command: the overview, as a usage error
        std::fprintf(stderr, "%s", root.help().c_str());
        return kUsage;
    }
    const Command* chosen = nullptr;
    try {
        root.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return root.exit(e);
    } catch (const CLI::ParseError& e) {
        for (const auto& c : commands)
            if (c.app->parsed()) chosen = &c;
        const CLI::App* command = chosen ? chosen->app : nullptr;
        const std::string prefix =
            "featurelab-cli" + (command ? " " + command->get_name() : std::string());
        // One line: scripts and tests read the error from the last line.
        std::fprintf(stderr, "%s: %s (see '%s --help')\n", prefix.c_str(),
                     usageMessage(root, command, e).c_str(), prefix.c_str());
        return kUsage;
    }
    for (const auto& c : commands)
        if (c.app->parsed()) chosen = &c;
    const std::string name = chosen->app->get_name();
    try {
        return chosen->run();
    } catch (const featurelab::Error& e) {
        const std::string hint = hintAsFlags(e.hint());
        if (e.code() == featurelab::ErrorCode::Cancelled) {
            // A stopped recipe says what it kept; any other job was simply interrupted.
            const bool kept = e.hint().action == featurelab::HintAction::ResumeRun;
            std::fprintf(stderr, "featurelab-cli %s: interrupted.%s%s%s%s\n", name.c_str(),
                         kept ? " " : "", kept ? e.what() : "", hint.empty() ? "" : " ",
                         hint.c_str());
            return kInterrupted;
        }
        std::fprintf(stderr, "featurelab-cli %s: %s%s%s\n", name.c_str(), e.what(),
                     hintSeparator(e.what(), hint), hint.c_str());
        return e.code() == featurelab::ErrorCode::InvalidArgument ? kUsage : kFailed;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "featurelab-cli %s: unexpected error: %s\n", name.c_str(), e.what());
        return kFailed;
    }
}

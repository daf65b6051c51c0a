// featurelab-cli relabel: move an image to another class or into quarantine, undo, redo and
// list, through the data folder's journal (featurelab/relabel.h), as the GUI's Edit menu does.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/relabel.h"

namespace featurelab::cli {

namespace {

struct RelabelArgs {
    std::string data;
    std::string move, toClass;
    std::string quarantine, reason;
    bool undo = false, redo = false, list = false;
};

/// IMAGE as the user typed it: relative to the current folder when a file is there, else
/// relative to the data folder (the engine's reading).
std::string imageArgument(const std::string& image) {
    namespace fs = std::filesystem;
    const fs::path p = fs::u8path(image);
    std::error_code ec;
    if (p.is_relative() && fs::symlink_status(p, ec).type() != fs::file_type::not_found && !ec)
        return fs::absolute(p).lexically_normal().u8string();
    return image;
}

void printList(const DataJournal& journal) {
    const std::vector<JournalEntry> entries = journal.list();
    if (entries.empty()) {
        std::printf("No relabel journal entries in %s\n", journal.dataDir().c_str());
        return;
    }
    std::printf("Journal %s\n", journal.journalPath().c_str());
    std::printf("%4s  %-20s  %-10s  %-7s  %s\n", "#", "time (UTC)", "action", "state",
                "from -> to");
    for (const JournalEntry& e : entries) {
        std::printf("%4llu  %-20s  %-10s  %-7s  %s -> %s%s%s\n",
                    static_cast<unsigned long long>(e.id), e.time.c_str(),
                    relabelActionName(e.action), journalStateName(e.state), e.from.c_str(),
                    e.to.c_str(), e.reason.empty() ? "" : "  # ", e.reason.c_str());
    }
    const bool undo = journal.canUndo(), redo = journal.canRedo();
    std::printf("%s; %s.\n", undo ? "--undo reverts the newest done entry" : "nothing to undo",
                redo ? "--redo replays the oldest undone one" : "nothing to redo");
}

int run(const RelabelArgs& a) {
    const int chosen =
        int(!a.move.empty()) + int(!a.quarantine.empty()) + int(a.undo) + int(a.redo) + int(a.list);
    if (chosen != 1)
        throw Error(ErrorCode::InvalidArgument,
                    "give exactly one of --move IMAGE --to CLASS, --quarantine IMAGE, --undo, "
                    "--redo or --list.");
    DataJournal journal = DataJournal::open(a.data);
    if (a.list) {
        printList(journal);
        return kOk;
    }
    const std::string undoHint =
        " (featurelab-cli relabel --data " + a.data + " --undo reverts it)";
    if (!a.move.empty()) {
        const JournalEntry e = journal.move(imageArgument(a.move), a.toClass);
        std::printf("Moved %s to %s%s\n", e.from.c_str(), e.to.c_str(), undoHint.c_str());
    } else if (!a.quarantine.empty()) {
        const JournalEntry e = journal.quarantine(imageArgument(a.quarantine), a.reason);
        std::printf("Quarantined %s as %s%s\n", e.from.c_str(), e.to.c_str(), undoHint.c_str());
    } else if (a.undo) {
        const JournalEntry e = journal.undo();
        std::printf("Undid #%llu (%s): %s is back at %s\n", static_cast<unsigned long long>(e.id),
                    relabelActionName(e.action), e.to.c_str(), e.from.c_str());
    } else {
        const JournalEntry e = journal.redo();
        std::printf("Redid #%llu (%s): %s is at %s again\n", static_cast<unsigned long long>(e.id),
                    relabelActionName(e.action), e.from.c_str(), e.to.c_str());
    }
    return kOk;
}

}  // namespace

Command addRelabel(CLI::App& root) {
    auto args = std::make_shared<RelabelArgs>();
    CLI::App* app = addCommand(
        root, "relabel",
        "Move an image to another class or into quarantine; undo, redo, list (journalled)",
        "relabel --data ../data --move train/cats/cat.7.jpg --to dogs");
    app->add_option("--data", args->data, "The data folder (its journal: DIR/.featurelab/)")
        ->required()
        ->type_name("DIR");
    auto* move = app->add_option("--move", args->move,
                                 "Move this image (a path, or relative to DIR) to --to's folder")
                     ->type_name("IMAGE");
    auto* to = app->add_option("--to", args->toClass, "The class to move the image to")
                   ->type_name("CLASS");
    move->needs(to);
    to->needs(move);
    auto* quarantine = app->add_option("--quarantine", args->quarantine,
                                       "Move this image to DIR/.featurelab/quarantine/")
                           ->type_name("IMAGE");
    app->add_option("--reason", args->reason, "With --quarantine: a note kept in the journal")
        ->type_name("TEXT")
        ->needs(quarantine);
    app->add_flag("--undo", args->undo, "Move the newest journalled image back");
    app->add_flag("--redo", args->redo, "Replay the oldest undone action");
    app->add_flag("--list", args->list, "Print the journal");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli

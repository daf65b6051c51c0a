// DataJournal: move, quarantine, undo and redo as journalled renames. Each step writes its
// entry in flight (pending, undoing, redoing), renames the file, then marks the entry finished:
// a crash in between leaves an entry that the next reader settles by where the file is.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "data/relabel_fs.h"
#include "data/relabel_store.h"
#include "featurelab/error.h"
#include "featurelab/relabel.h"
#include "recipe/api_boundary.h"
#include "util/utf8.h"

namespace featurelab {

namespace fs = std::filesystem;
using namespace relabel;

namespace {

struct Folder {
    fs::path root, meta, journal;
    explicit Folder(const std::string& r)
        : root(fs::u8path(r)), meta(root / kMetaFolder), journal(meta / kJournalFile) {}
};

void step(const char* name) {
    if (testHooks().step) testHooks().step(name);
}

Error alreadyThere(const std::string& rel) {
    return Error(ErrorCode::Io, "A file named " + rel +
                                    " is already there: nothing was moved (Featurelab never "
                                    "overwrites a file).");
}

Error notThere(const std::string& rel, const std::string& what) {
    return Error(ErrorCode::NotFound,
                 rel + " is not there any more (moved or deleted meanwhile?), so " + what +
                     ". Nothing was changed.");
}

/// The folders of train/: the classes a file can move to.
std::vector<std::string> classFolders(const fs::path& root) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(root / "train", ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().u8string();
        if (!name.empty() && name[0] != '.' && it->is_directory(ec)) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Renames entries[index]'s file (forward: from -> to, else back) with the entry already
/// written in flight, then marks it finalState. When the rename fails, the journal is put
/// back to before (the file did not move) and the error rethrown.
void finishRename(const Folder& f, std::vector<JournalEntry>& entries, std::size_t index,
                  const std::vector<JournalEntry>& before, bool forward, JournalState finalState) {
    step("journal-written");
    JournalEntry& e = entries[index];
    const std::string& a = forward ? e.from : e.to;
    const std::string& b = forward ? e.to : e.from;
    const fs::path src = f.root / fs::u8path(a), dst = f.root / fs::u8path(b);
    std::vector<fs::path> created;
    try {
        created = makeFolders(dst.parent_path());
        renameNoReplace(src, dst, a, b);
    } catch (const Error&) {
        removeCreatedFolders(created);
        try {
            writeJournal(f.journal, before);
        } catch (const Error&) {
            // The in-flight entry stays on disk; readers settle it by the file's place.
        }
        throw;
    }
    step("renamed");
    e.state = finalState;
    try {
        writeJournal(f.journal, entries);
    } catch (const Error&) {
        // The file has moved: the in-flight entry on disk settles to finalState when read.
    }
}

/// A new action (move or quarantine) from -> to, both relative to the root.
JournalEntry act(const Folder& f, RelabelAction action, const std::string& from,
                 const std::string& to, const std::string& reason) {
    const fs::path src = f.root / fs::u8path(from), dst = f.root / fs::u8path(to);
    checkNoSymlinkedFolders(f.root, to);
    if (present(dst)) throw alreadyThere(to);
    // Everything this action may write, checked before its first write (DATA/.featurelab).
    requireWritable(f.root, {src.parent_path(), dst.parent_path(), f.meta});
    if (!present(f.meta) && ::mkdir(f.meta.c_str(), 0777) != 0 && errno != EEXIST)
        throw Error(ErrorCode::Io, "Cannot create " + f.meta.string() + ": " +
                                       std::strerror(errno) + ". Nothing was moved.");
    FolderLock lock(f.meta);
    std::vector<JournalEntry> entries = readJournal(f.journal);
    settleEntries(entries, f.root);
    // Checked again under the lock: another process may have moved either meanwhile.
    if (!present(src)) throw notThere(from, "it cannot be moved");
    if (present(dst)) throw alreadyThere(to);
    const std::vector<JournalEntry> before = entries;
    // A new action drops the redo tail, as in any editor; those files stay where undo put them.
    entries.erase(
        std::remove_if(entries.begin(), entries.end(),
                       [](const JournalEntry& e) { return e.state == JournalState::Undone; }),
        entries.end());
    JournalEntry e;
    e.id = (before.empty() ? 0 : before.back().id) + 1;
    e.time = utcNow();
    e.action = action;
    e.from = from;
    e.to = to;
    e.reason = reason;
    e.state = JournalState::Pending;
    entries.push_back(e);
    writeJournal(f.journal, entries);
    finishRename(f, entries, entries.size() - 1, before, true, JournalState::Done);
    return entries.back();
}

/// Undo (forward == false) or redo of the newest Done / oldest Undone entry.
JournalEntry replay(const Folder& f, bool forward) {
    const char* nothing = forward ? "Nothing to redo." : "Nothing to undo.";
    if (!present(f.journal)) throw Error(ErrorCode::InvalidArgument, nothing);
    FolderLock lock(f.meta);  // opening a folder to lock it writes nothing
    std::vector<JournalEntry> entries = readJournal(f.journal);
    settleEntries(entries, f.root);
    const long i = forward ? firstUndone(entries) : lastDone(entries);
    if (i < 0) throw Error(ErrorCode::InvalidArgument, nothing);
    const JournalEntry& e = entries[std::size_t(i)];
    const std::string& a = forward ? e.from : e.to;
    const std::string& b = forward ? e.to : e.from;
    checkNoSymlinkedFolders(f.root, a);
    checkNoSymlinkedFolders(f.root, b);
    const fs::path src = f.root / fs::u8path(a), dst = f.root / fs::u8path(b);
    if (!present(src))
        throw notThere(a, forward ? "it cannot be moved again" : "it cannot go back");
    if (present(dst)) throw alreadyThere(b);
    requireWritable(f.root, {src.parent_path(), dst.parent_path(), f.meta});
    const std::vector<JournalEntry> before = entries;
    entries[std::size_t(i)].state = forward ? JournalState::Redoing : JournalState::Undoing;
    writeJournal(f.journal, entries);
    finishRename(f, entries, std::size_t(i), before, forward,
                 forward ? JournalState::Done : JournalState::Undone);
    return entries[std::size_t(i)];
}

std::vector<JournalEntry> settledEntries(const Folder& f) {
    std::vector<JournalEntry> entries = readJournal(f.journal);
    settleEntries(entries, f.root);
    return entries;
}

}  // namespace

const char* relabelActionName(RelabelAction action) {
    return action == RelabelAction::Move ? "move" : "quarantine";
}

const char* journalStateName(JournalState state) {
    switch (state) {
        case JournalState::Pending:
            return "pending";
        case JournalState::Done:
            return "done";
        case JournalState::Undoing:
            return "undoing";
        case JournalState::Undone:
            return "undone";
        case JournalState::Redoing:
            return "redoing";
    }
    return "unknown";
}

DataJournal DataJournal::open(const std::string& dataDir) {
    return recipe::atApiBoundary([&] {
        std::string root = fs::absolute(fs::u8path(dataDir)).lexically_normal().u8string();
        while (root.size() > 1 && root.back() == '/') root.pop_back();
        std::error_code ec;
        if (dataDir.empty() || !fs::is_directory(fs::u8path(root), ec))
            throw Error(ErrorCode::NotFound, "The data folder " + dataDir + " is not there.");
        const Folder f(root);
        readJournal(f.journal);  // a damaged journal is refused before anything else
        if (present(f.journal) && writable(f.meta)) {
            // A step a crash left half done is settled now, so the file shows it.
            FolderLock lock(f.meta);
            std::vector<JournalEntry> entries = readJournal(f.journal);
            if (settleEntries(entries, f.root)) writeJournal(f.journal, entries);
        }
        return DataJournal(root);
    });
}

std::string DataJournal::journalPath() const { return Folder(root_).journal.u8string(); }

std::string DataJournal::absolutePath(const std::string& relative) const {
    return (fs::u8path(root_) / fs::u8path(relative)).u8string();
}

JournalEntry DataJournal::move(const std::string& image, const std::string& toClass) {
    return recipe::atApiBoundary([&] {
        const Folder f(root_);
        const ImagePlace p = locateImage(f.root, image);
        if (!p.labelled)
            throw Error(ErrorCode::InvalidArgument,
                        p.rel + " is in test/, which has no classes: quarantine it instead.");
        const std::vector<std::string> classes = classFolders(f.root);
        if (std::find(classes.begin(), classes.end(), toClass) == classes.end()) {
            std::string names;
            for (const std::string& c : classes) names += (names.empty() ? "" : ", ") + c;
            throw Error(ErrorCode::InvalidArgument,
                        "There is no class '" + util::validUtf8(toClass) +
                            "': the classes are the folders of train/ (" + names + ").");
        }
        if (toClass == p.className)
            throw Error(ErrorCode::InvalidArgument, p.rel + " is already in " + toClass + ".");
        return act(f, RelabelAction::Move, p.rel, p.split + "/" + toClass + "/" + p.belowClass, "");
    });
}

JournalEntry DataJournal::quarantine(const std::string& image, const std::string& reason) {
    return recipe::atApiBoundary([&] {
        const Folder f(root_);
        const ImagePlace p = locateImage(f.root, image);
        return act(f, RelabelAction::Quarantine, p.rel, std::string(kQuarantine) + "/" + p.rel,
                   reason);
    });
}

JournalEntry DataJournal::undo() {
    return recipe::atApiBoundary([&] { return replay(Folder(root_), false); });
}

JournalEntry DataJournal::redo() {
    return recipe::atApiBoundary([&] { return replay(Folder(root_), true); });
}

std::vector<JournalEntry> DataJournal::list() const {
    return recipe::atApiBoundary([&] { return settledEntries(Folder(root_)); });
}

bool DataJournal::canUndo() const { return lastDone(list()) >= 0; }
bool DataJournal::canRedo() const { return firstUndone(list()) >= 0; }

}  // namespace featurelab

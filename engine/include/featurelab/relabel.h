// Moving images between class folders or into quarantine, with an undo journal on disk: the one
// place where Featurelab writes into a data folder, and only when the user asks.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace featurelab {

enum class RelabelAction { Move, Quarantine };

/// Where an entry stands. Pending, Undoing and Redoing are written just before a rename and
/// replaced right after it; one found on opening (a crash in between) is settled by where the
/// file actually is.
enum class JournalState { Pending, Done, Undoing, Undone, Redoing };

/// "move" / "quarantine"; "pending", "done", "undoing", "undone", "redoing".
const char* relabelActionName(RelabelAction action);
const char* journalStateName(JournalState state);

struct JournalEntry {
    std::uint64_t id = 0;  // 1, 2, ... in the order the actions were taken
    std::string time;      // when the action was taken, UTC, "2026-12-03T10:15:00Z"
    RelabelAction action = RelabelAction::Move;
    std::string from;    // relative to the data folder, '/'-separated: "train/cats/cat.7.jpg"
    std::string to;      // "train/dogs/cat.7.jpg", ".featurelab/quarantine/train/cats/cat.7.jpg"
    std::string reason;  // the user's note for a quarantine ("" when none)
    JournalState state = JournalState::Done;
};

/// The journal of one data folder: DATA/.featurelab/journal.json, every action in order. The
/// actions taken and not undone come first (state Done), the undone ones after them (Undone,
/// the redo tail); a new action drops the redo tail, as in any editor. Files are only ever
/// renamed, never copied, overwritten or deleted. Every call re-reads the journal under a lock
/// on DATA/.featurelab, so the GUI and the CLI can work on the same folder.
///
/// Errors, for every action (move, quarantine, undo, redo); each leaves the files and the
/// journal as they were:
///  - Error(InvalidArgument): the image is outside the data folder or not in a split's class
///    folder (train/CLASS/..., valid/CLASS/...; test/... for quarantine), a path component is
///    "." or ".." or hidden, a class folder is a symlink leading out of the data folder, the
///    class is unknown (not a folder of train/) or is the image's own, the image is in test/
///    (no class to change: quarantine it), or its path is not valid UTF-8.
///  - Error(NotFound): the image (or, for undo and redo, the file the entry moved) is not there.
///  - Error(Io): the data folder (or a folder the rename needs) is not writable: "read-only"
///    in the sentence, and then nothing at all is written, not even DATA/.featurelab; a file of
///    that name is already at the target ("already"); the rename failed; the journal cannot be
///    read or written, or is damaged (it is never overwritten then).
class DataJournal {
public:
    /// Opens the journal of dataDir. Reads DATA/.featurelab/journal.json when it exists and
    /// settles an entry a crash left half done; creates nothing. Throws Error(NotFound) when
    /// dataDir is not a folder, Error(Io) when the journal is unreadable or damaged.
    static DataJournal open(const std::string& dataDir);

    const std::string& dataDir() const { return root_; }
    /// DATA/.featurelab/journal.json (it may not exist yet).
    std::string journalPath() const;

    /// Moves image (absolute, or relative to the data folder) into toClass's folder of the
    /// same split, keeping its name and any subfolder below the class folder. The folder is
    /// created in that split when only train/ has it.
    JournalEntry move(const std::string& image, const std::string& toClass);
    /// Moves image to DATA/.featurelab/quarantine/<split>/<class>/<name>, out of every split.
    JournalEntry quarantine(const std::string& image, const std::string& reason = "");
    /// Reverts the newest Done entry; Error(InvalidArgument) when there is none.
    JournalEntry undo();
    /// Replays the oldest Undone entry; Error(InvalidArgument) when there is none.
    JournalEntry redo();

    /// Every entry, oldest first (re-read from disk, a half-done step settled as on opening).
    /// These three throw Error(Io) when the journal has become unreadable or damaged.
    std::vector<JournalEntry> list() const;
    bool canUndo() const;
    bool canRedo() const;

    /// The absolute path of a journal path (an entry's from or to).
    std::string absolutePath(const std::string& relative) const;

private:
    explicit DataJournal(std::string root) : root_(std::move(root)) {}
    std::string root_;  // absolute, normalised, no trailing '/'
};

}  // namespace featurelab

// The file operations behind the relabel journal: where an image sits in the data folder,
// renames that never replace, writability, the folder lock, and the seams tests use to
// simulate a crash or a read-only folder.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace featurelab::relabel {

namespace fs = std::filesystem;

/// In-process stand-ins for what a test cannot cause for real: a crash between two steps
/// (step throws) and a read-only folder while running as root, whom chmod does not stop.
struct TestHooks {
    /// Called with "journal-written" (the entry is on disk, the file not yet renamed) and
    /// "renamed" (the file is renamed, the entry not yet marked).
    std::function<void(const std::string& step)> step;
    /// When set, decides whether a folder counts as writable instead of access(W_OK).
    std::function<bool(const fs::path& folder)> writable;
};
TestHooks& testHooks();

/// The folder Featurelab keeps in a data folder, and its parts.
constexpr const char* kMetaFolder = ".featurelab";
constexpr const char* kQuarantine = ".featurelab/quarantine";
constexpr const char* kJournalFile = "journal.json";

/// An image's place: relative path "split/class/.../name" (test: "test/.../name").
struct ImagePlace {
    std::string rel;
    std::string split;       // the split folder's name on disk: train, valid, val, ...
    bool labelled = true;    // false for test/
    std::string className;   // "" in test/
    std::string belowClass;  // the path below the class folder (below test/ for test)
};

/// Whether rel ('/'-separated) is a path Featurelab may move a file from or to: a split
/// folder, then a class folder (not for test/), then at least a name; no ".", "..", empty or
/// hidden component; valid UTF-8. Fills place when given.
bool parseSplitPath(const std::string& rel, ImagePlace* place = nullptr);

/// image (absolute, or relative to root) as a place in the data folder. Throws
/// Error(InvalidArgument) when it is outside root or not a split path, Error(NotFound) when no
/// file is there, Error(InvalidArgument) when it is a folder or a folder on its way is a
/// symlink.
ImagePlace locateImage(const fs::path& root, const std::string& image);

/// Throws Error(InvalidArgument) unless every folder from root to rel's parent that exists is
/// a real folder (no symlink leads elsewhere), so a rename stays inside the data folder.
void checkNoSymlinkedFolders(const fs::path& root, const std::string& rel);

/// lstat: a broken symlink exists too.
bool present(const fs::path& p);
/// access(W_OK), or the test hook's answer.
bool writable(const fs::path& folder);
/// folder itself when it exists, else its nearest existing parent.
fs::path existingAncestor(fs::path folder);
/// Throws Error(Io) naming the first of folders that is not writable ("read-only").
void requireWritable(const fs::path& root, const std::vector<fs::path>& folders);

/// Creates folder and its missing parents; returns those it created, outermost first.
std::vector<fs::path> makeFolders(const fs::path& folder);
/// Removes the folders makeFolders created, innermost first, when they are still empty.
void removeCreatedFolders(const std::vector<fs::path>& created);

/// Renames from to to, never replacing a file at to (renameat2 RENAME_NOREPLACE, else
/// link + unlink), then syncs both folders. Throws Error(Io) ("already" when to exists;
/// another file system; not writable) or Error(NotFound) when from has gone.
void renameNoReplace(const fs::path& from, const fs::path& to, const std::string& fromText,
                     const std::string& toText);

/// An exclusive lock (flock) on a folder for the lifetime of this object.
class FolderLock {
public:
    explicit FolderLock(const fs::path& folder);  // throws Error(Io)
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace featurelab::relabel

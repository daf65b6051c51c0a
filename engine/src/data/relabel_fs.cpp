// Relabel file operations: path checks, writability, no-replace renames, the folder lock.
#include "data/relabel_fs.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "featurelab/error.h"
#include "util/utf8.h"

namespace featurelab::relabel {

namespace {

const char* const kSplitFolders[] = {"train", "valid", "val", "validation", "test"};

bool plainComponent(const std::string& c) {
    return !c.empty() && c != "." && c != ".." && c[0] != '.';
}

std::vector<std::string> components(const std::string& rel) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = rel.find('/', start);
        out.push_back(rel.substr(start, slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

void syncFolder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

TestHooks& testHooks() {
    static TestHooks hooks;
    return hooks;
}

bool parseSplitPath(const std::string& rel, ImagePlace* place) {
    if (rel.empty() || rel.front() == '/' || util::validUtf8(rel) != rel) return false;
    const std::vector<std::string> parts = components(rel);
    for (const std::string& c : parts)
        if (!plainComponent(c)) return false;
    bool known = false;
    for (const char* s : kSplitFolders) known = known || parts[0] == s;
    if (!known) return false;
    const bool labelled = parts[0] != "test";
    if (parts.size() < (labelled ? 3u : 2u)) return false;
    if (place) {
        place->rel = rel;
        place->split = parts[0];
        place->labelled = labelled;
        place->className = labelled ? parts[1] : std::string();
        const std::size_t skip = labelled ? 2 : 1;
        place->belowClass.clear();
        for (std::size_t i = skip; i < parts.size(); ++i)
            place->belowClass += (i > skip ? "/" : "") + parts[i];
    }
    return true;
}

void checkNoSymlinkedFolders(const fs::path& root, const std::string& rel) {
    std::error_code ec;
    const fs::path realRoot = fs::canonical(root, ec);
    if (ec) throw Error(ErrorCode::NotFound, "The data folder " + root.string() + " is not there.");
    const fs::path parent = fs::path(rel).parent_path();
    const fs::path existing = existingAncestor(root / parent);
    const fs::path real = fs::canonical(existing, ec);
    const fs::path below = existing.lexically_relative(root);
    const fs::path expected =
        below.empty() || below == "." ? realRoot : (realRoot / below).lexically_normal();
    if (ec || real != expected)
        throw Error(ErrorCode::InvalidArgument,
                    "The folder " + existing.string() + " is a link to " + real.string() +
                        ": Featurelab renames files only inside the data folder's own folders.");
}

ImagePlace locateImage(const fs::path& root, const std::string& image) {
    const fs::path given = fs::u8path(image);
    const fs::path abs = (given.is_absolute() ? given : root / given).lexically_normal();
    std::string rel = abs.lexically_relative(root).generic_u8string();
    if (rel.empty() || rel == "." || rel.compare(0, 2, "..") == 0) {
        // The same folder under another name (a symlinked data folder): compare real paths.
        std::error_code e1, e2;
        const fs::path realParent = fs::canonical(abs.parent_path(), e1);
        const fs::path realRoot = fs::canonical(root, e2);
        if (!e1 && !e2)
            rel = (realParent / abs.filename()).lexically_relative(realRoot).generic_u8string();
    }
    if (rel.empty() || rel == "." || rel.compare(0, 2, "..") == 0)
        throw Error(ErrorCode::InvalidArgument,
                    image + " is not inside the data folder " + root.string() + ".");
    ImagePlace place;
    if (!parseSplitPath(rel, &place))
        throw Error(ErrorCode::InvalidArgument,
                    rel +
                        " is not an image of the data folder's splits (train/CLASS/NAME, "
                        "valid/CLASS/NAME or test/NAME; no hidden names, valid UTF-8).");
    struct stat st {};
    if (::lstat((root / fs::u8path(rel)).c_str(), &st) != 0)
        throw Error(ErrorCode::NotFound, rel + " is not there (moved or deleted meanwhile?).");
    if (S_ISDIR(st.st_mode))
        throw Error(ErrorCode::InvalidArgument, rel + " is a folder, not an image.");
    checkNoSymlinkedFolders(root, rel);
    return place;
}

bool present(const fs::path& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0;
}

bool writable(const fs::path& folder) {
    if (testHooks().writable) return testHooks().writable(folder);
    return ::access(folder.c_str(), W_OK) == 0;
}

fs::path existingAncestor(fs::path folder) {
    while (!present(folder) && folder.has_relative_path()) folder = folder.parent_path();
    return folder;
}

void requireWritable(const fs::path& root, const std::vector<fs::path>& folders) {
    for (const fs::path& f : folders) {
        const fs::path at = existingAncestor(f);
        errno = 0;
        if (writable(at)) continue;
        const std::string where = at == root ? std::string("The data folder ") + root.string()
                                             : "The folder " + at.string();
        const std::string why = errno == EROFS ? " (a read-only file system)" : "";
        throw Error(ErrorCode::Io,
                    where + " is read-only" + why + ": nothing was moved and nothing was written.");
    }
}

std::vector<fs::path> makeFolders(const fs::path& folder) {
    std::vector<fs::path> missing;
    for (fs::path f = folder; !present(f) && f.has_relative_path(); f = f.parent_path())
        missing.insert(missing.begin(), f);
    std::vector<fs::path> created;
    for (const fs::path& f : missing) {
        if (::mkdir(f.c_str(), 0777) != 0 && errno != EEXIST) {
            const std::string why = std::strerror(errno);
            removeCreatedFolders(created);
            throw Error(ErrorCode::Io, "Cannot create the folder " + f.string() + ": " + why +
                                           ". Nothing was moved.");
        }
        created.push_back(f);
    }
    return created;
}

void removeCreatedFolders(const std::vector<fs::path>& created) {
    for (auto it = created.rbegin(); it != created.rend(); ++it) ::rmdir(it->c_str());
}

void renameNoReplace(const fs::path& from, const fs::path& to, const std::string& fromText,
                     const std::string& toText) {
    int rc = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
        // A file system without RENAME_NOREPLACE: link() refuses an existing name as well.
        rc = ::link(from.c_str(), to.c_str());
        if (rc == 0) {
            if (::unlink(from.c_str()) != 0) {
                const int err = errno;
                ::unlink(to.c_str());
                errno = err;
                rc = -1;
            }
        }
    }
    if (rc != 0) {
        const int err = errno;
        const std::string why = std::strerror(err);
        if (err == EEXIST || err == ENOTEMPTY)
            throw Error(ErrorCode::Io, "A file named " + toText +
                                           " is already there: nothing was moved (Featurelab "
                                           "never overwrites a file).");
        if (err == ENOENT && !present(from))
            throw Error(ErrorCode::NotFound,
                        fromText + " is not there any more (moved or deleted meanwhile?).");
        if (err == EXDEV)
            throw Error(ErrorCode::Io, fromText + " and " + toText +
                                           " are on different file systems: Featurelab only "
                                           "renames files, it never copies them.");
        if (err == EACCES || err == EPERM || err == EROFS)
            throw Error(ErrorCode::Io, "Cannot move " + fromText + " to " + toText +
                                           ": the folder is read-only for you (" + why + ").");
        throw Error(ErrorCode::Io, "Cannot move " + fromText + " to " + toText + ": " + why + ".");
    }
    // The journal marks the step done only after the new names are on disk.
    syncFolder(from.parent_path());
    syncFolder(to.parent_path());
}

FolderLock::FolderLock(const fs::path& folder) {
    fd_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0)
        throw Error(ErrorCode::Io,
                    "Cannot open " + folder.string() + ": " + std::strerror(errno) + ".");
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        const std::string why = std::strerror(errno);
        ::close(fd_);
        fd_ = -1;
        throw Error(ErrorCode::Io, "Cannot lock " + folder.string() + ": " + why + ".");
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace featurelab::relabel

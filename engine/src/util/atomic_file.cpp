// writeAtomically: temporary file, fsync, rename, fsync of the folder (POSIX).
#include "util/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "featurelab/error.h"
#include "featurelab/files.h"

namespace featurelab::util {

namespace fs = std::filesystem;

namespace {

std::string temporaryNameFor(const std::string& target) {
    static std::atomic<unsigned> counter{0};
    return target + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

/// The pid in rest = "<pid>-<n>" (decimal digits only), or 0 when rest is not that pattern.
long temporaryPid(const std::string& rest) {
    const std::size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || dash + 1 == rest.size() || dash > 9 ||
        rest.size() - dash - 1 > 10)
        return 0;
    for (std::size_t i = 0; i < rest.size(); ++i)
        if (i != dash && (rest[i] < '0' || rest[i] > '9')) return 0;
    const long pid = std::stol(rest.substr(0, dash));
    return pid > 0 && pid <= INT_MAX ? pid : 0;
}

bool processRuns(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

/// fsync on a path opened read-only (a file, or a folder for the rename's entry).
bool syncPath(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0 || (directory && (errno == EINVAL || errno == EROFS));
    ::close(fd);
    return ok;
}

Error ioError(const std::string& target, const std::string& what) {
    return Error(ErrorCode::Io, "Cannot write '" + target + "': " + what);
}

}  // namespace

std::size_t removeStaleTemporaries(const std::string& target) {
    const fs::path path = fs::u8path(target);
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const std::string prefix = path.filename().u8string() + ".tmp-";
    std::size_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().u8string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        const long pid = temporaryPid(name.substr(prefix.size()));
        struct stat st {};
        // lstat: only a plain file is ever a temporary; a link of that name is left alone.
        if (pid == 0 || ::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        const double quiet = std::difftime(std::time(nullptr), st.st_mtime);
        const bool ours = pid == long(::getpid());  // this process may be writing it now
        if (quiet >= kStaleAfterSeconds ||
            (!ours && quiet >= kStaleAfterDeadSeconds && !processRuns(pid))) {
            std::error_code ignored;
            if (fs::remove(it->path(), ignored)) ++removed;
        }
    }
    return removed;
}

void writeAtomically(const std::string& target,
                     const std::function<void(const std::string& tmpPath)>& fill) {
    removeStaleTemporaries(target);
    const std::string tmp = temporaryNameFor(target);
    auto discard = [&] {
        std::error_code ignored;
        fs::remove(tmp, ignored);
    };
    try {
        fill(tmp);
    } catch (const Error&) {
        discard();
        throw;
    } catch (const std::exception& e) {
        discard();
        throw ioError(target, e.what());
    }
    if (!syncPath(tmp, false)) {
        const std::string why = std::strerror(errno);
        discard();
        throw ioError(target, "flushing to disk failed (" + why + ")");
    }
    if (std::rename(tmp.c_str(), target.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        discard();
        throw ioError(target, why);
    }
    fs::path dir = fs::path(target).parent_path();
    syncPath(dir.empty() ? std::string(".") : dir.string(), true);
}

void writeTextAtomically(const std::string& target, const std::string& text) {
    writeAtomically(target, [&](const std::string& tmp) {
        FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) throw ioError(target, std::strerror(errno));
        const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
        const int err = errno;
        const bool closed = std::fclose(f) == 0;
        if (!written || !closed)
            throw ioError(target,
                          std::string(std::strerror(written ? errno : err)) + " (disk full?)");
    });
}

}  // namespace featurelab::util

namespace featurelab {

void writeFileAtomically(const std::string& path, const std::string& contents) {
    util::writeTextAtomically(path, contents);
}

}  // namespace featurelab

// writeAtomically: temporary file, fsync, rename, fsync of the folder (POSIX).
#include "util/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
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

void writeAtomically(const std::string& target,
                     const std::function<void(const std::string& tmpPath)>& fill) {
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

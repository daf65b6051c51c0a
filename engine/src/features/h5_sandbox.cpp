// A forked child walks an untrusted HDF5 file before this process reads it (see h5_sandbox.h).
#include "features/h5_sandbox.h"

#include <hdf5.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>

#include "features/hdf5_safety.h"

namespace featurelab::h5sandbox {
namespace {

bool gProbing = false;  // set only in a child, which has one thread

// What identifies one version of a file: a rewrite (the cache's rename, an edit) changes the
// inode or the mtime.
using FileKey = std::tuple<std::string, dev_t, ino_t, off_t, time_t, long>;

std::mutex gResultsMutex;
std::map<FileKey, std::string> gResults;

[[noreturn]] void childMain(int fd, const std::function<void()>& walk) {
    // A crash is an expected outcome here: no core file of this copy of the whole process
    // (hundreds of MB with LibTorch), and none of the parent's handlers for crash signals
    // (QtTest's starts gdb). No memory limit: the reader's own bounds are the same in both
    // processes, and what libhdf5 allocates without touching (class C) costs nothing.
    prctl(PR_SET_DUMPABLE, 0);
    for (const int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(s, SIG_DFL);
    gProbing = true;
    try {
        walk();
    } catch (...) {  // the reader refused the file: the parent's own read says why
    }
    const char done = 1;
    const ssize_t n = write(fd, &done, 1);
    _exit(n == 1 ? 0 : 3);  // no atexit handlers, no destructors of the parent's objects
}

std::string seconds(int ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", ms / 1000.0);
    return buf;
}

/// keep is false when the child could not be made (a passing shortage, not the file's fault).
std::string runChild(const std::function<void()>& walk, int timeoutMs, bool& keep) {
    int fds[2] = {-1, -1};
    pid_t pid = -1;
    int forkErrno = 0;
    {
        // No thread is inside libhdf5 while the child is made (see libraryLock). The pipe is
        // made and its write end closed under the lock too, so no other probe's child holds
        // it: the read end sees end-of-file exactly when this child dies.
        std::unique_lock<std::shared_mutex> lock(libraryLock());
        // Set up libhdf5 here, not in the child: what the child does is lost with it, and
        // this process would pay for it again at its own read.
        h5safe::prepareLibrary();
        H5open();
        h5safe::linkAccess();
        if (pipe2(fds, O_CLOEXEC) != 0) {
            forkErrno = errno;
        } else {
            pid = fork();
            if (pid == 0) {
                close(fds[0]);
                childMain(fds[1], walk);
            }
            if (pid < 0) forkErrno = errno;
            close(fds[1]);
        }
    }
    keep = pid > 0;
    if (pid < 0) {
        if (fds[0] >= 0) close(fds[0]);
        return "it could not be checked in a separate process (" +
               std::string(std::strerror(forkErrno)) + ")";
    }
    // The child writes one byte when its walk is over; end-of-file without it is a death.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    bool finished = false, timedOut = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        pollfd p{fds[0], POLLIN, 0};
        const int r = left > 0 ? poll(&p, 1, int(left)) : 0;
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) timedOut = true;  // a failing poll too: never wait on a child unbounded
        if (r > 0) {
            char done = 0;
            ssize_t n;
            do n = read(fds[0], &done, 1);
            while (n < 0 && errno == EINTR);
            finished = n == 1;
        }
        break;
    }
    close(fds[0]);
    if (timedOut) kill(pid, SIGKILL);
    int status = 0;
    pid_t w;
    do w = waitpid(pid, &status, 0);
    while (w < 0 && errno == EINTR);
    if (finished) return {};
    if (timedOut) return "libhdf5 did not finish reading it within " + seconds(timeoutMs);
    if (w == pid && WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* abbrev = sigabbrev_np(sig);
        return "libhdf5 crashed while reading it (signal " + std::to_string(sig) +
               (abbrev ? std::string(", SIG") + abbrev : std::string()) + ")";
    }
    if (w == pid && WIFEXITED(status))  // e.g. a sanitizer's report in an instrumented build
        return "libhdf5 crashed while reading it (exit status " +
               std::to_string(WEXITSTATUS(status)) + ")";
    return "libhdf5 crashed while reading it";
}

}  // namespace

std::shared_mutex& libraryLock() {
    static std::shared_mutex lock;
    return lock;
}

bool probing() { return gProbing; }

std::string probe(const std::string& path, const std::function<void()>& walk, int timeoutMs) {
    const char* off = std::getenv("FEATURELAB_NO_H5_SANDBOX");
    if (off && std::strcmp(off, "1") == 0) return {};
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return {};  // the reader's own open says what is wrong
    const FileKey key{path,       st.st_dev,         st.st_ino,
                      st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
    {
        std::lock_guard<std::mutex> lock(gResultsMutex);
        const auto it = gResults.find(key);
        if (it != gResults.end()) return it->second;
    }
    bool keep = false;
    std::string why = runChild(walk, timeoutMs, keep);
    std::lock_guard<std::mutex> lock(gResultsMutex);
    if (keep) gResults[key] = why;
    return why;
}

}  // namespace featurelab::h5sandbox

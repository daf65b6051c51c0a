// Device and thread selection for LibTorch, and the process-wide policies (OpenMP wait policy,
// malloc thresholds) that must be in place before any library starts a thread.
#include "featurelab/runtime.h"

#include <dlfcn.h>
#include <malloc.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <torch/torch.h>

#include "featurelab/error.h"
#include "runtime_threads.h"

namespace featurelab {

namespace {

bool inEnvironment(char** envp, const char* name) {
    const std::size_t n = std::strlen(name);
    for (char** e = envp; e && *e; ++e)
        if (std::strncmp(*e, name, n) == 0 && (*e)[n] == '=') return true;
    return false;
}

/// The CPUs the process may run on when it started; restored by restoreCpus().
cpu_set_t gStartCpus;
std::atomic<bool> gCpusNarrowed{false};

/// LibTorch's OpenMP threads (libgomp) spin ~300,000 iterations after every parallel region
/// before they sleep, taking the cycles the decode threads, the UI thread and any other process
/// need: on 2 cores, extraction ran up to 8x slower than with OMP_WAIT_POLICY=PASSIVE while a
/// compiler ran (docs/performance.md). libgomp reads its policy once, in its own constructor,
/// from the environment the process started with: a setenv() here is lost (libc installs the
/// initial environment after this runs) and re-executing the program with the variable set cost
/// 0.17 s of CPU per start (relocating LibTorch twice). What libgomp also does is spin only 100
/// iterations whenever it manages more threads than the CPUs it saw at start-up (its
/// "throttled" spin, made for oversubscribed machines). So libgomp is shown one CPU while it
/// initialises, and restoreCpus() gives the process all of them back before main(): LibTorch
/// still computes on every core, and its idle threads go to sleep after ~100 pauses instead of
/// ~300,000. An explicit OMP_WAIT_POLICY or GOMP_SPINCOUNT is left to libgomp.
void narrowCpusForOpenMp(char** envp) {
    if (inEnvironment(envp, "OMP_WAIT_POLICY") || inEnvironment(envp, "GOMP_SPINCOUNT")) return;
    CPU_ZERO(&gStartCpus);
    if (sched_getaffinity(0, sizeof gStartCpus, &gStartCpus) != 0 || CPU_COUNT(&gStartCpus) < 2)
        return;
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &gStartCpus)) {
            CPU_SET(c, &one);
            break;
        }
    if (sched_setaffinity(0, sizeof one, &one) == 0) gCpusNarrowed = true;
}

/// Gives the process back the CPUs it started with. Runs as the executable's first constructor
/// (after every shared library's) and again from initRuntime; idempotent.
void restoreCpus() {
    if (gCpusNarrowed.exchange(false)) sched_setaffinity(0, sizeof gStartCpus, &gStartCpus);
}

__attribute__((constructor(101))) void restoreCpusAtStart() { restoreCpus(); }

/// Runs from the executable's .preinit_array, before the constructors of every shared library.
/// Nothing the user's environment sets is changed.
void setProcessPolicies(int /*argc*/, char** /*argv*/, char** envp) {
    narrowCpusForOpenMp(envp);
    // glibc returns freed blocks above a moving threshold to the kernel (munmap, heap trim), so
    // every batch's activations and every decoded photo were fresh pages: ~400 minor page
    // faults per image and a third of extract's CPU time in the kernel. Fixed thresholds keep
    // blocks up to 32 MiB in the heap and up to 64 MiB free at its top for reuse.
    if (!inEnvironment(envp, "GLIBC_TUNABLES") && !inEnvironment(envp, "MALLOC_MMAP_THRESHOLD_") &&
        !inEnvironment(envp, "MALLOC_TRIM_THRESHOLD_")) {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
    }
}

// The linker keeps this with initRuntime/currentRuntime: every executable that can run a job
// references them. (A .preinit_array entry is ignored in shared libraries: the engine is static.)
__attribute__((section(".preinit_array"),
               used)) void (*const kSetProcessPolicies)(int, char**, char**) = &setProcessPolicies;

std::string lowerTrimmed(const char* text) {
    std::string s = text ? text : "";
    s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }),
            s.end());
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// "cpu" or "cuda:N": FEATURELAB_DEVICE when set, else the first GPU when LibTorch has CUDA.
std::string resolveDevice() {
    const char* raw = std::getenv("FEATURELAB_DEVICE");
    const std::string want = lowerTrimmed(raw);
    const bool cuda = torch::cuda::is_available();
    if (want.empty() || want == "auto") return cuda ? "cuda:0" : "cpu";
    if (want == "cpu") return "cpu";
    if (want == "cuda" || want.rfind("cuda:", 0) == 0) {
        const std::string index = want == "cuda" ? "0" : want.substr(5);
        const bool digits = !index.empty() && index.size() < 4 &&
                            std::all_of(index.begin(), index.end(),
                                        [](unsigned char c) { return std::isdigit(c); });
        if (digits) {
            if (!cuda)
                throw Error(ErrorCode::InvalidArgument,
                            "FEATURELAB_DEVICE=" + std::string(raw) +
                                ", but this LibTorch has no CUDA or sees no GPU. Unset it to use "
                                "the CPU.");
            const int n = static_cast<int>(torch::cuda::device_count());
            if (std::stoi(index) >= n)
                throw Error(
                    ErrorCode::InvalidArgument,
                    "FEATURELAB_DEVICE=" + std::string(raw) + ", but only " + std::to_string(n) +
                        " GPU(s) are visible (cuda:0 to cuda:" + std::to_string(n - 1) + ").");
            return "cuda:" + index;
        }
    }
    throw Error(ErrorCode::InvalidArgument, "FEATURELAB_DEVICE=" + std::string(raw) +
                                                " is not a device: use cpu, cuda or cuda:N.");
}

}  // namespace

RuntimeInfo currentRuntime() {
    RuntimeInfo info;
    info.device = resolveDevice();
    info.cuda = info.device != "cpu";
    info.intraOpThreads = at::get_num_threads();
    info.description = (info.cuda ? "CUDA (" + info.device + ")" : std::string("CPU")) + ", " +
                       std::to_string(info.intraOpThreads) + " thread" +
                       (info.intraOpThreads == 1 ? "" : "s");
    return info;
}

namespace {

/// OpenBLAS's thread functions, when the process has OpenBLAS (Debian's LibTorch calls whatever
/// libblas.so.3 the system selects): looked up once, at run time, so that no build depends on it.
struct OpenBlas {
    void (*set)(int) = nullptr;
    int (*get)() = nullptr;
    OpenBlas() {
        set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    }
};

const OpenBlas& openBlas() {
    static const OpenBlas blas;
    return blas;
}

}  // namespace

void setComputeThreads(int n) {
    n = std::max(1, n);
    if (at::get_num_threads() != n) at::set_num_threads(n);
}

void setBlasThreads(int n) {
    if (openBlas().set) openBlas().set(std::max(1, n));
}

int blasThreads() { return openBlas().get ? openBlas().get() : 1; }

int computeThreads() { return at::get_num_threads(); }

RuntimeInfo initRuntime(int threads) {
    restoreCpus();  // in case a constructor order ever skipped it: never leave the process on one
                    // CPU
    // Beyond this, OpenMP spends its time creating threads rather than computing (F18).
    if (threads > 1024)
        throw Error(ErrorCode::InvalidArgument,
                    "At most 1024 LibTorch threads (got " + std::to_string(threads) + ").");
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    setComputeThreads(threads);
    return currentRuntime();
}

}  // namespace featurelab

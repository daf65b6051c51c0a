// How many threads LibTorch and the BLAS it calls compute with: one setter for both.
#pragma once

namespace featurelab {

/// Sets LibTorch's intra-op thread count to n (at least 1). Threads started afterwards take the
/// count in force when they start.
void setComputeThreads(int n);

/// LibTorch's intra-op thread count.
int computeThreads();

/// OpenBLAS's own thread pool, which at::set_num_threads leaves alone (a no-op, and 1, when the
/// process's BLAS is not OpenBLAS). It starts at one thread: OpenBLAS sizes it while libgomp is
/// shown one CPU (runtime.cpp), and its idle threads spin on sched_yield for ~0.1 s after every
/// product, so only the training of large dense layers, where it pays, widens it (BlasThreads).
void setBlasThreads(int n);
int blasThreads();

/// setComputeThreads(n) for one scope, then the previous count again. With n = 1 around a
/// BatchLoader whose process() computes, every worker runs its own batch single-threaded:
/// parallel across batches instead of within operations, which on 2 cores beat 2 decode
/// threads + 2 LibTorch threads (docs/performance.md).
class ComputeThreadsGuard {
public:
    explicit ComputeThreadsGuard(int n) : previous_(computeThreads()) {
        if (n > 0 && n != previous_) setComputeThreads(n);
    }
    ~ComputeThreadsGuard() {
        if (computeThreads() != previous_) setComputeThreads(previous_);
    }
    ComputeThreadsGuard(const ComputeThreadsGuard&) = delete;
    ComputeThreadsGuard& operator=(const ComputeThreadsGuard&) = delete;

private:
    int previous_;
};

/// setBlasThreads(n) for one scope, then the previous count again.
class BlasThreadsGuard {
public:
    explicit BlasThreadsGuard(int n) : previous_(blasThreads()) {
        if (n != previous_) setBlasThreads(n);
    }
    ~BlasThreadsGuard() {
        if (blasThreads() != previous_) setBlasThreads(previous_);
    }
    BlasThreadsGuard(const BlasThreadsGuard&) = delete;
    BlasThreadsGuard& operator=(const BlasThreadsGuard&) = delete;

private:
    int previous_;
};

}  // namespace featurelab

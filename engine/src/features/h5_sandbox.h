// Reading untrusted HDF5 in a forked child first: libhdf5 1.10.8 crashes on some damaged files
// in ways no check before the call can prevent (tests/fuzz/README.md, classes A and B), and a
// crash must end a throwaway child, not the CLI or the workbench.
#pragma once

#include <functional>
#include <shared_mutex>
#include <string>

namespace featurelab::h5sandbox {

/// Held shared by every engine function that calls libhdf5, for as long as it does, and
/// exclusively by probe() around fork(). libhdf5 is built thread-safe: one global lock inside
/// it, and a child forked while another thread held that lock would wait for it forever (only
/// the forking thread exists in the child). Never take it inside a probe's walk, and never
/// call probe() while holding it.
std::shared_mutex& libraryLock();

/// True only inside a probe's child. The readers then skip their bulk data reads (weight
/// tensors, cached feature matrices) and what depends on them (the cache's checksum): by
/// then the walk has decoded every piece of metadata those reads use (the dataset's layout and
/// attributes, and through H5Dget_storage_size its whole chunk index), and h5safe has checked
/// that the stored bytes are there. Reading hundreds of MB twice would make the probe cost
/// as much as the read.
bool probing();

/// Runs walk (the reader itself, on path) in a child forked from this thread, and returns ""
/// when the child got through it, whatever walk threw: the caller's own read then gives the
/// reader's error. Returns why otherwise, a clause such as "libhdf5 crashed while reading it
/// (signal 11, SIGSEGV)" or "libhdf5 did not finish reading it within 20 s" (the child is
/// killed then). A child that cannot be started is a refusal too ("could not be checked in a
/// separate process ..."): reading in this process is what the check exists to avoid. Results
/// are kept per (path, device, inode, size, mtime): a file is probed once per process.
/// FEATURELAB_NO_H5_SANDBOX=1 skips the child (for debugging and the fuzz targets, which must
/// see libhdf5's crashes in their own process); "" is returned then.
std::string probe(const std::string& path, const std::function<void()>& walk,
                  int timeoutMs = 20000);

}  // namespace featurelab::h5sandbox

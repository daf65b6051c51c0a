// Guards for reading untrusted HDF5 files (Keras weights, feature caches): only hard links inside
// the file, no external or virtual storage, scalar attributes of the expected type, and declared
// sizes checked against the bytes the file really stores before anything is allocated.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace featurelab::h5safe {

/// Run before the first HDF5 call of every reader and writer (and, for readers elsewhere, at
/// static initialisation): turns off HDF5's error printing and keeps libhdf5 from registering
/// its atexit handler. libhdf5 1.10 leaves a file's ID registered, pointing at freed memory,
/// when H5Fclose fails (after a write that found the disk full, the close's own flush fails
/// too), and that handler (H5_term_library -> H5F__close_cb) then crashes the process at
/// exit. The engine closes every handle it opens (RAII), so the handler has nothing to do.
void prepareLibrary();

/// A link access list whose external-link callback refuses to open another file: passed to
/// every H5Gopen2/H5Dopen2/H5Lexists so that no external link can be followed, even by
/// accident. Created once, never closed.
hid_t linkAccess();

/// H5Fopen read-only with HDF5's error printing off. Returns < 0 on failure.
hid_t openReadOnly(const std::string& path);

/// Why the link `name` in parent may not be followed ("" when it is a hard link). name is one
/// path component: it may not be empty, ".", ".." or contain '/'.
std::string linkProblem(hid_t parent, const std::string& name);

/// Opens a group or dataset by a '/'-separated path below parent, one component at a time,
/// each of which must be a hard link. Returns < 0 and sets why on failure.
hid_t openGroupPath(hid_t parent, const std::string& path, std::string& why);
hid_t openDatasetPath(hid_t parent, const std::string& path, std::string& why);

/// Why the dataset's storage may not be read ("" when it is plain data in this file): external
/// raw storage, a virtual dataset, storage sizes larger than the whole file, or more declared
/// data than the file holds for it (at most kMaxCompression times its stored bytes when
/// filtered, exactly the stored bytes otherwise).
std::string storageProblem(hid_t dataset);
constexpr std::uint64_t kMaxCompression = 1100;  // deflate's ratio is at most ~1032:1

/// The dataset's dimensions (rank 0 for a scalar, none for a null space); false with why
/// when the space cannot be read, has more than maxRank dimensions, or overflows 2^62 elements.
bool datasetDims(hid_t dataset, std::vector<std::uint64_t>& dims, int maxRank, std::string& why);

/// Whether an attribute's dataspace is scalar (or a 1-element simple space when allowOne).
bool attrIsScalar(hid_t attr, bool allowOne = true);

/// Element count of an attribute's dataspace (0 for null), -1 on error.
std::int64_t attrPoints(hid_t attr);

}  // namespace featurelab::h5safe

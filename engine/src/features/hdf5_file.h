// A thin RAII layer over the HDF5 C API for the feature cache: handles that close themselves,
// typed dataset/attribute helpers, and every failure turned into a featurelab::Error.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace featurelab::h5 {

/// Owns one hid_t and closes it with the matching H5xclose.
class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return id_; }
    void reset();

private:
    hid_t id_ = -1;
    herr_t (*close_)(hid_t) = nullptr;
};

/// Bounds on what a cache may declare, checked before anything is allocated: far above any
/// real dataset (a million images, VGG16's 25,088-wide flatten) and far below a memory bomb.
constexpr std::uint64_t kMaxRows = 50'000'000;
constexpr std::uint64_t kMaxFeatureWidth = 1u << 20;
/// Bytes of one text list (all paths of a split): 50 million paths of 80 bytes.
constexpr std::uint64_t kMaxTextBytes = std::uint64_t(4) << 30;

/// Turns off HDF5's automatic error printing (the engine never prints) and its exit handler
/// (h5safe::prepareLibrary). Idempotent.
void silenceErrors();

/// Throws Error(BadCache) naming what failed when id < 0 (used for reads: a file that does
/// not read back is a bad cache) or Error(Io) when forWrite.
hid_t check(hid_t id, const std::string& what, bool forWrite = false);

/// Read-only. Every group and dataset is then opened through hard links only, and datasets
/// with external or virtual storage, or more declared data than stored, are refused
/// (features/hdf5_safety.h), all as Error(BadCache).
Handle openFile(const std::string& path);
Handle createFile(const std::string& path);  // truncates
Handle openGroup(hid_t parent, const std::string& name);
Handle createGroup(hid_t parent, const std::string& name);
bool exists(hid_t parent, const std::string& name);
std::vector<std::string> childNames(hid_t group);

/// A scalar fixed-length UTF-8 string. The reader refuses variable-length strings (and every
/// other variable-length type) with Error(BadCache): they live in the file's global heap,
/// which libhdf5 trusts (an over-read or a hang in H5HG_read on a crafted file).
void writeStringAttr(hid_t obj, const std::string& name, const std::string& value);
std::string readStringAttr(hid_t obj, const std::string& name);
void writeIntAttr(hid_t obj, const std::string& name, std::int64_t value);
std::int64_t readIntAttr(hid_t obj, const std::string& name);

/// float32 [rows, cols], chunked by up to 256 rows; gzip level 4 when compress.
void writeFloatMatrix(hid_t parent, const std::string& name, const float* data, std::size_t rows,
                      std::size_t cols, bool compress);
/// Reads a 2-D float32 dataset; throws Error(BadCache) for another rank or type.
/// When expectedRows is given, another row count is refused before anything is allocated.
std::vector<float> readFloatMatrix(hid_t parent, const std::string& name, std::size_t& rows,
                                   std::size_t& cols,
                                   std::size_t expectedRows = static_cast<std::size_t>(-1));
void writeInt64(hid_t parent, const std::string& name, const std::vector<std::int64_t>& v);
std::vector<std::int64_t> readInt64(hid_t parent, const std::string& name);
/// A list of texts as two datasets: name (uint8, the UTF-8 bytes of all texts one after the
/// other) and name + "_lengths" (int64, each text's length in bytes). Not HDF5 strings: a
/// fixed-length string list would cost count x longest, and variable-length ones live in the
/// global heap (see readStringAttr). The reader checks that the lengths add up to the bytes
/// before allocating, and refuses variable-length data; Error(BadCache) otherwise.
void writeStrings(hid_t parent, const std::string& name, const std::vector<std::string>& v);
std::vector<std::string> readStrings(hid_t parent, const std::string& name);

}  // namespace featurelab::h5

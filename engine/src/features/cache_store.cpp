// Feature cache file format (HDF5): validation on read, temp file + rename on write.
#include "features/cache_store.h"
#include "util/atomic_file.h"

#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "featurelab/error.h"
#include "features/h5_sandbox.h"
#include "features/hdf5_file.h"

namespace featurelab {
namespace {

void require(bool ok, const std::string& split, const std::string& what) {
    if (!ok) throw Error(ErrorCode::BadCache, "split " + split + ": " + what);
}

/// A 64-bit hash over 8-byte words (multiply-rotate, as in xxHash): about 4 GB/s, so that a
/// 100 MB split costs ~25 ms to verify. Not a defence against forgery, only against damage.
class Hasher {
public:
    void bytes(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        std::uint64_t w;
        for (; n >= 8; p += 8, n -= 8) {
            std::memcpy(&w, p, 8);
            mix(w);
        }
        w = 0;
        std::memcpy(&w, p, n);
        mix(w ^ (std::uint64_t(n) << 56));
    }
    void text(const std::string& s) {
        word(s.size());
        bytes(s.data(), s.size());
    }
    void word(std::uint64_t v) { mix(v); }
    std::uint64_t value() const { return h_ ^ (h_ >> 29); }

private:
    void mix(std::uint64_t w) {
        h_ ^= w * 0xC2B2AE3D27D4EB4Full;
        h_ = ((h_ << 31) | (h_ >> 33)) * 0x9E3779B185EBCA87ull + 0x165667B19E3779F9ull;
    }
    std::uint64_t h_ = 0x27D4EB2F165667C5ull;
};

/// Binds every row's features to its path, label, size and mtime, in order: zeroed, rotated
/// or truncated rows, or a changed width, give another value.
std::int64_t splitChecksum(const CachedSplit& s) {
    Hasher h;
    h.word(s.dim);
    h.word(s.rows());
    for (std::size_t i = 0; i < s.rows(); ++i) {
        h.text(s.paths[i]);
        h.word(std::uint64_t(s.labels[i]));
        h.word(std::uint64_t(s.sizes[i]));
        h.word(std::uint64_t(s.mtimes[i]));
    }
    h.bytes(s.features.data(), s.features.size() * sizeof(float));
    for (const auto& c : s.classNames) h.text(c);
    for (std::size_t i = 0; i < s.badPaths.size(); ++i) {
        h.text(s.badPaths[i]);
        h.text(s.badReasons[i]);
        h.word(std::uint64_t(s.badSizes[i]));
        h.word(std::uint64_t(s.badMtimes[i]));
    }
    return static_cast<std::int64_t>(h.value());
}

CachedSplit readSplit(hid_t file, const std::string& name) {
    h5::Handle g = h5::openGroup(file, name);
    CachedSplit s;
    std::size_t rows = 0;
    // The path list first: the features' declared row count must match it before the
    // (largest) dataset is allocated.
    s.paths = h5::readStrings(g.get(), "paths");
    s.features = h5::readFloatMatrix(g.get(), "features", rows, s.dim, s.paths.size());
    s.labels = h5::readInt64(g.get(), "labels");
    s.sizes = h5::readInt64(g.get(), "sizes");
    s.mtimes = h5::readInt64(g.get(), "mtimes");
    s.classNames = h5::readStrings(g.get(), "class_names");
    s.badPaths = h5::readStrings(g.get(), "bad_paths");
    s.badReasons = h5::readStrings(g.get(), "bad_reasons");
    s.badSizes = h5::readInt64(g.get(), "bad_sizes");
    s.badMtimes = h5::readInt64(g.get(), "bad_mtimes");
    require(rows == s.paths.size() && rows == s.labels.size() && rows == s.sizes.size() &&
                rows == s.mtimes.size(),
            name, "features, paths, labels, sizes and mtimes disagree on the image count");
    require(rows == 0 || s.dim > 0, name, "features have zero width");
    require(s.badPaths.size() == s.badReasons.size() && s.badPaths.size() == s.badSizes.size() &&
                s.badPaths.size() == s.badMtimes.size(),
            name, "the bad-file lists disagree in length");
    const std::int64_t checksum = h5::readIntAttr(g.get(), "checksum");
    // A probe's child has not read the features (h5sandbox::probing), so it cannot compare.
    require(h5sandbox::probing() || checksum == splitChecksum(s), name,
            "the checksum does not match its contents (damaged or edited)");
    return s;
}

CacheContents readFeatureCacheUnchecked(const std::string& path, const std::string& key) {
    h5::Handle f = h5::openFile(path);
    const std::int64_t version = h5::readIntAttr(f.get(), "format_version");
    // First: an older version's layout (version 2's variable-length strings) is never read.
    if (version != kFeatureCacheVersion)
        throw Error(ErrorCode::BadCache,
                    "format version " + std::to_string(version) + ", this build reads only " +
                        std::to_string(kFeatureCacheVersion) +
                        (version < kFeatureCacheVersion ? " (an older Featurelab wrote it)" : ""));
    CacheContents c;
    c.key = h5::readStringAttr(f.get(), "key");
    if (c.key != key) throw Error(ErrorCode::BadCache, "written for another key");
    for (const std::string& name : h5::childNames(f.get()))
        c.splits[name] = readSplit(f.get(), name);
    return c;
}

}  // namespace

CacheContents readFeatureCache(const std::string& path, const std::string& key) {
    // Every reason names the file: the caller reports it and rebuilds. A crash inside libhdf5
    // ends the probe's child, and is one more reason.
    const std::string crash = h5sandbox::probe(path, [&] { readFeatureCacheUnchecked(path, key); });
    if (!crash.empty()) throw Error(ErrorCode::BadCache, path + ": " + crash);
    std::shared_lock<std::shared_mutex> lock(h5sandbox::libraryLock());
    try {
        return readFeatureCacheUnchecked(path, key);
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCode::BadCache, path + ": it declares more data than fits in memory");
    } catch (const Error& e) {
        throw Error(e.code(), path + ": " + e.what());
    } catch (const std::exception&) {  // std::length_error and the like: a corrupt layout
        throw Error(ErrorCode::BadCache, path + ": its layout is corrupt");
    }
}

void writeFeatureCache(const std::string& path, const CacheContents& c, bool compress) {
    namespace fs = std::filesystem;
    const fs::path target = fs::u8path(path);
    std::shared_lock<std::shared_mutex> lock(h5sandbox::libraryLock());
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec)
        throw Error(ErrorCode::Io, "Cannot create the cache folder " +
                                       target.parent_path().string() + ": " + ec.message());
    // The one atomic writer: a temporary file, fsync, rename. A killed or failed write leaves
    // the previous cache (or none), never half a file that looks complete.
    util::writeAtomically(path, [&](const std::string& tmp) {
        h5::Handle f = h5::createFile(tmp);
        h5::writeIntAttr(f.get(), "format_version", kFeatureCacheVersion);
        h5::writeStringAttr(f.get(), "key", c.key);
        for (const auto& [name, s] : c.splits) {
            h5::Handle g = h5::createGroup(f.get(), name);
            h5::writeFloatMatrix(g.get(), "features", s.features.data(), s.rows(), s.dim, compress);
            h5::writeStrings(g.get(), "paths", s.paths);
            h5::writeInt64(g.get(), "labels", s.labels);
            h5::writeInt64(g.get(), "sizes", s.sizes);
            h5::writeInt64(g.get(), "mtimes", s.mtimes);
            h5::writeStrings(g.get(), "class_names", s.classNames);
            h5::writeStrings(g.get(), "bad_paths", s.badPaths);
            h5::writeStrings(g.get(), "bad_reasons", s.badReasons);
            h5::writeInt64(g.get(), "bad_sizes", s.badSizes);
            h5::writeInt64(g.get(), "bad_mtimes", s.badMtimes);
            h5::writeIntAttr(g.get(), "checksum", splitChecksum(s));
        }
        h5::check(H5Fflush(f.get(), H5F_SCOPE_GLOBAL), "flush " + tmp, true);
    });
}

}  // namespace featurelab

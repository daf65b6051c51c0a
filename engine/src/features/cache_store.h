// The feature cache's file format: reading with validation, and crash-safe writing.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace featurelab {

/// Bump when the layout below changes; files with another version are rebuilt.
/// 2: a checksum attribute per split group, verified on read.
/// 3: no variable-length strings (libhdf5 trusts their global heap; a crafted one over-reads
///    or hangs inside H5HG_read): the key is a fixed-length string, each text list a byte
///    dataset plus a <name>_lengths dataset (hdf5_file.h). Version 2 files are rebuilt.
constexpr std::int64_t kFeatureCacheVersion = 3;

/// One split as stored: /<split>/{features [N,D] float32, labels, paths, sizes, mtimes,
/// class_names, bad_paths, bad_reasons, bad_sizes, bad_mtimes}; paths, class_names, bad_paths
/// and bad_reasons are text lists (h5::writeStrings: bytes + "_lengths"). Per-image size and
/// mtime are datasets rather than attributes because HDF5 attributes are limited to 64 KiB.
struct CachedSplit {
    std::size_t dim = 0;
    std::vector<float> features;  // rows * dim
    std::vector<std::string> paths;
    std::vector<std::int64_t> labels, sizes, mtimes;
    std::vector<std::string> classNames;
    // Files that failed to decode, remembered so that an unchanged bad file is not retried.
    std::vector<std::string> badPaths, badReasons;
    std::vector<std::int64_t> badSizes, badMtimes;
    // Stored as the split group's "checksum" attribute: a hash of all of the above in order.
    std::size_t rows() const { return paths.size(); }
};

struct CacheContents {
    std::string key;
    std::map<std::string, CachedSplit> splits;
};

/// Reads and validates the whole file. Throws Error(BadCache) with the reason when it is not
/// HDF5, truncated, another version or key, has inconsistent shapes, declares more than it
/// stores, uses links or storage outside the file, holds variable-length strings (never read:
/// they are how version 2 stored text), or a split's checksum does not match. The version is
/// checked before anything else is read.
CacheContents readFeatureCache(const std::string& path, const std::string& key);

/// Writes through util::writeAtomically (path + ".tmp-<pid>-<n>", fsync, rename), so a crash
/// never leaves a half file under the real name; a killed writer's temporary is removed later
/// (util::removeStaleTemporaries). Throws Error(Io).
void writeFeatureCache(const std::string& path, const CacheContents& contents, bool compress);

}  // namespace featurelab

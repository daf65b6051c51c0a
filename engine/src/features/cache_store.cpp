// Feature cache file format (HDF5): validation on read, temp file + rename on write.
#include "features/cache_store.h"

#include <unistd.h>

#include <filesystem>

#include "featurelab/error.h"
#include "features/hdf5_file.h"

namespace featurelab {
namespace {

void require(bool ok, const std::string& split, const std::string& what) {
    if (!ok) throw Error(ErrorCode::BadCache, "split " + split + ": " + what);
}

CachedSplit readSplit(hid_t file, const std::string& name) {
    h5::Handle g = h5::openGroup(file, name);
    CachedSplit s;
    std::size_t rows = 0;
    s.features = h5::readFloatMatrix(g.get(), "features", rows, s.dim);
    s.paths = h5::readStrings(g.get(), "paths");
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
    return s;
}

}  // namespace

CacheContents readFeatureCache(const std::string& path, const std::string& key) {
    h5::Handle f = h5::openFile(path);
    const std::int64_t version = h5::readIntAttr(f.get(), "format_version");
    if (version != kFeatureCacheVersion)
        throw Error(ErrorCode::BadCache, "format version " + std::to_string(version) +
                                             ", expected " + std::to_string(kFeatureCacheVersion));
    CacheContents c;
    c.key = h5::readStringAttr(f.get(), "key");
    if (c.key != key) throw Error(ErrorCode::BadCache, "written for another key");
    for (const std::string& name : h5::childNames(f.get()))
        c.splits[name] = readSplit(f.get(), name);
    return c;
}

void writeFeatureCache(const std::string& path, const CacheContents& c, bool compress) {
    namespace fs = std::filesystem;
    const fs::path target = fs::u8path(path);
    const fs::path tmp = fs::u8path(path + ".tmp-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec)
        throw Error(ErrorCode::Io, "Cannot create the cache folder " +
                                       target.parent_path().string() + ": " + ec.message());
    try {
        h5::Handle f = h5::createFile(tmp.string());
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
        }
        h5::check(H5Fflush(f.get(), H5F_SCOPE_GLOBAL), "flush " + tmp.string(), true);
        f.reset();
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error(ErrorCode::Io, "Cannot move the new feature cache into place at " + path +
                                       ": " + ec.message());
    }
}

}  // namespace featurelab

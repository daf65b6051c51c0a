// Refusing what an untrusted HDF5 file could use to read other files or exhaust memory.
#include "features/hdf5_safety.h"
#include "features/h5_sandbox.h"

#include <zlib.h>

#include <cstdio>
#include <mutex>

namespace featurelab::h5safe {
namespace {

// External links name another file (any file the user can read); following one would copy
// its contents into whatever the product writes next.
herr_t refuseExternalLink(const char*, const char*, const char*, const char*, unsigned*, hid_t,
                          void*) {
    return -1;
}

// Before main, so before anything in the process can initialise libhdf5 (H5dont_atexit only
// works before that): see prepareLibrary.
const bool kNoAtexitHandler = H5dont_atexit() >= 0;

void silence() {
    static std::once_flag once;
    std::call_once(once, [] {
        (void)kNoAtexitHandler;
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    });
}

/// A byte count for a message: exact below 2^64, three digits above (a dataspace can declare
/// up to 2^63 elements of any size, and converting more than 2^64 to an integer is undefined).
std::string byteCount(long double n) {
    if (n < 18446744073709551616.0L) return std::to_string(static_cast<unsigned long long>(n));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3Lg", n);
    return buf;
}

/// How many bytes a zlib stream inflates to, counting no further than limit + 1; -1 when it is
/// not one complete stream (libhdf5's deflate filter fails on those too).
long long inflatedSize(const unsigned char* in, std::uint64_t n, std::uint64_t limit) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return -1;
    unsigned char out[1 << 14];
    std::uint64_t total = 0;
    int rc = Z_OK;
    while (rc == Z_OK && total <= limit) {
        if (z.avail_in == 0 && n > 0) {  // fed in slices: avail_in is 32 bits
            z.next_in = const_cast<Bytef*>(in);
            z.avail_in = static_cast<uInt>(std::min<std::uint64_t>(n, 1u << 30));
            in += z.avail_in;
            n -= z.avail_in;
        }
        z.next_out = out;
        z.avail_out = sizeof out;
        rc = inflate(&z, Z_NO_FLUSH);
        total += sizeof out - z.avail_out;
        if (rc == Z_BUF_ERROR && z.avail_in == 0 && n == 0) break;  // truncated
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END || total > limit ? static_cast<long long>(total) : -1;
}

/// libhdf5 1.10.8 copies a chunk out of its filters' output by the size the chunk's shape
/// declares, without checking how many bytes the filters produced: a deflated chunk that
/// inflates to less makes H5Dread over-read the heap (found by fuzz_feature_cache; a plain
/// H5Dread of a 256x256 chunk whose stream inflates to 8 bytes shows it). No property
/// prevents it, so before any read every stored chunk is inflated here, counting bytes. Only
/// deflate and shuffle (same size out as in) are accepted: what h5py's gzip option and the
/// feature cache's --compress write; libhdf5's other decoders are never run.
std::string filterProblem(hid_t ds, hid_t dcpl, std::size_t typeSize, hsize_t fileSize) {
    const int filters = H5Pget_nfilters(dcpl);
    int deflateAt = -1;
    for (int i = 0; i < filters; ++i) {
        unsigned flags = 0, config = 0;
        std::size_t values = 0;
        const H5Z_filter_t id =
            H5Pget_filter2(dcpl, unsigned(i), &flags, &values, nullptr, 0, nullptr, &config);
        if (id == H5Z_FILTER_DEFLATE && deflateAt < 0)
            deflateAt = i;
        else if (id != H5Z_FILTER_SHUFFLE)
            return "it is stored through HDF5 filter " + std::to_string(id) +
                   ", which is never run (only deflate and shuffle are)";
    }
    const int rank = H5Pget_chunk(dcpl, 0, nullptr);
    std::vector<hsize_t> chunk(static_cast<std::size_t>(std::max(rank, 0)));
    if (rank <= 0 || H5Pget_chunk(dcpl, rank, chunk.data()) != rank)
        return "its chunk shape cannot be read";
    long double chunkBytes = static_cast<long double>(typeSize);
    for (const hsize_t d : chunk) chunkBytes *= static_cast<long double>(d);
    if (chunkBytes <= 0 || chunkBytes > static_cast<long double>(std::uint64_t(1) << 32))
        return "its chunks declare " + byteCount(chunkBytes) + " bytes (HDF5 allows 1 to 4 GiB)";
    const auto expected = static_cast<long long>(chunkBytes);
    const hid_t space = H5Dget_space(ds);
    hsize_t count = 0;
    std::string why;
    if (space < 0 || H5Dget_num_chunks(ds, space, &count) < 0) why = "its chunks cannot be listed";
    std::vector<hsize_t> offset(chunk.size());
    std::vector<unsigned char> raw;
    // Costs about one more H5Dread of the data (200,000 x 512 compressed: 1.7 s check, 1.4 s
    // read). H5Dget_chunk_info walks the index to the i-th chunk, quadratic but 18 ms there.
    for (hsize_t i = 0; why.empty() && i < count; ++i) {
        unsigned mask = 0;
        haddr_t addr = 0;
        hsize_t size = 0;
        std::uint32_t readMask = 0;
        if (H5Dget_chunk_info(ds, space, i, offset.data(), &mask, &addr, &size) < 0 ||
            size > fileSize) {
            why = "its chunk index is damaged";
            break;
        }
        raw.resize(static_cast<std::size_t>(size));
        if (size > 0 && H5Dread_chunk(ds, H5P_DEFAULT, offset.data(), &readMask, raw.data()) < 0) {
            why = "a chunk of it cannot be read (the file may be truncated)";
            break;
        }
        const bool deflated = deflateAt >= 0 && !(mask & (1u << deflateAt));
        // Inflating is zlib's work, not libhdf5's: a probe's child leaves it to the real read.
        const long long bytes =
            deflated
                ? (h5sandbox::probing() ? expected
                                        : inflatedSize(raw.data(), size, std::uint64_t(expected)))
                : static_cast<long long>(size);
        if (bytes != expected)
            why = "a chunk of it holds " +
                  (bytes < 0 ? std::string("a damaged deflate stream")
                             : std::to_string(bytes) + " bytes" + (deflated ? " inflated" : "")) +
                  " where its shape declares " + std::to_string(expected) + " (corrupt)";
    }
    if (space >= 0) H5Sclose(space);
    return why;
}

std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t slash = path.find('/', start);
        out.push_back(path.substr(start, slash == std::string::npos ? slash : slash - start));
        if (slash == std::string::npos) return out;
        start = slash + 1;
    }
}

}  // namespace

namespace {

// Dataset and group access lists are link access lists too (HDF5 derives their classes), and
// H5Dopen2/H5Gopen2 accept only their own class.
hid_t accessList(hid_t cls) {
    silence();
    const hid_t l = H5Pcreate(cls);
    if (l >= 0) H5Pset_elink_cb(l, refuseExternalLink, nullptr);
    return l;
}

hid_t datasetAccess() {
    static const hid_t dapl = accessList(H5P_DATASET_ACCESS);
    return dapl;
}

hid_t groupAccess() {
    static const hid_t gapl = accessList(H5P_GROUP_ACCESS);
    return gapl;
}

}  // namespace

void prepareLibrary() { silence(); }

hid_t linkAccess() {
    static const hid_t lapl = accessList(H5P_LINK_ACCESS);
    return lapl;
}

hid_t openReadOnly(const std::string& path) {
    silence();
    // Default file access: every open of one file must use the same close degree, and two
    // threads may read the same weights file at once (the workbench's query thread and a job).
    return H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
}

std::string linkProblem(hid_t parent, const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        return "'" + name + "' is not a plain object name";
    if (H5Lexists(parent, name.c_str(), linkAccess()) <= 0) return "'" + name + "' does not exist";
    H5L_info_t info;
    if (H5Lget_info(parent, name.c_str(), &info, linkAccess()) < 0)
        return "'" + name + "' cannot be read";
    if (info.type == H5L_TYPE_EXTERNAL)
        return "'" + name + "' is an external link to another file, which is never followed";
    if (info.type != H5L_TYPE_HARD)
        return "'" + name + "' is a soft or user-defined link, which is never followed";
    return {};
}

namespace {

hid_t openPath(hid_t parent, const std::string& path, bool dataset, std::string& why) {
    const auto parts = components(path);
    hid_t cur = parent;
    bool own = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        why = linkProblem(cur, parts[i]);
        hid_t next = -1;
        if (why.empty()) {
            const bool last = i + 1 == parts.size();
            next = last && dataset ? H5Dopen2(cur, parts[i].c_str(), datasetAccess())
                                   : H5Gopen2(cur, parts[i].c_str(), groupAccess());
            if (next < 0)
                why = "'" + parts[i] + "' cannot be opened as a " +
                      (last && dataset ? "dataset" : "group");
        }
        if (own) H5Gclose(cur);
        if (next < 0) return -1;
        cur = next;
        own = true;
    }
    return cur;
}

}  // namespace

hid_t openGroupPath(hid_t parent, const std::string& path, std::string& why) {
    return openPath(parent, path, false, why);
}

hid_t openDatasetPath(hid_t parent, const std::string& path, std::string& why) {
    return openPath(parent, path, true, why);
}

namespace {

std::string checkStorage(hid_t ds, hid_t dcpl) {
    const int external = H5Pget_external_count(dcpl);
    const H5D_layout_t layout = H5Pget_layout(dcpl);
    const int filters = H5Pget_nfilters(dcpl);
    if (external != 0)
        return "it keeps its data in another file (HDF5 external storage), which is never read";
    if (layout == H5D_VIRTUAL)
        return "it is a virtual dataset (data mapped from other files), which is never read";
    if (layout < 0 || filters < 0) return "its storage layout cannot be read";
    const hid_t space = H5Dget_space(ds), type = H5Dget_type(ds);
    const hssize_t points = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    const std::size_t typeSize = type >= 0 ? H5Tget_size(type) : 0;
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (points < 0 || typeSize == 0) return "its shape or type cannot be read";
    if (points == 0) return {};
    const long double declared = static_cast<long double>(points) * typeSize;
    const long double stored = static_cast<long double>(H5Dget_storage_size(ds));
    if (stored <= 0) return "it declares data that the file does not store";
    // Storage sizes come from the file (a chunk's size from its B-tree record): libhdf5
    // allocates a chunk's buffer by it before reading, so a record claiming 4 GiB in a 20 KB
    // file costs a 4 GiB allocation (found by fuzz_feature_cache). Real storage is in the file.
    hsize_t fileSize = 0;
    const hid_t file = H5Iget_file_id(ds);
    const bool sized = file >= 0 && H5Fget_filesize(file, &fileSize) >= 0;
    if (file >= 0) H5Fclose(file);
    if (!sized) return "the size of its file cannot be read";
    if (stored > static_cast<long double>(fileSize))
        return "it claims " + byteCount(stored) + " bytes of storage in a file of " +
               byteCount(fileSize) + " bytes (corrupt)";
    const long double limit = filters > 0 ? stored * kMaxCompression : stored;
    if (layout != H5D_COMPACT && declared > limit)
        return "it declares " + byteCount(declared) + " bytes but the file stores " +
               byteCount(stored) + (filters > 0 ? " compressed" : "") +
               " (corrupt, or a decompression bomb)";
    if (filters > 0) return filterProblem(ds, dcpl, typeSize, fileSize);
    return {};
}

}  // namespace

std::string storageProblem(hid_t ds) {
    const hid_t dcpl = H5Dget_create_plist(ds);
    if (dcpl < 0) return "its storage properties cannot be read";
    const std::string why = checkStorage(ds, dcpl);
    H5Pclose(dcpl);
    return why;
}

bool datasetDims(hid_t ds, std::vector<std::uint64_t>& dims, int maxRank, std::string& why) {
    dims.clear();
    const hid_t space = H5Dget_space(ds);
    if (space < 0) {
        why = "its shape cannot be read";
        return false;
    }
    const int rank = H5Sget_simple_extent_ndims(space);
    bool ok = rank >= 0 && rank <= maxRank;
    if (!ok)
        why = rank < 0 ? "its shape cannot be read"
                       : "it has " + std::to_string(rank) + " dimensions";
    if (ok && rank > 0) {
        std::vector<hsize_t> d(static_cast<std::size_t>(rank));
        ok = H5Sget_simple_extent_dims(space, d.data(), nullptr) == rank;
        long double n = 1;
        for (hsize_t v : d) n *= static_cast<long double>(v);
        if (ok && n > static_cast<long double>(std::uint64_t(1) << 62)) {
            ok = false;
            why = "its declared shape is absurdly large";
        }
        dims.assign(d.begin(), d.end());
        if (!ok && why.empty()) why = "its shape cannot be read";
    }
    H5Sclose(space);
    return ok;
}

bool attrIsScalar(hid_t attr, bool allowOne) {
    const hid_t space = H5Aget_space(attr);
    if (space < 0) return false;
    const H5S_class_t cls = H5Sget_simple_extent_type(space);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    const int rank = H5Sget_simple_extent_ndims(space);
    H5Sclose(space);
    if (cls == H5S_SCALAR) return true;
    return allowOne && cls == H5S_SIMPLE && rank == 1 && n == 1;
}

std::int64_t attrPoints(hid_t attr) {
    const hid_t space = H5Aget_space(attr);
    if (space < 0) return -1;
    const H5S_class_t cls = H5Sget_simple_extent_type(space);
    const hssize_t n = cls == H5S_NULL ? 0 : H5Sget_simple_extent_npoints(space);
    H5Sclose(space);
    return n;
}

}  // namespace featurelab::h5safe

// HDF5 C API helpers for the feature cache. Every failure becomes a featurelab::Error.
#include "features/hdf5_file.h"

#include <algorithm>
#include <cstring>

#include "featurelab/error.h"
#include "features/h5_sandbox.h"
#include "features/hdf5_safety.h"

namespace featurelab::h5 {
namespace {

/// Fixed-length UTF-8 text of size bytes, NUL padded: what the cache writes for its key.
Handle fixedStringType(std::size_t size, bool forWrite) {
    Handle t(check(H5Tcopy(H5T_C_S1), "string type", forWrite), H5Tclose);
    check(H5Tset_size(t.get(), std::max<std::size_t>(size, 1)), "string type", forWrite);
    H5Tset_strpad(t.get(), H5T_STR_NULLPAD);
    H5Tset_cset(t.get(), H5T_CSET_UTF8);
    return t;
}

/// Refuses what the cache never reads: variable-length strings live in the file's global
/// heap, and libhdf5 follows a heap collection's sizes and offsets without checking them
/// (H5HG_read over-reads or loops on a crafted one). No check before the call can prevent it.
void refuseVariableLength(hid_t type, const std::string& what) {
    if (H5Tget_class(type) == H5T_VLEN ||
        (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0))
        throw Error(ErrorCode::BadCache,
                    what +
                        " holds variable-length data (an older cache format, or not one "
                        "of ours), which is never read");
}

Handle space1d(std::size_t n, bool forWrite) {
    const hsize_t dims[1] = {hsize_t(n)};
    return Handle(check(H5Screate_simple(1, dims, nullptr), "dataspace", forWrite), H5Sclose);
}

/// Opens name (a hard link to plain data in this file) and checks it is 1-D (returns its
/// length) or 2-D.
Handle openDataset(hid_t parent, const std::string& name, int rank, hsize_t* dims) {
    std::string why;
    Handle ds(h5safe::openDatasetPath(parent, name, why), H5Dclose);
    if (ds.get() < 0) throw Error(ErrorCode::BadCache, "dataset " + name + ": " + why);
    why = h5safe::storageProblem(ds.get());
    if (!why.empty()) throw Error(ErrorCode::BadCache, "dataset " + name + ": " + why);
    std::vector<std::uint64_t> d;
    if (!h5safe::datasetDims(ds.get(), d, 2, why))
        throw Error(ErrorCode::BadCache, "dataset " + name + ": " + why);
    if (int(d.size()) != rank)
        throw Error(ErrorCode::BadCache, "dataset " + name + " has the wrong rank");
    for (int i = 0; i < rank; ++i) dims[i] = d[std::size_t(i)];
    return ds;
}

/// Opens attribute name, which must be scalar (a one-element array is an attack, not data:
/// H5Aread would write every element into one variable).
Handle openScalarAttr(hid_t obj, const std::string& name) {
    Handle a(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "attribute " + name), H5Aclose);
    if (!h5safe::attrIsScalar(a.get(), false))
        throw Error(ErrorCode::BadCache, "attribute " + name + " is not a single value");
    return a;
}

void writeDataset(hid_t parent, const std::string& name, hid_t fileType, hid_t memType, hid_t space,
                  hid_t dcpl, const void* data) {
    Handle ds(
        check(H5Dcreate2(parent, name.c_str(), fileType, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
              "create " + name, true),
        H5Dclose);
    if (data)  // nullptr: an empty dataset, nothing to write
        check(H5Dwrite(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + name,
              true);
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
    if (this != &o) {
        reset();
        id_ = o.id_;
        close_ = o.close_;
        o.id_ = -1;
    }
    return *this;
}

void Handle::reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = -1;
}

void silenceErrors() { h5safe::prepareLibrary(); }

hid_t check(hid_t id, const std::string& what, bool forWrite) {
    if (id >= 0) return id;
    if (forWrite) throw Error(ErrorCode::Io, "HDF5 write failed: " + what);
    throw Error(ErrorCode::BadCache, "HDF5 read failed: " + what);
}

Handle openFile(const std::string& path) {
    silenceErrors();
    return Handle(
        check(h5safe::openReadOnly(path), "cannot open as HDF5 (truncated or not an HDF5 file)"),
        H5Fclose);
}

Handle createFile(const std::string& path) {
    silenceErrors();
    return Handle(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                        "cannot create " + path, true),
                  H5Fclose);
}

Handle openGroup(hid_t parent, const std::string& name) {
    std::string why;
    Handle g(h5safe::openGroupPath(parent, name, why), H5Gclose);
    if (g.get() < 0) throw Error(ErrorCode::BadCache, "group " + name + ": " + why);
    return g;
}

Handle createGroup(hid_t parent, const std::string& name) {
    return Handle(check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                        "create group " + name, true),
                  H5Gclose);
}

bool exists(hid_t parent, const std::string& name) {
    return H5Lexists(parent, name.c_str(), h5safe::linkAccess()) > 0;
}

std::vector<std::string> childNames(hid_t group) {
    std::vector<std::string> out;
    H5G_info_t info;
    check(H5Gget_info(group, &info), "group info");
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t n =
            H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        if (n < 0) throw Error(ErrorCode::BadCache, "HDF5 read failed: link names");
        std::string name(std::size_t(n), '\0');
        H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                           std::size_t(n) + 1, H5P_DEFAULT);
        out.push_back(name);
    }
    return out;
}

void writeStringAttr(hid_t obj, const std::string& name, const std::string& value) {
    Handle t = fixedStringType(value.size(), true);
    Handle sp(check(H5Screate(H5S_SCALAR), "scalar space", true), H5Sclose);
    Handle a(check(H5Acreate2(obj, name.c_str(), t.get(), sp.get(), H5P_DEFAULT, H5P_DEFAULT),
                   "attribute " + name, true),
             H5Aclose);
    std::vector<char> buf(std::max<std::size_t>(value.size(), 1), '\0');
    std::copy(value.begin(), value.end(), buf.begin());
    check(H5Awrite(a.get(), t.get(), buf.data()), "attribute " + name, true);
}

std::string readStringAttr(hid_t obj, const std::string& name) {
    Handle a = openScalarAttr(obj, name);
    Handle ft(check(H5Aget_type(a.get()), "attribute type " + name), H5Tclose);
    refuseVariableLength(ft.get(), "attribute " + name);
    if (H5Tget_class(ft.get()) != H5T_STRING)
        throw Error(ErrorCode::BadCache, "attribute " + name + " is not a string");
    // Fixed length: read into a buffer of exactly the declared size.
    const std::size_t size = H5Tget_size(ft.get());
    if (size == 0 || size > (1u << 20))
        throw Error(ErrorCode::BadCache, "attribute " + name + " has an absurd string size");
    Handle mem = fixedStringType(size, false);
    std::vector<char> buf(size + 1, '\0');
    check(H5Aread(a.get(), mem.get(), buf.data()), "attribute " + name);
    return std::string(buf.data(), strnlen(buf.data(), size));
}

void writeIntAttr(hid_t obj, const std::string& name, std::int64_t value) {
    Handle sp(check(H5Screate(H5S_SCALAR), "scalar space", true), H5Sclose);
    Handle a(check(H5Acreate2(obj, name.c_str(), H5T_STD_I64LE, sp.get(), H5P_DEFAULT, H5P_DEFAULT),
                   "attribute " + name, true),
             H5Aclose);
    check(H5Awrite(a.get(), H5T_NATIVE_INT64, &value), "attribute " + name, true);
}

std::int64_t readIntAttr(hid_t obj, const std::string& name) {
    Handle a = openScalarAttr(obj, name);
    Handle ft(check(H5Aget_type(a.get()), "attribute type " + name), H5Tclose);
    if (H5Tget_class(ft.get()) != H5T_INTEGER || H5Tget_size(ft.get()) > 8)
        throw Error(ErrorCode::BadCache, "attribute " + name + " is not an integer");
    std::int64_t v = 0;
    check(H5Aread(a.get(), H5T_NATIVE_INT64, &v), "attribute " + name);
    return v;
}

void writeFloatMatrix(hid_t parent, const std::string& name, const float* data, std::size_t rows,
                      std::size_t cols, bool compress) {
    const hsize_t dims[2] = {hsize_t(rows), hsize_t(cols)};
    Handle sp(check(H5Screate_simple(2, dims, nullptr), "dataspace", true), H5Sclose);
    Handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "property list", true), H5Pclose);
    if (rows > 0 && cols > 0) {
        const hsize_t chunk[2] = {hsize_t(std::min<std::size_t>(rows, 256)), hsize_t(cols)};
        H5Pset_chunk(dcpl.get(), 2, chunk);
        if (compress) H5Pset_deflate(dcpl.get(), 4);
    }
    writeDataset(parent, name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, sp.get(), dcpl.get(),
                 (rows > 0 && cols > 0) ? data : nullptr);
}

std::vector<float> readFloatMatrix(hid_t parent, const std::string& name, std::size_t& rows,
                                   std::size_t& cols, std::size_t expectedRows) {
    hsize_t dims[2] = {0, 0};
    Handle ds = openDataset(parent, name, 2, dims);
    Handle ft(check(H5Dget_type(ds.get()), "type of " + name), H5Tclose);
    if (H5Tget_class(ft.get()) != H5T_FLOAT || H5Tget_size(ft.get()) != 4)
        throw Error(ErrorCode::BadCache, "dataset " + name + " is not float32");
    rows = std::size_t(dims[0]);
    cols = std::size_t(dims[1]);
    if (expectedRows != static_cast<std::size_t>(-1) && rows != expectedRows)
        throw Error(ErrorCode::BadCache, "dataset " + name + " has " + std::to_string(rows) +
                                             " rows for " + std::to_string(expectedRows) +
                                             " images");
    if (cols > kMaxFeatureWidth || rows > kMaxRows)
        throw Error(ErrorCode::BadCache, "dataset " + name + " declares an absurd shape " +
                                             std::to_string(rows) + "x" + std::to_string(cols));
    if (h5sandbox::probing()) return {};  // the bulk of a cache: not read twice
    std::vector<float> v(rows * cols);
    if (!v.empty())
        check(H5Dread(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
              "read " + name);
    return v;
}

void writeInt64(hid_t parent, const std::string& name, const std::vector<std::int64_t>& v) {
    Handle sp = space1d(v.size(), true);
    writeDataset(parent, name, H5T_STD_I64LE, H5T_NATIVE_INT64, sp.get(), H5P_DEFAULT,
                 v.empty() ? nullptr : v.data());
}

std::vector<std::int64_t> readInt64(hid_t parent, const std::string& name) {
    hsize_t dims[1] = {0};
    Handle ds = openDataset(parent, name, 1, dims);
    Handle ft(check(H5Dget_type(ds.get()), "type of " + name), H5Tclose);
    if (H5Tget_class(ft.get()) != H5T_INTEGER || H5Tget_size(ft.get()) > 8)
        throw Error(ErrorCode::BadCache, "dataset " + name + " is not an integer list");
    if (dims[0] > kMaxRows)
        throw Error(ErrorCode::BadCache, "dataset " + name + " declares an absurd length");
    std::vector<std::int64_t> v(static_cast<std::size_t>(dims[0]));
    if (!v.empty())
        check(H5Dread(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
              "read " + name);
    return v;
}

void writeStrings(hid_t parent, const std::string& name, const std::vector<std::string>& v) {
    std::vector<std::int64_t> lengths;
    std::vector<unsigned char> bytes;
    for (const auto& text : v) {
        lengths.push_back(std::int64_t(text.size()));
        bytes.insert(bytes.end(), text.begin(), text.end());
    }
    Handle sp = space1d(bytes.size(), true);
    writeDataset(parent, name, H5T_STD_U8LE, H5T_NATIVE_UCHAR, sp.get(), H5P_DEFAULT,
                 bytes.empty() ? nullptr : bytes.data());
    writeInt64(parent, name + "_lengths", lengths);
}

std::vector<std::string> readStrings(hid_t parent, const std::string& name) {
    const std::vector<std::int64_t> lengths = readInt64(parent, name + "_lengths");
    hsize_t dims[1] = {0};
    Handle ds = openDataset(parent, name, 1, dims);
    Handle ft(check(H5Dget_type(ds.get()), "type of " + name), H5Tclose);
    refuseVariableLength(ft.get(), "dataset " + name);
    if (H5Tget_class(ft.get()) != H5T_INTEGER || H5Tget_size(ft.get()) != 1 ||
        H5Tget_sign(ft.get()) != H5T_SGN_NONE)
        throw Error(ErrorCode::BadCache, "dataset " + name + " is not a list of texts (bytes)");
    // The lengths must add up to the bytes exactly, checked before anything is allocated
    // (openDataset has checked that the file stores what the dataset declares).
    const std::string mismatch =
        "dataset " + name + "_lengths does not add up to its " + std::to_string(dims[0]) + " bytes";
    if (dims[0] > kMaxTextBytes)
        throw Error(ErrorCode::BadCache, "dataset " + name + " declares an absurd length");
    std::uint64_t total = 0;  // never above dims[0]
    for (const std::int64_t n : lengths) {
        if (n < 0 || std::uint64_t(n) > dims[0] - total) throw Error(ErrorCode::BadCache, mismatch);
        total += std::uint64_t(n);
    }
    if (total != dims[0]) throw Error(ErrorCode::BadCache, mismatch);
    std::vector<unsigned char> bytes(static_cast<std::size_t>(dims[0]));
    if (!bytes.empty())
        check(H5Dread(ds.get(), H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
              "read " + name);
    std::vector<std::string> out;
    out.reserve(lengths.size());
    std::size_t at = 0;
    for (const std::int64_t n : lengths) {
        out.emplace_back(reinterpret_cast<const char*>(bytes.data()) + at, std::size_t(n));
        at += std::size_t(n);
    }
    return out;
}

}  // namespace featurelab::h5

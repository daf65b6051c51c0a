// Generators shared by the hostile HDF5 tests (test_hostile_h5_*.cpp): small writers on the HDF5
// C API (the tests' own, independent of the engine's), a damaged global heap, and the copy +
// mutation step every case goes through.
#pragma once

#include <hdf5.h>
#include <zlib.h>

#include <QByteArray>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QtEndian>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "hostile_support.h"

namespace hostileh5 {

// --- small HDF5 writing helpers (the test's own, independent of the engine's) -----------------

inline void delLink(hid_t loc, const char* name) { H5Ldelete(loc, name, H5P_DEFAULT); }

inline void delAttr(hid_t loc, const char* name) {
    if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
}

inline void intAttr(hid_t loc, const char* name, std::vector<std::int64_t> v, bool scalar = false,
                    int rank2 = 0) {
    delAttr(loc, name);
    hsize_t dims[2] = {hsize_t(v.size()), 1};
    if (rank2) dims[0] = hsize_t(v.size() / std::size_t(rank2)), dims[1] = hsize_t(rank2);
    const hid_t sp =
        scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank2 ? 2 : 1, dims, nullptr);
    const hid_t a = H5Acreate2(loc, name, H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT64, v.data());
    H5Aclose(a);
    H5Sclose(sp);
}

inline void floatAttr(hid_t loc, const char* name, double v) {
    delAttr(loc, name);
    const hid_t sp = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(loc, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    H5Sclose(sp);
}

/// Fixed-length strings (as h5py writes Keras name lists), any rank; vlen when width == 0.
inline void strAttr(hid_t loc, const char* name, const std::vector<std::string>& v, int rank = 1,
                    std::size_t width = 16) {
    delAttr(loc, name);
    const hid_t t = H5Tcopy(H5T_C_S1);
    std::vector<char> buf;
    std::vector<const char*> ptrs;
    if (width == 0) {
        H5Tset_size(t, H5T_VARIABLE);
        for (const auto& s : v) ptrs.push_back(s.c_str());
    } else {
        H5Tset_size(t, width);
        buf.assign(width * v.size(), '\0');
        for (std::size_t i = 0; i < v.size(); ++i)
            std::memcpy(buf.data() + i * width, v[i].data(), std::min(width, v[i].size()));
    }
    hsize_t dims[2] = {hsize_t(v.size()), 1};
    if (rank == 2) dims[0] = 1, dims[1] = hsize_t(v.size());
    const hid_t sp = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, nullptr);
    const hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, width == 0 ? static_cast<const void*>(ptrs.data()) : buf.data());
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

/// A dataset of type fileType and dims, with optional creation properties, filled from data
/// (converted from memType) or left to its fill value when data is null.
inline void dataset(hid_t loc, const char* name, hid_t fileType, std::vector<hsize_t> dims,
                    hid_t dcpl = H5P_DEFAULT, const void* data = nullptr, hid_t memType = -1) {
    delLink(loc, name);
    const hid_t sp = dims.empty() ? H5Screate(H5S_SCALAR)
                                  : H5Screate_simple(int(dims.size()), dims.data(), nullptr);
    const hid_t d = H5Dcreate2(loc, name, fileType, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (data) H5Dwrite(d, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    H5Dclose(d);
    H5Sclose(sp);
}

/// A chunked, deflated dataset whose every chunk is written with its fill value at creation:
/// `bytes` declared from a file of a few hundred kilobytes, without the test holding them.
inline hid_t bombPlist(int rank = 1) {
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t chunk[2] = {rank == 1 ? hsize_t(1) << 20 : hsize_t(1) << 17, 8};
    H5Pset_chunk(dcpl, rank, chunk);
    H5Pset_deflate(dcpl, 9);
    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC);
    return dcpl;
}

inline bool copyFile(const QString& from, const QString& to) {
    QFile::remove(to);
    return QFile::copy(from, to);
}

/// Variable-length strings (of a vlen attribute or dataset) live in global heap collections
/// ("GCOL"). Gives each collection's first object a size of 1 MiB in a 4 KiB collection: the
/// heap a crafted file would use to make libhdf5 over-read in H5HG_read. False when the file
/// has no collection to damage.
inline bool corruptGlobalHeap(QByteArray& bytes) {
    bool any = false;
    for (int at = bytes.indexOf("GCOL"); at >= 0 && at + 32 <= bytes.size();
         at = bytes.indexOf("GCOL", at + 4)) {
        // Collection header: "GCOL", version, 3 reserved, size (8). Then per object: index (2),
        // reference count (2), reserved (4), size (8), data.
        if (qFromLittleEndian<quint16>(bytes.constData() + at + 16) == 0) continue;  // free
        qToLittleEndian<quint64>(quint64(1) << 20, bytes.data() + at + 24);
        any = true;
    }
    return any;
}

/// A chunked dataset's chunks are indexed by a version 1 B-tree ("TREE", node type 1) whose
/// keys start with the chunk's stored size (4 bytes, after signature, type, level, entry count
/// and two 8-byte sibling addresses). Claims 0xFFFFFFFF bytes for each first chunk: what the
/// fuzzer found makes libhdf5 allocate 4 GiB in H5Dread. False when the file has no chunk tree.
inline bool claimHugeChunk(QByteArray& bytes) {
    bool any = false;
    for (int at = bytes.indexOf("TREE"); at >= 0 && at + 28 <= bytes.size();
         at = bytes.indexOf("TREE", at + 4)) {
        if (bytes[at + 4] != 1 || bytes[at + 5] != 0) continue;  // a group's tree, or inner node
        if (qFromLittleEndian<quint16>(bytes.constData() + at + 6) == 0) continue;  // empty
        qToLittleEndian<quint32>(0xFFFFFFFFu, bytes.data() + at + 24);
        any = true;
    }
    return any;
}

/// Replaces the stored bytes of the first chunk of the deflated dataset `name` with a valid zlib
/// stream of `inflated` zero bytes, less than the chunk holds: libhdf5 1.10.8's H5Dread then
/// copies the chunk's declared size out of the short buffer (a heap over-read the fuzzer found).
inline void shortDeflatedChunk(hid_t loc, const char* name, std::size_t inflated = 8) {
    const hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    const hid_t sp = H5Dget_space(d);
    std::vector<hsize_t> offset(std::size_t(std::max(H5Sget_simple_extent_ndims(sp), 0)), 0);
    const std::vector<unsigned char> zeros(inflated, 0);
    uLongf n = compressBound(uLong(inflated));
    std::vector<unsigned char> stream(n);
    compress2(stream.data(), &n, zeros.data(), uLong(inflated), 9);
    H5Dwrite_chunk(d, H5P_DEFAULT, 0, offset.data(), n, stream.data());
    H5Sclose(sp);
    H5Dclose(d);
}

/// libhdf5 crash class B (tests/fuzz/README.md): the local heap ("HEAP", version, 3 reserved,
/// data size, free-list offset, data address; 8 bytes each) whose data segment holds the link
/// name `holding` gets the undefined address (all 0xFF). The first link lookup in that group
/// then writes through NULL inside libhdf5 1.10.8. False when no such heap is found.
inline bool undefineLocalHeap(QByteArray& bytes, const QByteArray& holding) {
    for (int at = bytes.indexOf("HEAP"); at >= 0 && at + 32 <= bytes.size();
         at = bytes.indexOf("HEAP", at + 4)) {
        const quint64 size = qFromLittleEndian<quint64>(bytes.constData() + at + 8);
        const quint64 addr = qFromLittleEndian<quint64>(bytes.constData() + at + 24);
        if (bytes[at + 4] != 0 || addr + size > quint64(bytes.size())) continue;
        if (!bytes.mid(int(addr), int(size)).contains(holding + '\0')) continue;
        std::memset(bytes.data() + at + 24, 0xFF, 8);
        return true;
    }
    return false;
}

/// libhdf5 crash class A: the version 1 attribute message named `name` (version, reserved, name
/// size, datatype size, dataspace size: 2 bytes each after the first two, then the name) gets
/// `high` as the high byte of its dataspace size, so the decoder reads far past the message.
inline bool stretchAttributeSpace(QByteArray& bytes, const QByteArray& name, char high) {
    const int at = bytes.indexOf(name + '\0');
    if (at < 8 || bytes[at - 8] != 1 ||
        qFromLittleEndian<quint16>(bytes.constData() + at - 6) != name.size() + 1)
        return false;
    bytes[at - 1] = high;
    return true;
}

using Mutation = std::function<void(hid_t file, const QString& dir)>;

struct Case {
    const char* name;
    Mutation mutate;
    /// Applied to the bytes after the file is closed; false: the case could not be made.
    std::function<bool(QByteArray&)> patch = {};
};

/// Variable-length copies of a fixed-length string attribute (the layout Featurelab refuses).
inline Mutation vlenAttr(const char* object, const char* name, std::vector<std::string> values,
                         int rank = 1) {
    return [=](hid_t f, const QString&) {
        const hid_t o = H5Oopen(f, object, H5P_DEFAULT);
        strAttr(o, name, values, rank, 0);
        H5Oclose(o);
    };
}

inline QString slug(QString s) {
    s.replace(QRegularExpression("[^A-Za-z0-9]+"), "_");
    return s;
}

/// What an external link or external storage would disclose if followed: dir/secret.bin
/// (4096 x 'S') and dir/secret.h5 (/data, 1000 x 42.0f).
inline bool writeSecrets(const QString& dir) {
    if (!hostile::writeFile(dir + "/secret.bin", QByteArray(4096, 'S'))) return false;
    const hid_t s = H5Fcreate((dir + "/secret.h5").toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT,
                              H5P_DEFAULT);
    if (s < 0) return false;
    std::vector<float> secret(1000, 42.f);
    dataset(s, "data", H5T_IEEE_F32LE, {1000}, H5P_DEFAULT, secret.data(), H5T_NATIVE_FLOAT);
    return H5Fclose(s) >= 0;
}

/// Copies base to dir/<prefix>_<case>.h5, applies the mutation (and the byte patch), returns
/// the path, or "" when the case could not be made.
inline QString mutated(const QString& dir, const QString& base, const char* prefix, const Case& c) {
    const QString file = dir + "/" + QString(prefix) + "_" + slug(c.name) + ".h5";
    if (!copyFile(base, file)) return {};
    const hid_t f = H5Fopen(file.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return {};
    c.mutate(f, dir);
    H5Fclose(f);
    if (c.patch) {
        QFile io(file);
        if (!io.open(QIODevice::ReadOnly)) return {};
        QByteArray bytes = io.readAll();
        io.close();
        if (!c.patch(bytes) || !hostile::writeFile(file, bytes)) return {};
    }
    return file;
}

/// A truncated or foreign copy of base (how: "half", "header only", "signature at 512",
/// "zeros after 100") as dir/<prefix>_<how>.h5; "" when it cannot be written.
inline QString damagedCopy(const QString& dir, const QString& base, const QString& prefix,
                           const QString& how) {
    QFile in(base);
    if (!in.open(QIODevice::ReadOnly)) return {};
    QByteArray b = in.readAll();
    if (how == "half") b.truncate(b.size() / 2);
    if (how == "header only") b.truncate(96);
    if (how == "signature at 512") b = QByteArray(512, 'x') + b.left(8) + QByteArray(300, 'y');
    if (how == "zeros after 100") b = b.left(100) + QByteArray(b.size() - 100, '\0');
    const QString file = dir + "/" + slug(prefix + " " + how) + ".h5";
    return hostile::writeFile(file, b) ? file : QString();
}

inline const char* const kDamages[] = {"half", "header only", "signature at 512",
                                       "zeros after 100"};

}  // namespace hostileh5

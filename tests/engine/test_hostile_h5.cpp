// Hostile HDF5 files, written here with the HDF5 C API: Keras weights, Keras model files and
// feature caches. Each must be refused with one typed Error naming the file (issue 16: F1
// attribute shapes and types, F5 external links/storage and virtual datasets, F11 declared
// sizes, F14 cache checksums, F16 bad_alloc from cache dims, F19 NaN weights).
#include <hdf5.h>

#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <cmath>
#include <functional>

#include "featurelab/error.h"
#include "featurelab/scan.h"
#include "features/cache_store.h"
#include "features/feature_cache.h"
#include "hostile_support.h"
#include "models/chain_network.h"
#include "models/keras_h5.h"
#include "models/keras_weights.h"
#include "models/network.h"
#include "recipe/model_file.h"
#include "test_support.h"

using namespace featurelab;

namespace {

// --- small HDF5 writing helpers (the test's own, independent of the engine's) -----------------

void delLink(hid_t loc, const char* name) { H5Ldelete(loc, name, H5P_DEFAULT); }

void delAttr(hid_t loc, const char* name) {
    if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
}

void intAttr(hid_t loc, const char* name, std::vector<std::int64_t> v, bool scalar = false,
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

void floatAttr(hid_t loc, const char* name, double v) {
    delAttr(loc, name);
    const hid_t sp = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(loc, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    H5Sclose(sp);
}

/// Fixed-length strings (as h5py writes Keras name lists), any rank; vlen when width == 0.
void strAttr(hid_t loc, const char* name, const std::vector<std::string>& v, int rank = 1,
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
void dataset(hid_t loc, const char* name, hid_t fileType, std::vector<hsize_t> dims,
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
hid_t bombPlist(int rank = 1) {
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t chunk[2] = {rank == 1 ? hsize_t(1) << 20 : hsize_t(1) << 17, 8};
    H5Pset_chunk(dcpl, rank, chunk);
    H5Pset_deflate(dcpl, 9);
    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC);
    return dcpl;
}

bool copyFile(const QString& from, const QString& to) {
    QFile::remove(to);
    return QFile::copy(from, to);
}

/// Variable-length strings (of a vlen attribute or dataset) live in global heap collections
/// ("GCOL"). Gives each collection's first object a size of 1 MiB in a 4 KiB collection: the
/// heap a crafted file would use to make libhdf5 over-read in H5HG_read. False when the file
/// has no collection to damage.
bool corruptGlobalHeap(QByteArray& bytes) {
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

using Mutation = std::function<void(hid_t file, const QString& dir)>;

struct Case {
    const char* name;
    Mutation mutate;
    /// Applied to the bytes after the file is closed; false: the case could not be made.
    std::function<bool(QByteArray&)> patch = {};
};

/// Variable-length copies of a fixed-length string attribute (the layout Featurelab refuses).
Mutation vlenAttr(const char* object, const char* name, std::vector<std::string> values,
                  int rank = 1) {
    return [=](hid_t f, const QString&) {
        const hid_t o = H5Oopen(f, object, H5P_DEFAULT);
        strAttr(o, name, values, rank, 0);
        H5Oclose(o);
    };
}

/// Keras weights for mobilenet_v1_0.25: root attribute layer_names, one group per layer with
/// weight_names and datasets "<layer>/<layer>/kernel:0" etc.
std::vector<Case> kerasCases() {
    auto kernel = [](hid_t f, std::function<void(hid_t g)> fn) {
        const hid_t g = H5Gopen2(f, "conv1/conv1", H5P_DEFAULT);
        fn(g);
        H5Gclose(g);
    };
    return {
        {"layer_names 2-D (F1)",
         [](hid_t f, const QString&) {
             strAttr(f, "layer_names", {"conv1", "conv1_bn"}, 2);
         }},
        {"layer_names integers",
         [](hid_t f, const QString&) {
             intAttr(f, "layer_names", {1, 2});
         }},
        {"layer_names missing", [](hid_t f, const QString&) { delAttr(f, "layer_names"); }},
        {"layer_names scalar float",
         [](hid_t f, const QString&) { floatAttr(f, "layer_names", 1.5); }},
        {"layer_names lists a missing group",
         [](hid_t f, const QString&) {
             strAttr(f, "layer_names", {"conv1", "nosuch"});
         }},
        {"layer name ..", [](hid_t f, const QString&) { strAttr(f, "layer_names", {".."}); }},
        {"layer name with a slash",
         [](hid_t f, const QString&) { strAttr(f, "layer_names", {"conv1/conv1"}); }},
        {"layer name empty", [](hid_t f, const QString&) { strAttr(f, "layer_names", {""}); }},
        {"weight_names integers",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1", H5P_DEFAULT);
             intAttr(g, "weight_names", {7});
             H5Gclose(g);
         }},
        {"weight_names 2-D (F1)",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1", H5P_DEFAULT);
             strAttr(g, "weight_names", {"conv1/kernel:0", "x"}, 2, 32);
             H5Gclose(g);
         }},
        {"weight_names lists a missing dataset",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1", H5P_DEFAULT);
             strAttr(g, "weight_names", {"conv1/nosuch:0"}, 1, 32);
             H5Gclose(g);
         }},
        {"kernel is an external link (F5)",
         [=](hid_t f, const QString& dir) {
             kernel(f, [&](hid_t g) {
                 delLink(g, "kernel:0");
                 H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/data", g,
                                    "kernel:0", H5P_DEFAULT, H5P_DEFAULT);
             });
         }},
        {"layer group is an external link (F5)",
         [](hid_t f, const QString& dir) {
             delLink(f, "conv1");
             H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/", f, "conv1",
                                H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"kernel is a soft link",
         [=](hid_t f, const QString&) {
             kernel(f, [&](hid_t g) {
                 delLink(g, "kernel:0");
                 H5Lcreate_soft("/conv_dw_1/conv_dw_1/depthwise_kernel:0", g, "kernel:0",
                                H5P_DEFAULT, H5P_DEFAULT);
             });
         }},
        {"kernel in external raw storage (F5)",
         [=](hid_t f, const QString& dir) {
             kernel(f, [&](hid_t g) {
                 const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                 H5Pset_external(dcpl, (dir + "/secret.bin").toUtf8().constData(), 0,
                                 3 * 3 * 3 * 8 * 4);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl);
                 H5Pclose(dcpl);
             });
         }},
        {"kernel is a virtual dataset (F5)",
         [=](hid_t f, const QString& dir) {
             kernel(f, [&](hid_t g) {
                 const hsize_t dims[4] = {3, 3, 3, 8};
                 const hid_t space = H5Screate_simple(4, dims, nullptr);
                 const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                 H5Pset_virtual(dcpl, space, (dir + "/secret.h5").toUtf8().constData(), "/data",
                                space);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl);
                 H5Pclose(dcpl);
                 H5Sclose(space);
             });
         }},
        {"kernel of integers",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<std::int32_t> v(216, 1);
                 dataset(g, "kernel:0", H5T_STD_I32LE, {3, 3, 3, 8}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_INT32);
             });
         }},
        {"kernel of strings",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t t = H5Tcopy(H5T_C_S1);
                 H5Tset_size(t, 4);
                 std::vector<char> v(216 * 4, 'a');
                 dataset(g, "kernel:0", t, {3, 3, 3, 8}, H5P_DEFAULT, v.data(), t);
                 H5Tclose(t);
             });
         }},
        {"kernel of 128-bit floats",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<long double> v(216, 1.0L);
                 dataset(g, "kernel:0", H5T_NATIVE_LDOUBLE, {3, 3, 3, 8}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_LDOUBLE);
             });
         }},
        {"kernel of an invented float layout",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t t = H5Tcopy(H5T_IEEE_F32LE);
                 H5Tset_fields(t, 31, 20, 11, 0, 20);
                 H5Tset_ebias(t, 1023);
                 std::vector<float> v(216, 0.5f);
                 dataset(g, "kernel:0", t, {3, 3, 3, 8}, H5P_DEFAULT, v.data(), H5T_NATIVE_FLOAT);
                 H5Tclose(t);
             });
         }},
        {"kernel declares 2 GB it does not store (F11)",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                 const hsize_t chunk[4] = {1, 1, 1, 8};
                 H5Pset_chunk(dcpl, 4, chunk);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 20000000}, dcpl);
                 H5Pclose(dcpl);
             });
         }},
        {"kernel of 400 MB deflated to kilobytes (F11 bomb)",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t dcpl = bombPlist();
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {100u << 20}, dcpl);
                 H5Pclose(dcpl);
             });
         }},
        {"kernel of rank 9",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<float> v(216, 1.f);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {1, 1, 1, 1, 1, 3, 3, 3, 8}, H5P_DEFAULT,
                         v.data(), H5T_NATIVE_FLOAT);
             });
         }},
        {"kernel of the wrong shape",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<float> v(216, 1.f);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {8, 3, 3, 3}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_FLOAT);
             });
         }},
        {"kernel empty",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) { dataset(g, "kernel:0", H5T_IEEE_F32LE, {0}); });
         }},
        {"kernel scalar",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const float v = 1;
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
             });
         }},
        {"NaN in a kernel (F19)",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<float> v(216, NAN);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_FLOAT);
             });
         }},
        {"Inf in a batch norm (F19)",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1_bn/conv1_bn", H5P_DEFAULT);
             std::vector<float> v(8, INFINITY);
             dataset(g, "gamma:0", H5T_IEEE_F32LE, {8}, H5P_DEFAULT, v.data(), H5T_NATIVE_FLOAT);
             H5Gclose(g);
         }},
        {"kernel is a group",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 delLink(g, "kernel:0");
                 H5Gclose(H5Gcreate2(g, "kernel:0", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
             });
         }},
        {"layer group is a dataset",
         [](hid_t f, const QString&) {
             delLink(f, "conv1");
             const float v = 1;
             dataset(f, "conv1", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
         }},
        {"model_weights is an external link (F5)",
         [](hid_t f, const QString& dir) {
             delAttr(f, "layer_names");
             H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/", f, "model_weights",
                                H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"model_weights is a dataset",
         [](hid_t f, const QString&) {
             delAttr(f, "layer_names");
             const float v = 1;
             dataset(f, "model_weights", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
         }},
        {"layer_names variable-length", vlenAttr("/", "layer_names", {"conv1", "conv1_bn"})},
        {"layer_names variable-length, global heap damaged",
         vlenAttr("/", "layer_names", {"conv1", "conv1_bn"}), corruptGlobalHeap},
        {"weight_names variable-length", vlenAttr("conv1", "weight_names", {"conv1/kernel:0"})},
        {"weight_names variable-length, global heap damaged",
         vlenAttr("conv1", "weight_names", {"conv1/kernel:0"}), corruptGlobalHeap},
        {"layer_names0 variable-length",
         [](hid_t f, const QString& dir) {
             delAttr(f, "layer_names");
             vlenAttr("/", "layer_names0", {"conv1"})(f, dir);
         }},
    };
}

/// Root attributes of a Keras weights file that the reader never reads: the file loads as if
/// they were absent. Keras writes backend and keras_version as variable-length strings.
std::vector<Case> ignoredKerasCases() {
    return {
        {"backend as an integer array",
         [](hid_t f, const QString&) {
             intAttr(f, "backend", {1, 2, 3});
         }},
        {"keras_version 2-D strings",
         [](hid_t f, const QString&) {
             strAttr(f, "keras_version", {"2", "2"}, 2);
         }},
        {"backend variable-length, global heap damaged", vlenAttr("/", "backend", {"tf"}, 0),
         corruptGlobalHeap},
        {"keras_version variable-length, global heap damaged",
         vlenAttr("/", "keras_version", {"2.2.4"}, 0), corruptGlobalHeap},
    };
}

/// A Keras-layout model file (saveModelKeras): its featurelab_metadata and head.
std::vector<Case> kerasModelCases() {
    auto meta = [](std::string json) -> Mutation {
        return [=](hid_t f, const QString&) {
            strAttr(f, "featurelab_metadata", {json}, 0, json.size());
        };
    };
    auto withMeta = [](std::string key, std::string value) -> Mutation {
        return [=](hid_t f, const QString&) {
            // Read, edit and rewrite the JSON text (a flat object of strings).
            const hid_t a = H5Aopen(f, "featurelab_metadata", H5P_DEFAULT);
            const hid_t t = H5Aget_type(a);
            std::string text;
            if (H5Tis_variable_str(t) > 0) {
                char* p = nullptr;
                const hid_t m = H5Tcopy(H5T_C_S1);
                H5Tset_size(m, H5T_VARIABLE);
                H5Aread(a, m, &p);
                text = p ? p : "";
                H5free_memory(p);
                H5Tclose(m);
            } else {
                std::vector<char> buf(H5Tget_size(t) + 1, '\0');
                H5Aread(a, t, buf.data());
                text = buf.data();
            }
            H5Tclose(t);
            H5Aclose(a);
            const std::string needle = "\"" + key + "\":\"";
            const auto at = text.find(needle);
            if (at != std::string::npos) {
                auto end = at + needle.size();
                while (end < text.size() && !(text[end] == '"' && text[end - 1] != '\\')) ++end;
                text = text.substr(0, at + needle.size()) + value + text.substr(end);
            }
            strAttr(f, "featurelab_metadata", {text}, 0, text.size());
        };
    };
    return {
        {"metadata not JSON", meta("{not json")},
        // 60,000 bytes: a fixed-length attribute must fit the object header's 64 KiB.
        {"metadata 30,000 deep", meta(std::string(30000, '[') + std::string(30000, ']'))},
        {"metadata a list", meta("[\"a\"]")},
        {"metadata with a number value", meta("{\"architecture\":5}")},
        {"metadata as an int array (F1)",
         [](hid_t f, const QString&) {
             intAttr(f, "featurelab_metadata", {1, 2, 3});
         }},
        {"metadata as 2-D strings",
         [](hid_t f, const QString&) {
             strAttr(f, "featurelab_metadata", {"{}", "{}"}, 2);
         }},
        {"classes empty (F2)", withMeta("classes", "[]")},
        {"one class for two outputs (F2)", withMeta("classes", "[\\\"a\\\"]")},
        {"num_outputs 2,000,000 (F11)", withMeta("num_outputs", "2000000")},
        {"num_outputs not a number", withMeta("num_outputs", "many")},
        {"num_outputs zero", withMeta("num_outputs", "0")},
        {"num_outputs 3 for a 2-row head", withMeta("num_outputs", "3")},
        {"architecture mobilenet_v1_1e-300", withMeta("architecture", "mobilenet_v1_1e-300")},
        {"head says probs_linear without the layer", withMeta("head", "probs_linear")},
        {"metadata variable-length",
         vlenAttr("/", "featurelab_metadata", {"{\"architecture\":\"resnet18\"}"}, 0)},
        {"metadata variable-length, global heap damaged",
         vlenAttr("/", "featurelab_metadata", {"{\"architecture\":\"resnet18\"}"}, 0),
         corruptGlobalHeap},
        {"classifier layer missing",
         [](hid_t f, const QString&) {
             strAttr(f, "layer_names", {"conv1", "conv1_bn"}, 1, 16);
         }},
    };
}

/// A variable-length string dataset of n texts in place of name (version 2's text lists).
std::function<void(hid_t)> vlenStrings(const char* name, std::size_t n) {
    return [=](hid_t g) {
        const hid_t t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, H5T_VARIABLE);
        std::vector<std::string> texts;
        for (std::size_t i = 0; i < n; ++i) texts.push_back("train/cats/" + std::to_string(i));
        std::vector<const char*> ptrs;
        for (const auto& s : texts) ptrs.push_back(s.c_str());
        dataset(g, name, t, {hsize_t(n)}, H5P_DEFAULT, ptrs.data(), t);
        H5Tclose(t);
    };
}

/// Replaces name + "_lengths" of a text list.
std::function<void(hid_t)> lengths(const std::string& name, std::vector<std::int64_t> v) {
    return [=](hid_t g) {
        dataset(g, (name + "_lengths").c_str(), H5T_STD_I64LE, {hsize_t(v.size())}, H5P_DEFAULT,
                v.data(), H5T_NATIVE_INT64);
    };
}

/// A feature cache (cache_store.h): two splits of 5 rows, 8 wide.
std::vector<Case> cacheCases() {
    auto inSplit = [](std::function<void(hid_t g)> fn) -> Mutation {
        return [=](hid_t f, const QString&) {
            const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
            fn(g);
            H5Gclose(g);
        };
    };
    auto features = [](std::vector<float> v, std::vector<hsize_t> dims) {
        return [=](hid_t g) {
            dataset(g, "features", H5T_IEEE_F32LE, dims, H5P_DEFAULT, v.data(), H5T_NATIVE_FLOAT);
        };
    };
    std::vector<float> rotated(40), zeros(40, 0.f), wide(45, 1.f);
    for (int i = 0; i < 40; ++i) rotated[std::size_t(i)] = float((i + 8) % 40);
    return {
        {"format_version an int64 array (F1)",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
         }},
        {"format_version 2-D (F1)",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2, 2, 2, 2}, false, 2);
         }},
        {"format_version a string",
         [](hid_t f, const QString&) { strAttr(f, "format_version", {"2"}, 0, 0); }},
        {"format_version a float",
         [](hid_t f, const QString&) { floatAttr(f, "format_version", 2.0); }},
        {"format_version missing", [](hid_t f, const QString&) { delAttr(f, "format_version"); }},
        {"format_version 1 (old layout)",
         [](hid_t f, const QString&) { intAttr(f, "format_version", {1}, true); }},
        {"key an array of strings (F1)",
         [](hid_t f, const QString&) {
             strAttr(f, "key", {"k", "k", "k"}, 1, 0);
         }},
        {"key an integer", [](hid_t f, const QString&) { intAttr(f, "key", {5}, true); }},
        {"key fixed-length and different",
         [](hid_t f, const QString&) { strAttr(f, "key", {"another"}, 0, 32); }},
        {"key missing", [](hid_t f, const QString&) { delAttr(f, "key"); }},
        {"split is an external link (F5)",
         [](hid_t f, const QString& dir) {
             delLink(f, "train");
             H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/", f, "train",
                                H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"split is a soft link",
         [](hid_t f, const QString&) {
             delLink(f, "train");
             H5Lcreate_soft("/valid", f, "train", H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"split is a dataset",
         [](hid_t f, const QString&) {
             const float v = 1;
             dataset(f, "extra", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
         }},
        {"features an external link (F5)", inSplit([](hid_t g) {
             delLink(g, "features");
             H5Lcreate_external("/etc/hostname.h5", "/data", g, "features", H5P_DEFAULT,
                                H5P_DEFAULT);
         })},
        {"features in external raw storage (F5)",
         [=](hid_t f, const QString& dir) {
             const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             H5Pset_external(dcpl, (dir + "/secret.bin").toUtf8().constData(), 0, 160);
             dataset(g, "features", H5T_IEEE_F32LE, {5, 8}, dcpl);
             H5Pclose(dcpl);
             H5Gclose(g);
         }},
        {"features a virtual dataset (F5)",
         [=](hid_t f, const QString& dir) {
             const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
             const hsize_t dims[2] = {5, 8};
             const hid_t space = H5Screate_simple(2, dims, nullptr);
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             H5Pset_virtual(dcpl, space, (dir + "/secret.h5").toUtf8().constData(), "/data", space);
             dataset(g, "features", H5T_IEEE_F32LE, {5, 8}, dcpl);
             H5Pclose(dcpl);
             H5Sclose(space);
             H5Gclose(g);
         }},
        {"features declare 50M x 1M (F11/F16)", inSplit([](hid_t g) {
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             const hsize_t chunk[2] = {1, 8};
             H5Pset_chunk(dcpl, 2, chunk);
             dataset(g, "features", H5T_IEEE_F32LE, {50000000, 1000000}, dcpl);
             H5Pclose(dcpl);
         })},
        {"features declare 1 GB they do not store (F16)", inSplit([](hid_t g) {
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             const hsize_t chunk[2] = {1, 8};
             H5Pset_chunk(dcpl, 2, chunk);
             dataset(g, "features", H5T_IEEE_F32LE, {32u << 20, 8}, dcpl);
             H5Pclose(dcpl);
         })},
        {"features of 400 MB deflated to kilobytes (F11 bomb)", inSplit([](hid_t g) {
             const hid_t dcpl = bombPlist(2);
             dataset(g, "paths_bomb", H5T_IEEE_F32LE, {100u << 17, 8}, dcpl);
             H5Pclose(dcpl);
             delLink(g, "features");
             H5Lmove(g, "paths_bomb", g, "features", H5P_DEFAULT, H5P_DEFAULT);
         })},
        {"features of integers", inSplit([](hid_t g) {
             std::vector<std::int32_t> v(40, 1);
             dataset(g, "features", H5T_STD_I32LE, {5, 8}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT32);
         })},
        {"features float64", inSplit([](hid_t g) {
             std::vector<double> v(40, 1);
             dataset(g, "features", H5T_IEEE_F64LE, {5, 8}, H5P_DEFAULT, v.data(),
                     H5T_NATIVE_DOUBLE);
         })},
        {"features of rank 3", inSplit(features(std::vector<float>(40, 1.f), {5, 2, 4}))},
        {"features zeroed (F14)", inSplit(features(zeros, {5, 8}))},
        {"features rotated by one row (F14)", inSplit(features(rotated, {5, 8}))},
        {"features 9 wide (F14)", inSplit(features(wide, {5, 9}))},
        {"features of 4 rows for 5 paths", inSplit(features(std::vector<float>(32, 1.f), {4, 8}))},
        {"labels of floats", inSplit([](hid_t g) {
             std::vector<double> v(5, 0.5);
             dataset(g, "labels", H5T_IEEE_F64LE, {5}, H5P_DEFAULT, v.data(), H5T_NATIVE_DOUBLE);
         })},
        {"labels changed (F14)", inSplit([](hid_t g) {
             std::vector<std::int64_t> v(5, 1);
             dataset(g, "labels", H5T_STD_I64LE, {5}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT64);
         })},
        {"paths of integers", inSplit([](hid_t g) {
             std::vector<std::int64_t> v(5, 1);
             dataset(g, "paths", H5T_STD_I64LE, {5}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT64);
         })},
        {"bad-file lists of different lengths", inSplit([](hid_t g) {
             std::vector<std::int64_t> v(3, 1);
             dataset(g, "bad_sizes", H5T_STD_I64LE, {3}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT64);
         })},
        {"checksum missing", inSplit([](hid_t g) { delAttr(g, "checksum"); })},
        {"checksum an array (F1)", inSplit([](hid_t g) {
             intAttr(g, "checksum", {1, 2, 3, 4});
         })},
        {"checksum a string", inSplit([](hid_t g) { strAttr(g, "checksum", {"x"}, 0, 0); })},
        {"checksum wrong (F14)", inSplit([](hid_t g) { intAttr(g, "checksum", {12345}, true); })},
        {"class_names 2-D", inSplit([](hid_t g) {
             const hid_t t = H5Tcopy(H5T_C_S1);
             H5Tset_size(t, H5T_VARIABLE);
             const char* v[2] = {"a", "b"};
             dataset(g, "class_names", t, {1, 2}, H5P_DEFAULT, v, t);
             H5Tclose(t);
         })},
        {"mtimes missing", inSplit([](hid_t g) { delLink(g, "mtimes"); })},
        // Version 3 stores no variable-length strings; each is refused before it is read.
        {"key variable-length", vlenAttr("/", "key", {"hostile|key"}, 0)},
        {"key variable-length, global heap damaged", vlenAttr("/", "key", {"hostile|key"}, 0),
         corruptGlobalHeap},
        {"paths variable-length strings", inSplit(vlenStrings("paths", 5))},
        {"class_names variable-length, global heap damaged", inSplit(vlenStrings("class_names", 1)),
         corruptGlobalHeap},
        {"bad_reasons variable-length sequences", inSplit([](hid_t g) {
             const hid_t t = H5Tvlen_create(H5T_NATIVE_UCHAR);
             dataset(g, "bad_reasons", t, {0});
             H5Tclose(t);
         })},
        {"format_version 2 (variable-length strings)",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2}, true);
             strAttr(f, "key", {"hostile|key"}, 0, 0);
             const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
             vlenStrings("paths", 5)(g);
             H5Gclose(g);
         }},
        {"format_version 2, global heap damaged",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2}, true);
             strAttr(f, "key", {"hostile|key"}, 0, 0);
         },
         corruptGlobalHeap},
        // The text lists: bytes plus lengths that must add up to them.
        {"paths_lengths missing", inSplit([](hid_t g) { delLink(g, "paths_lengths"); })},
        {"paths_lengths negative", inSplit(lengths("paths", {-1, 16, 16, 16, 17}))},
        {"paths_lengths one byte short", inSplit(lengths("paths", {16, 16, 16, 16, 15}))},
        {"paths_lengths one byte over", inSplit(lengths("paths", {16, 16, 16, 16, 17}))},
        {"paths_lengths wrap around 2^64",
         inSplit(lengths("paths", {std::int64_t(1) << 62, std::int64_t(1) << 62,
                                   std::int64_t(1) << 62, std::int64_t(1) << 62, 80}))},
        {"paths_lengths for 6 paths", inSplit(lengths("paths", {16, 16, 16, 16, 16, 0}))},
        {"paths_lengths of floats", inSplit([](hid_t g) {
             std::vector<double> v(5, 16);
             dataset(g, "paths_lengths", H5T_IEEE_F64LE, {5}, H5P_DEFAULT, v.data(),
                     H5T_NATIVE_DOUBLE);
         })},
        {"paths bytes signed", inSplit([](hid_t g) {
             std::vector<std::int8_t> v(80, 'a');
             dataset(g, "paths", H5T_STD_I8LE, {80}, H5P_DEFAULT, v.data(), H5T_NATIVE_SCHAR);
         })},
        {"paths bytes 2-D", inSplit([](hid_t g) {
             std::vector<std::uint8_t> v(80, 'a');
             dataset(g, "paths", H5T_STD_U8LE, {16, 5}, H5P_DEFAULT, v.data(), H5T_NATIVE_UCHAR);
         })},
        {"paths bytes declare 1 GB they do not store", inSplit([](hid_t g) {
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             const hsize_t chunk[1] = {4096};
             H5Pset_chunk(dcpl, 1, chunk);
             dataset(g, "paths", H5T_STD_U8LE, {1u << 30}, dcpl);
             H5Pclose(dcpl);
             lengths("paths", {1 << 28, 1 << 28, 1 << 28, 1 << 28, 0})(g);
         })},
        {"class_names bytes missing", inSplit([](hid_t g) { delLink(g, "class_names"); })},
    };
}

/// Four 8x8 24-bit BMPs of one colour each in root/train/{cats,dogs}.
bool makeBmpFolder(const QString& root) {
    const char* colours[4] = {"\x10\x20\x30", "\x50\x60\x70", "\x90\xa0\xb0", "\xd0\xe0\xf0"};
    for (int i = 0; i < 4; ++i) {
        // 8x8 24-bit BMPs of one colour each (rows of 24 bytes, no padding).
        QByteArray px;
        for (int k = 0; k < 64; ++k) px += QByteArray(colours[i], 3);
        auto le32 = [](std::uint32_t v) {
            return QByteArray(1, char(v)) + char(v >> 8) + char(v >> 16) + char(v >> 24);
        };
        const QByteArray bmp = "BM" + le32(54 + 192) + le32(0) + le32(54) + le32(40) + le32(8) +
                               le32(8) + QByteArray("\x01\x00\x18\x00", 4) + le32(0) + le32(192) +
                               le32(2835) + le32(2835) + le32(0) + le32(0) + px;
        const QString dir = root + "/train/" + (i % 2 ? "dogs" : "cats");
        if (!QDir().mkpath(dir)) return false;
        if (!hostile::writeFile(dir + "/" + QString::number(i) + ".bmp", bmp)) return false;
    }
    return true;
}

/// A cache as version 2 wrote it (variable-length key and text lists), holding fs's rows.
void writeVersionTwoCache(const std::string& path, const std::string& key, const FeatureSet& fs) {
    const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    intAttr(f, "format_version", {2}, true);
    strAttr(f, "key", {key}, 0, 0);
    const hid_t g = H5Gcreate2(f, "train", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const torch::Tensor x = fs.features.contiguous();
    dataset(g, "features", H5T_IEEE_F32LE, {hsize_t(x.size(0)), hsize_t(x.size(1))}, H5P_DEFAULT,
            x.data_ptr<float>(), H5T_NATIVE_FLOAT);
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    std::vector<const char*> paths, classes;
    for (const auto& p : fs.relativePaths) paths.push_back(p.c_str());
    for (const auto& c : fs.classes) classes.push_back(c.c_str());
    dataset(g, "paths", t, {hsize_t(paths.size())}, H5P_DEFAULT, paths.data(), t);
    dataset(g, "class_names", t, {hsize_t(classes.size())}, H5P_DEFAULT, classes.data(), t);
    H5Tclose(t);
    const torch::Tensor y = fs.labels.contiguous();
    dataset(g, "labels", H5T_STD_I64LE, {hsize_t(y.size(0))}, H5P_DEFAULT,
            y.data_ptr<std::int64_t>(), H5T_NATIVE_INT64);
    intAttr(g, "checksum", {0}, true);
    H5Gclose(g);
    H5Fclose(f);
}

QString slug(QString s) {
    s.replace(QRegularExpression("[^A-Za-z0-9]+"), "_");
    return s;
}

}  // namespace

class TestHostileH5 : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString kerasBase_, modelBase_, cacheBase_;
    const std::string key_ = "hostile|key";

    /// Copies base to a file named after the case, applies the mutation, returns the path.
    QString mutated(const QString& base, const char* prefix, const Case& c) {
        const QString file = tmp_.filePath(QString(prefix) + "_" + slug(c.name) + ".h5");
        if (!copyFile(base, file)) return {};
        const hid_t f = H5Fopen(file.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
        if (f < 0) return {};
        c.mutate(f, tmp_.path());
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

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        // What an external link or external storage would disclose if followed.
        QVERIFY(hostile::writeFile(tmp_.filePath("secret.bin"), QByteArray(4096, 'S')));
        const hid_t s = H5Fcreate(tmp_.filePath("secret.h5").toUtf8().constData(), H5F_ACC_TRUNC,
                                  H5P_DEFAULT, H5P_DEFAULT);
        std::vector<float> secret(1000, 42.f);
        dataset(s, "data", H5T_IEEE_F32LE, {1000}, H5P_DEFAULT, secret.data(), H5T_NATIVE_FLOAT);
        H5Fclose(s);

        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64"));
        kerasBase_ = tmp_.filePath("keras_base.h5");
        keras::write(kerasBase_.toStdString(), toKerasFile(asChain(*net)));
        createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + kerasBase_.toStdString()));

        net->replaceHead(2);
        recipe::ModelMeta meta;
        meta.architecture = net->architecture();
        meta.classes = {"cat", "dog"};
        meta.preprocessing = net->preprocessing();
        modelBase_ = tmp_.filePath("model_base.h5");
        recipe::saveModelKeras(modelBase_.toStdString(), *net, nullptr, meta);
        QCOMPARE(recipe::loadModel(modelBase_.toStdString()).meta.classes.size(), std::size_t(2));

        CacheContents c;
        c.key = key_;
        for (const char* split : {"train", "valid"}) {
            CachedSplit s;
            s.dim = 8;
            for (int i = 0; i < 40; ++i) s.features.push_back(float(i));
            for (int i = 0; i < 5; ++i) {
                s.paths.push_back(std::string(split) + "/cats/" + std::to_string(i) + ".jpg");
                s.labels.push_back(0);
                s.sizes.push_back(100 + i);
                s.mtimes.push_back(1000 + i);
            }
            s.classNames = {"cats"};
            c.splits[split] = s;
        }
        cacheBase_ = tmp_.filePath("cache_base.h5");
        writeFeatureCache(cacheBase_.toStdString(), c, false);
        const CacheContents back = readFeatureCache(cacheBase_.toStdString(), key_);
        QCOMPARE(back.splits.at("train").features, c.splits["train"].features);
    }

    void kerasWeights_data() {
        QTest::addColumn<int>("index");
        const auto cases = kerasCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void kerasWeights() {
        QFETCH(int, index);
        const QString file = mutated(kerasBase_, "keras", kerasCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        const std::string f = file.toStdString();
        EXPECT_HOSTILE_ERROR(
            [&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + f)); },
            QFileInfo(file).fileName());
    }

    /// Hostile only in what is never read: the weights load, equal to the base file's.
    void kerasIgnoredAttributes_data() {
        QTest::addColumn<int>("index");
        const auto cases = ignoredKerasCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void kerasIgnoredAttributes() {
        QFETCH(int, index);
        const QString file = mutated(kerasBase_, "keras", ignoredKerasCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        hostile::inputs().insert(QFileInfo(file).fileName());
        const keras::File base = keras::read(kerasBase_.toStdString());
        const keras::File read = keras::read(file.toStdString());
        QCOMPARE(read.layers.size(), base.layers.size());
        QVERIFY(read.backend.empty() && read.kerasVersion.empty());
        for (std::size_t i = 0; i < base.layers.size(); ++i) {
            QCOMPARE(read.layers[i].weights.size(), base.layers[i].weights.size());
            for (std::size_t k = 0; k < base.layers[i].weights.size(); ++k)
                QVERIFY(
                    torch::equal(read.layers[i].weights[k].value, base.layers[i].weights[k].value));
        }
        createNetwork(
            BackboneSpec::parse("mobilenet_v1_0.25@64:" + file.toStdString()));  // no throw
    }

    void kerasModel_data() {
        QTest::addColumn<int>("index");
        const auto cases = kerasModelCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void kerasModel() {
        QFETCH(int, index);
        const QString file = mutated(modelBase_, "model", kerasModelCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(file.toStdString()); },
                             QFileInfo(file).fileName());
    }

    void cache_data() {
        QTest::addColumn<int>("index");
        const auto cases = cacheCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void cache() {
        QFETCH(int, index);
        const QString file = mutated(cacheBase_, "cache", cacheCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        const hostile::Outcome o = hostile::run([&] { readFeatureCache(file.toStdString(), key_); },
                                                QFileInfo(file).fileName());
        qInfo().noquote() << o.text.left(300);
        QVERIFY2(o.ok, qPrintable(o.text));
        // BadCache: loadOrExtractFeatures rebuilds rather than failing the job.
        QCOMPARE(int(o.code), int(ErrorCode::BadCache));
    }

    void truncatedAndForeignFiles_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("how");
        for (const char* b : {"keras", "model", "cache"})
            for (const char* h : {"half", "header only", "signature at 512", "zeros after 100"})
                QTest::newRow(qPrintable(QString(b) + " " + h)) << QString(b) << QString(h);
    }
    void truncatedAndForeignFiles() {
        QFETCH(QString, base);
        QFETCH(QString, how);
        const QString src = base == "keras"   ? kerasBase_
                            : base == "model" ? modelBase_
                                              : cacheBase_;
        QFile in(src);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray b = in.readAll();
        if (how == "half") b.truncate(b.size() / 2);
        if (how == "header only") b.truncate(96);
        if (how == "signature at 512") b = QByteArray(512, 'x') + b.left(8) + QByteArray(300, 'y');
        if (how == "zeros after 100") b = b.left(100) + QByteArray(b.size() - 100, '\0');
        const QString file = tmp_.filePath(slug(base + " " + how) + ".h5");
        QVERIFY(hostile::writeFile(file, b));
        const std::string f = file.toStdString();
        const QString name = QFileInfo(file).fileName();
        if (base == "keras")
            EXPECT_HOSTILE_ERROR(
                [&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + f)); }, name);
        else if (base == "model")
            EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(f); }, name);
        else
            EXPECT_HOSTILE_ERROR([&] { readFeatureCache(f, key_); }, name);
    }

    /// F5: whatever the refusal path, the secret's bytes never come back as weights.
    void externalStorageDisclosesNothing() {
        const auto cases = kerasCases();
        for (const auto& c : cases) {
            if (std::string(c.name).find("(F5)") == std::string::npos) continue;
            const QString file = mutated(kerasBase_, "disclose", c);
            try {
                keras::read(file.toStdString());
                QFAIL(qPrintable(QString("read ") + c.name));
            } catch (const Error& e) {
                QCOMPARE(int(e.code()), int(ErrorCode::BadWeights));
            }
        }
    }

    /// F14 end to end: a cache whose rows were zeroed, or whose width is not the extractor's
    /// (with a valid checksum), is reported and rebuilt; the features are the fresh ones.
    void damagedCacheIsRebuiltNotTrainedOn_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("zeroed rows") << "zero";
        QTest::newRow("rows rotated by one") << "rotate";
        QTest::newRow("another width, valid checksum") << "width";
    }
    void damagedCacheIsRebuiltNotTrainedOn() {
        QFETCH(QString, damage);
        const QString root = tmp_.filePath("data_" + damage);
        QVERIFY(makeBmpFolder(root));
        const DatasetScan scan = scanImageFolder(root.toStdString());
        std::vector<std::string> messages;
        FeatureCacheOptions o;
        o.cacheDir = (root + "/cache").toStdString();
        o.key = "mean";
        o.preprocessing = Preprocessing::kerasSymmetric(8, 8);
        o.extractor = [](const torch::Tensor& x) { return x.mean({2, 3}); };
        o.batchSize = 2;
        o.onMessage = [&](const std::string& m) { messages.push_back(m); };
        const torch::Tensor fresh = loadOrExtractFeatures(scan, {"train"}, o)[0].features;
        const std::string cache = featureCachePath(o);
        if (damage == "width") {
            CacheContents c = readFeatureCache(cache, featureCacheKey(o));
            CachedSplit& s = c.splits.at("train");
            s.dim = 5;
            s.features.assign(s.rows() * 5, 0.5f);
            writeFeatureCache(cache, c, false);  // a valid file, checksum and all
        } else {
            const hid_t f = H5Fopen(cache.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
            const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
            const torch::Tensor t =
                damage == "zero" ? torch::zeros_like(fresh) : fresh.roll(1, 0).contiguous();
            dataset(g, "features", H5T_IEEE_F32LE, {hsize_t(t.size(0)), hsize_t(t.size(1))},
                    H5P_DEFAULT, t.data_ptr<float>(), H5T_NATIVE_FLOAT);
            H5Gclose(g);
            H5Fclose(f);
        }
        messages.clear();
        const FeatureSet again = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(again.decoded, std::size_t(4));
        QVERIFY(torch::equal(again.features, fresh));
        QVERIFY(!messages.empty());
        qInfo().noquote() << QString::fromStdString(messages.front()).left(300);
        // Rebuilt: a third run is a clean hit.
        messages.clear();
        const FeatureSet third = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(third.decoded, std::size_t(0));
        QVERIFY(torch::equal(third.features, fresh));
    }

    /// Version 3: a version 2 cache (variable-length strings, which are never read) is
    /// reported and rebuilt, also when its global heap is damaged; the next run is a clean hit.
    void versionTwoCacheIsRebuilt_data() {
        QTest::addColumn<bool>("damageHeap");
        QTest::newRow("version 2 cache") << false;
        QTest::newRow("version 2 cache, global heap damaged") << true;
    }
    void versionTwoCacheIsRebuilt() {
        QFETCH(bool, damageHeap);
        const QString root = tmp_.filePath(damageHeap ? "data_v2_damaged" : "data_v2");
        QVERIFY(makeBmpFolder(root));
        const DatasetScan scan = scanImageFolder(root.toStdString());
        std::vector<std::string> messages;
        FeatureCacheOptions o;
        o.cacheDir = (root + "/cache").toStdString();
        o.key = "mean";
        o.preprocessing = Preprocessing::kerasSymmetric(8, 8);
        o.extractor = [](const torch::Tensor& x) { return x.mean({2, 3}); };
        o.onMessage = [&](const std::string& m) { messages.push_back(m); };
        const FeatureSet fresh = loadOrExtractFeatures(scan, {"train"}, o)[0];
        const std::string cache = featureCachePath(o);
        writeVersionTwoCache(cache, featureCacheKey(o), fresh);
        if (damageHeap) {
            QFile io(QString::fromStdString(cache));
            QVERIFY(io.open(QIODevice::ReadOnly));
            QByteArray bytes = io.readAll();
            io.close();
            QVERIFY(corruptGlobalHeap(bytes));
            QVERIFY(hostile::writeFile(QString::fromStdString(cache), bytes));
        }
        messages.clear();
        const FeatureSet again = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(again.decoded, std::size_t(4));
        QVERIFY(torch::equal(again.features, fresh.features));
        QCOMPARE(messages.size(), std::size_t(1));
        const QString m = QString::fromStdString(messages.front());
        qInfo().noquote() << m;
        QVERIFY2(m.contains(QString::fromStdString(cache)) && m.contains("format version 2") &&
                     m.contains("rebuilding"),
                 qPrintable(m));
        messages.clear();
        const FeatureSet third = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(third.decoded, std::size_t(0));
        QVERIFY(messages.empty());
    }

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileH5)
#include "test_hostile_h5.moc"

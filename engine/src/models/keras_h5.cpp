// Keras HDF5 reader and writer on the HDF5 C API; every HDF5 failure becomes a featurelab::Error.
#include "models/keras_h5.h"

#include <hdf5.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "featurelab/error.h"
#include "features/h5_sandbox.h"
#include "features/hdf5_safety.h"

namespace featurelab::keras {

namespace {

// Owns one HDF5 identifier.
class Hid {
public:
    Hid(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Hid() {
        if (id_ >= 0) close_(id_);
    }
    Hid(const Hid&) = delete;
    Hid& operator=(const Hid&) = delete;
    hid_t get() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

// HDF5 prints its error stack to stderr by default; the engine never prints. Also keeps
// libhdf5's exit handler away (it crashes after a failed write: h5safe::prepareLibrary).
void silenceHdf5() { h5safe::prepareLibrary(); }

[[noreturn]] void bad(const std::string& path, const std::string& why) {
    throw Error(ErrorCode::BadWeights, path + ": " + why);
}

bool hasAttr(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

// Attribute text is names and short metadata: a few megabytes at most.
constexpr std::int64_t kMaxAttrStrings = 1'000'000;
constexpr std::size_t kMaxAttrBytes = 64u << 20;

std::vector<std::string> readStringsAttr(hid_t obj, const std::string& name,
                                         const std::string& path) {
    Hid attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr.ok()) bad(path, "cannot open attribute '" + name + "'");
    Hid type(H5Aget_type(attr.get()), H5Tclose);
    Hid space(H5Aget_space(attr.get()), H5Sclose);
    if (!type.ok() || !space.ok()) bad(path, "cannot read attribute '" + name + "'");
    const std::int64_t n = h5safe::attrPoints(attr.get());
    std::vector<std::string> out;
    if (n == 0) return out;  // Keras writes an empty float array for weightless layers
    // A list is one-dimensional (or a scalar): H5Aread fills every element of any shape.
    if (n < 0 || H5Sget_simple_extent_ndims(space.get()) > 1 || n > kMaxAttrStrings)
        bad(path, "attribute '" + name + "' is not a list of names");
    if (H5Tget_class(type.get()) != H5T_STRING) bad(path, "attribute '" + name + "' is not text");
    // Keras (h5py, numpy 'S' arrays) and our exports write these names as fixed-length
    // strings. Variable-length ones live in the file's global heap, which libhdf5 follows
    // without checking sizes or offsets (a crafted heap over-reads or hangs in H5HG_read), so
    // they are refused before H5Aread, never read.
    if (H5Tis_variable_str(type.get()) != 0)
        bad(path,
            "attribute '" + name +
                "' is a variable-length string, which is never read (Keras and Featurelab write "
                "fixed-length strings)");
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0 || size > kMaxAttrBytes / static_cast<std::size_t>(n))
        bad(path, "attribute '" + name + "' declares absurdly long text");
    std::vector<char> buf(size * static_cast<std::size_t>(n));
    if (H5Aread(attr.get(), type.get(), buf.data()) < 0)
        bad(path, "cannot read attribute '" + name + "'");
    for (std::int64_t i = 0; i < n; ++i) {
        const char* s = buf.data() + i * size;
        out.emplace_back(s, strnlen(s, size));
    }
    return out;
}

// Keras splits attributes over 64 KB into name0, name1, ... (h5py's attribute size limit).
std::vector<std::string> readNameList(hid_t obj, const std::string& name, const std::string& path,
                                      bool* found) {
    *found = true;
    if (hasAttr(obj, name)) return readStringsAttr(obj, name, path);
    std::vector<std::string> all;
    for (int chunk = 0; hasAttr(obj, name + std::to_string(chunk)); ++chunk) {
        auto part = readStringsAttr(obj, name + std::to_string(chunk), path);
        all.insert(all.end(), part.begin(), part.end());
        if (all.size() > std::size_t(kMaxAttrStrings)) bad(path, "absurdly many names in " + name);
    }
    *found = !all.empty();
    return all;
}

// IEEE half, single or double precision: the formats Keras writes. HDF5 can describe any float
// layout, and its converters need not be trusted with invented ones.
bool ieeeFloat(hid_t type) {
    if (H5Tget_class(type) != H5T_FLOAT) return false;
    const std::size_t size = H5Tget_size(type);
    std::size_t spos = 0, epos = 0, esize = 0, mpos = 0, msize = 0;
    if (H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) < 0) return false;
    const bool order = H5Tget_order(type) == H5T_ORDER_LE || H5Tget_order(type) == H5T_ORDER_BE;
    return order && H5Tget_offset(type) == 0 && mpos == 0 &&
           ((size == 2 && spos == 15 && epos == 10 && esize == 5 && msize == 10) ||
            (size == 4 && spos == 31 && epos == 23 && esize == 8 && msize == 23) ||
            (size == 8 && spos == 63 && epos == 52 && esize == 11 && msize == 52));
}

/// Reads one weight. budget is what the whole file may still allocate (in float32 bytes): the
/// declared shape is checked against it and against what the file stores before allocating.
torch::Tensor readDataset(hid_t group, const std::string& name, const std::string& path,
                          const std::string& layer, std::uint64_t& budget) {
    const std::string what = "weight '" + name + "' of layer '" + layer + "'";
    std::string why;
    Hid ds(h5safe::openDatasetPath(group, name, why), H5Dclose);
    if (!ds.ok()) bad(path, "layer '" + layer + "' lists weight '" + name + "' but " + why);
    why = h5safe::storageProblem(ds.get());
    if (!why.empty()) bad(path, what + ": " + why);
    std::vector<std::uint64_t> dims;
    if (!h5safe::datasetDims(ds.get(), dims, 8, why)) bad(path, what + ": " + why);
    Hid type(H5Dget_type(ds.get()), H5Tclose);
    if (!type.ok() || !ieeeFloat(type.get())) bad(path, what + " is not IEEE floating point");
    std::uint64_t numel = 1;
    for (auto d : dims) numel *= d;  // datasetDims bounds the product
    if (numel > budget / 4)
        bad(path, what + " declares " + std::to_string(numel) +
                      " values, more than the whole file could hold");
    budget -= numel * 4;
    if (h5sandbox::probing()) return {};  // no data, and no LibTorch in a forked child
    std::vector<std::int64_t> shape(dims.begin(), dims.end());
    auto t = torch::empty(shape, torch::kFloat32);
    if (t.numel() > 0 &&
        H5Dread(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.data_ptr<float>()) < 0)
        bad(path, "cannot read " + what + " (the file may be truncated)");
    return t;
}

void writeStringsAttr(hid_t obj, const std::string& name, const std::vector<std::string>& values,
                      bool scalar) {
    std::size_t width = 1;
    for (const auto& v : values) width = std::max(width, v.size());
    std::vector<char> buf(width * values.size(), '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
        std::memcpy(buf.data() + i * width, values[i].data(), values[i].size());
    Hid type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), width);
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    const hsize_t n = values.size();
    // A weightless layer's weight_names is an empty list: a null dataspace, nothing to write.
    Hid space(scalar   ? H5Screate(H5S_SCALAR)
              : n == 0 ? H5Screate(H5S_NULL)
                       : H5Screate_simple(1, &n, nullptr),
              H5Sclose);
    Hid attr(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
             H5Aclose);
    if (!attr.ok() || (n > 0 && H5Awrite(attr.get(), type.get(), buf.data()) < 0))
        throw Error(ErrorCode::Io, "Cannot write the HDF5 attribute '" + name + "'.");
}

File readUnchecked(const std::string& path) {
    silenceHdf5();
    Hid file(h5safe::openReadOnly(path), H5Fclose);
    if (!file.ok()) bad(path, "HDF5 signature found but the file cannot be opened (truncated?)");
    // Stored bytes are checked per dataset; compressed ones may expand, but not beyond this.
    std::error_code ec;
    std::uint64_t budget = 4 * std::filesystem::file_size(path, ec) + (16u << 20);
    File out;
    hid_t root = file.get();
    std::unique_ptr<Hid> modelWeights;
    bool found = false;
    auto names = readNameList(root, "layer_names", path, &found);
    if (!found && H5Lexists(root, "model_weights", h5safe::linkAccess()) > 0) {
        std::string why;
        modelWeights =
            std::make_unique<Hid>(h5safe::openGroupPath(root, "model_weights", why), H5Gclose);
        if (!modelWeights->ok()) bad(path, "cannot open /model_weights: " + why);
        names = readNameList(modelWeights->get(), "layer_names", path, &found);
        out.fullModel = true;
    }
    if (!found)
        bad(path,
            "an HDF5 file without the Keras 'layer_names' attribute (neither at the root "
            "nor under /model_weights), so it is not a Keras weights file");
    hid_t base = modelWeights ? modelWeights->get() : root;
    // backend and keras_version are not read: nothing uses them, and Keras writes both as
    // variable-length strings (the global heap that readStringsAttr refuses to touch).
    if (hasAttr(root, "featurelab_metadata")) {
        auto v = readStringsAttr(root, "featurelab_metadata", path);
        out.featurelabMetadata = v.empty() ? "" : v[0];
    }
    for (const auto& layerName : names) {
        Layer layer;
        layer.name = layerName;
        std::string why;
        Hid group(h5safe::openGroupPath(base, layerName, why), H5Gclose);
        if (!group.ok()) bad(path, "layer_names lists '" + layerName + "' but " + why);
        bool hasWeights = false;
        for (const auto& w : readNameList(group.get(), "weight_names", path, &hasWeights))
            layer.weights.push_back({w, readDataset(group.get(), w, path, layerName, budget)});
        out.layers.push_back(std::move(layer));
    }
    return out;
}

}  // namespace

bool looksLikeHdf5(const std::string& path) {
    static const char kSig[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    std::ifstream in(path, std::ios::binary);
    for (std::streamoff off : {0, 512, 1024, 2048}) {
        char buf[8] = {};
        in.clear();
        in.seekg(off);
        if (in.read(buf, 8) && std::memcmp(buf, kSig, 8) == 0) return true;
    }
    return false;
}

File read(const std::string& path) {
    // The same walk first in a child: a crash inside libhdf5 then ends the child only.
    const std::string crash = h5sandbox::probe(path, [&] { readUnchecked(path); });
    if (!crash.empty()) bad(path, crash + "; the file is damaged");
    std::shared_lock<std::shared_mutex> lock(h5sandbox::libraryLock());
    try {
        return readUnchecked(path);
    } catch (const std::bad_alloc&) {
        bad(path, "it declares more data than fits in memory");
    } catch (const c10::Error&) {
        bad(path, "it declares tensors that cannot be allocated");
    }
}

void write(const std::string& path, const File& file) {
    std::shared_lock<std::shared_mutex> lock(h5sandbox::libraryLock());
    silenceHdf5();
    Hid f(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    if (!f.ok()) throw Error(ErrorCode::Io, "Cannot create the HDF5 file " + path + ".");
    std::vector<std::string> names;
    for (const auto& l : file.layers) names.push_back(l.name);
    writeStringsAttr(f.get(), "layer_names", names, false);
    writeStringsAttr(f.get(), "backend", {file.backend.empty() ? "tensorflow" : file.backend},
                     true);
    writeStringsAttr(f.get(), "keras_version",
                     {file.kerasVersion.empty() ? "2.2.4" : file.kerasVersion}, true);
    if (!file.featurelabMetadata.empty())
        writeStringsAttr(f.get(), "featurelab_metadata", {file.featurelabMetadata}, true);
    Hid lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(lcpl.get(), 1);
    for (const auto& l : file.layers) {
        Hid group(H5Gcreate2(f.get(), l.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  H5Gclose);
        if (!group.ok()) throw Error(ErrorCode::Io, "Cannot create HDF5 group " + l.name + ".");
        std::vector<std::string> wnames;
        for (const auto& w : l.weights) wnames.push_back(w.name);
        writeStringsAttr(group.get(), "weight_names", wnames, false);
        for (const auto& w : l.weights) {
            auto t = w.value.to(torch::kFloat32).contiguous();
            std::vector<hsize_t> dims(t.sizes().begin(), t.sizes().end());
            Hid space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                      H5Sclose);
            Hid ds(H5Dcreate2(group.get(), w.name.c_str(), H5T_IEEE_F32LE, space.get(), lcpl.get(),
                              H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose);
            if (!ds.ok() || H5Dwrite(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                     t.data_ptr<float>()) < 0)
                throw Error(ErrorCode::Io, "Cannot write " + l.name + "/" + w.name + " to " + path);
        }
    }
}

}  // namespace featurelab::keras

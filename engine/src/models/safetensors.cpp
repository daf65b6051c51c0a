// safetensors reading and writing, plus sniffing the weights format from a file's first bytes.
#include <caffe2/serialize/inline_container.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "featurelab/error.h"
#include "models/keras_h5.h"
#include "models/weights_io.h"

namespace featurelab {

namespace {

struct DtypeInfo {
    const char* name;
    torch::ScalarType type;
};
const DtypeInfo kDtypes[] = {
    {"F32", torch::kFloat32},   {"F64", torch::kFloat64}, {"F16", torch::kFloat16},
    {"BF16", torch::kBFloat16}, {"I64", torch::kInt64},   {"I32", torch::kInt32},
    {"I16", torch::kInt16},     {"I8", torch::kInt8},     {"U8", torch::kUInt8},
    {"BOOL", torch::kBool},
};

[[noreturn]] void bad(const std::string& path, const std::string& why) {
    throw Error(ErrorCode::BadWeights, path + ": " + why);
}

std::uint64_t readLe64(const unsigned char* b) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
    return v;
}

}  // namespace

const char* weightsFormatName(WeightsFormat f) {
    switch (f) {
        case WeightsFormat::KerasHdf5:
            return "Keras HDF5";
        case WeightsFormat::Safetensors:
            return "safetensors";
        case WeightsFormat::TorchSaveZip:
            return "torch.save archive";
        case WeightsFormat::TorchScript:
            return "TorchScript";
        case WeightsFormat::TorchLegacy:
            return "legacy torch.save";
        case WeightsFormat::Unknown:
            return "unknown";
    }
    return "unknown";
}

WeightsFormat detectWeightsFormat(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(ErrorCode::NotFound, "Weights file not found: " + path);
    const auto size = std::filesystem::file_size(path, ec);
    if (keras::looksLikeHdf5(path)) return WeightsFormat::KerasHdf5;
    unsigned char head[16] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(head), sizeof head);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) {
        try {
            caffe2::serialize::PyTorchStreamReader reader(path);
            if (reader.hasRecord("constants.pkl")) return WeightsFormat::TorchScript;
            for (const auto& r : reader.getAllRecords())
                if (r.rfind("code/", 0) == 0) return WeightsFormat::TorchScript;
            if (reader.hasRecord("data.pkl")) return WeightsFormat::TorchSaveZip;
        } catch (const c10::Error&) {
            bad(path,
                "a zip archive that PyTorch cannot read (truncated, or not a torch.save / "
                "torch.jit.save file)");
        }
        return WeightsFormat::Unknown;
    }
    if (got >= 9 && head[8] == '{' && readLe64(head) + 8 <= size) return WeightsFormat::Safetensors;
    if (got >= 9 && head[8] == '{')
        bad(path, "a safetensors header that runs past the end of the file (truncated?)");
    if (got >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5)
        return WeightsFormat::TorchLegacy;
    return WeightsFormat::Unknown;
}

NamedTensors readSafetensors(const std::string& path,
                             std::map<std::string, std::string>* metadata) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::NotFound, "Cannot open " + path);
    std::error_code ec;
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    unsigned char lenBytes[8];
    if (!in.read(reinterpret_cast<char*>(lenBytes), 8)) bad(path, "too short for safetensors");
    const std::uint64_t headerLen = readLe64(lenBytes);
    if (headerLen + 8 > fileSize) bad(path, "safetensors header runs past the end of the file");
    std::string header(headerLen, '\0');
    in.read(header.data(), static_cast<std::streamsize>(headerLen));
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(header);
    } catch (const nlohmann::json::exception& e) {
        bad(path, std::string("the safetensors header is not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) bad(path, "the safetensors header is not a JSON object");
    const std::uint64_t dataStart = 8 + headerLen, dataSize = fileSize - dataStart;
    struct Entry {
        std::string name;
        torch::ScalarType type;
        std::vector<std::int64_t> shape;
        std::uint64_t begin, end;
    };
    std::vector<Entry> entries;
    for (const auto& [key, value] : j.items()) {
        if (key == "__metadata__") {
            if (metadata && value.is_object())
                for (const auto& [mk, mv] : value.items())
                    (*metadata)[mk] = mv.is_string() ? mv.get<std::string>() : mv.dump();
            continue;
        }
        try {
            Entry e{key, torch::kFloat32, value.at("shape").get<std::vector<std::int64_t>>(), 0, 0};
            const auto dtype = value.at("dtype").get<std::string>();
            auto it = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                   [&](const DtypeInfo& d) { return dtype == d.name; });
            if (it == std::end(kDtypes))
                bad(path, "tensor '" + key + "' has unsupported dtype " + dtype);
            e.type = it->type;
            const auto offsets = value.at("data_offsets").get<std::vector<std::uint64_t>>();
            if (offsets.size() != 2) bad(path, "tensor '" + key + "' has malformed data_offsets");
            e.begin = offsets[0];
            e.end = offsets[1];
            entries.push_back(std::move(e));
        } catch (const nlohmann::json::exception& ex) {
            bad(path, "tensor '" + key + "' has a malformed header entry (" + ex.what() + ")");
        }
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.begin < b.begin; });
    NamedTensors out;
    for (const auto& e : entries) {
        auto t = torch::empty(e.shape, torch::TensorOptions().dtype(e.type));
        const std::uint64_t bytes = t.numel() * t.element_size();
        if (e.end < e.begin || e.end - e.begin != bytes)
            bad(path, "tensor '" + e.name + "' has " + std::to_string(e.end - e.begin) +
                          " bytes of data for its shape, which needs " + std::to_string(bytes));
        if (e.end > dataSize)
            bad(path, "tensor '" + e.name + "' runs past the end of the file (truncated?)");
        in.seekg(static_cast<std::streamoff>(dataStart + e.begin));
        if (bytes &&
            !in.read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(bytes)))
            bad(path, "cannot read tensor '" + e.name + "' (truncated?)");
        out.emplace_back(e.name, t);
    }
    return out;
}

void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header;
    if (!metadata.empty()) {
        nlohmann::ordered_json meta = nlohmann::ordered_json::object();
        for (const auto& [k, v] : metadata) meta[k] = v;
        header["__metadata__"] = meta;
    }
    std::vector<torch::Tensor> data;
    std::uint64_t offset = 0;
    for (const auto& [name, value] : tensors) {
        auto t = value.detach().to(torch::kCPU).contiguous();
        auto it = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                               [&](const DtypeInfo& d) { return d.type == t.scalar_type(); });
        if (it == std::end(kDtypes))
            throw Error(ErrorCode::Internal, "Cannot export tensor '" + name + "' of this dtype.");
        const std::uint64_t bytes = t.numel() * t.element_size();
        header[name] = {{"dtype", it->name},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        data.push_back(t);
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data 8-byte aligned
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(text.size() >> (8 * i));
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto& t : data)
        out.write(static_cast<const char*>(t.data_ptr()),
                  static_cast<std::streamsize>(t.numel() * t.element_size()));
    if (!out) throw Error(ErrorCode::Io, "Cannot write " + path + " (disk full or no permission?)");
}

}  // namespace featurelab

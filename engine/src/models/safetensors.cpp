// safetensors reading and writing, plus sniffing the weights format from a file's first bytes.
#include <caffe2/serialize/inline_container.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

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

constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;
constexpr std::size_t kMaxJsonDepth = 8;

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
        } catch (const std::exception&) {  // c10::Error, or bad_alloc for a hostile directory
            bad(path,
                "a zip archive that PyTorch cannot read (truncated, or not a torch.save / "
                "torch.jit.save file)");
        }
        return WeightsFormat::Unknown;
    }
    if (got >= 9 && head[8] == '{' && size >= 8 && readLe64(head) <= size - 8)
        return WeightsFormat::Safetensors;
    if (got >= 9 && head[8] == '{')
        bad(path, "a safetensors header that runs past the end of the file (truncated?)");
    if (got >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5)
        return WeightsFormat::TorchLegacy;
    return WeightsFormat::Unknown;
}

/// The deepest bracket nesting in JSON text (outside strings), found without recursion: the
/// parser and the value's destructor recurse, so a 200,000-deep array must be refused first.
std::size_t jsonNestingDepth(const std::string& text) {
    std::size_t depth = 0, deepest = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

namespace {

struct Entry {
    std::string name;
    torch::ScalarType type;
    std::size_t elementSize;
    std::vector<std::int64_t> shape;
    std::uint64_t begin, end;
};

/// One header entry, checked completely (dtype, integral non-negative dims without overflow,
/// offsets that match the byte count) before anything is allocated.
Entry parseEntry(const std::string& path, const std::string& key, const nlohmann::json& value,
                 std::uint64_t dataSize) {
    const std::string what = "tensor '" + key + "'";
    if (!value.is_object() || value.size() != 3 || !value.contains("dtype") ||
        !value.contains("shape") || !value.contains("data_offsets"))
        bad(path, what + " is not {dtype, shape, data_offsets}");
    const auto& dtype = value["dtype"];
    if (!dtype.is_string()) bad(path, what + " has a dtype that is not text");
    auto it = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                           [&](const DtypeInfo& d) { return dtype.get<std::string>() == d.name; });
    if (it == std::end(kDtypes))
        bad(path, what + " has unsupported dtype " + dtype.get<std::string>().substr(0, 40));
    Entry e{key, it->type, c10::elementSize(it->type), {}, 0, 0};
    const auto& shape = value["shape"];
    if (!shape.is_array() || shape.size() > 8)
        bad(path, what + " has a shape that is not a list of at most 8 sizes");
    std::uint64_t numel = 1;
    for (const auto& d : shape) {
        if (!d.is_number_unsigned())
            bad(path, what + " has a size that is not a whole non-negative number (" +
                          d.dump().substr(0, 40) + ")");
        const std::uint64_t v = d.get<std::uint64_t>();
        if (v > (std::uint64_t(1) << 40) || (v && numel > (std::uint64_t(1) << 60) / v))
            bad(path, what + " declares an absurdly large shape");
        numel *= v;
        e.shape.push_back(static_cast<std::int64_t>(v));
    }
    const auto& offsets = value["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
        bad(path, what + " has malformed data_offsets");
    e.begin = offsets[0].get<std::uint64_t>();
    e.end = offsets[1].get<std::uint64_t>();
    if (numel > (std::uint64_t(1) << 60) / e.elementSize)
        bad(path, what + " declares an absurdly large shape");
    const std::uint64_t bytes = numel * e.elementSize;
    if (e.end < e.begin || e.end - e.begin != bytes)
        bad(path, what + " has " +
                      (e.end < e.begin ? "reversed data_offsets"
                                       : std::to_string(e.end - e.begin) + " bytes of data") +
                      " for its shape, which needs " + std::to_string(bytes));
    if (e.end > dataSize) bad(path, what + " runs past the end of the file (truncated?)");
    return e;
}

}  // namespace

NamedTensors readSafetensors(const std::string& path,
                             std::map<std::string, std::string>* metadata) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::NotFound, "Cannot open " + path);
    std::error_code ec;
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorCode::NotFound, "Cannot open " + path);
    unsigned char lenBytes[8];
    if (fileSize < 8 || !in.read(reinterpret_cast<char*>(lenBytes), 8))
        bad(path, "too short for safetensors");
    const std::uint64_t headerLen = readLe64(lenBytes);
    // Compared without adding (8 + a huge length wraps around); the format caps headers at
    // 100 MB.
    if (headerLen > fileSize - 8) bad(path, "safetensors header runs past the end of the file");
    if (headerLen > kMaxHeaderBytes)
        bad(path, "the safetensors header is " + std::to_string(headerLen) +
                      " bytes, more than the format's 100 MB limit");
    std::string header(headerLen, '\0');
    if (!in.read(header.data(), static_cast<std::streamsize>(headerLen)))
        bad(path, "cannot read the safetensors header (truncated?)");
    if (jsonNestingDepth(header) > kMaxJsonDepth)
        bad(path, "the safetensors header nests deeper than " + std::to_string(kMaxJsonDepth) +
                      " levels (a real header has 3)");
    nlohmann::json j;
    std::string duplicate;
    try {
        // Keys seen per open object: JSON parsers keep the last of two equal keys silently.
        std::vector<std::set<std::string>> keys;
        j = nlohmann::json::parse(
            header, [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
                using E = nlohmann::json::parse_event_t;
                if (event == E::object_start) keys.emplace_back();
                if (event == E::object_end && !keys.empty()) keys.pop_back();
                if (event == E::key && !keys.empty() &&
                    !keys.back().insert(parsed.get<std::string>()).second && duplicate.empty())
                    duplicate = parsed.get<std::string>();
                return true;
            });
    } catch (const nlohmann::json::parse_error& e) {
        bad(path,
            "the safetensors header is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    } catch (const nlohmann::json::exception&) {
        bad(path, "the safetensors header is not valid JSON");
    }
    if (!duplicate.empty())
        bad(path, "the safetensors header names '" + duplicate.substr(0, 80) + "' twice");
    if (!j.is_object()) bad(path, "the safetensors header is not a JSON object");
    const std::uint64_t dataStart = 8 + headerLen, dataSize = fileSize - dataStart;
    std::vector<Entry> entries;
    for (const auto& [key, value] : j.items()) {
        if (key == "__metadata__") {
            if (!value.is_object()) bad(path, "its __metadata__ is not a JSON object");
            for (const auto& [mk, mv] : value.items()) {
                if (!mv.is_string())
                    bad(path, "its __metadata__ value '" + mk.substr(0, 80) + "' is not text");
                if (metadata) (*metadata)[mk] = mv.get<std::string>();
            }
            continue;
        }
        entries.push_back(parseEntry(path, key, value, dataSize));
    }
    // The format forbids overlapping tensors and holes: the data is exactly the tensors, back
    // to back.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t covered = 0;
    for (const auto& e : entries) {
        if (e.begin < covered)
            bad(path, "tensor '" + e.name + "' overlaps the data of another tensor");
        if (e.begin > covered)
            bad(path, "there is a hole in the data before tensor '" + e.name + "'");
        covered = e.end;
    }
    if (covered != dataSize)
        bad(path, std::to_string(dataSize - covered) +
                      " bytes after the last tensor belong to no tensor");
    NamedTensors out;
    try {
        for (const auto& e : entries) {
            auto t = torch::empty(e.shape, torch::TensorOptions().dtype(e.type));
            const std::uint64_t bytes = e.end - e.begin;
            in.seekg(static_cast<std::streamoff>(dataStart + e.begin));
            if (bytes &&
                !in.read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(bytes)))
                bad(path, "cannot read tensor '" + e.name + "' (truncated?)");
            out.emplace_back(e.name, t);
        }
    } catch (const std::bad_alloc&) {
        bad(path, "its tensors do not fit in memory");
    } catch (const c10::Error&) {
        bad(path, "its tensors do not fit in memory");
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
    std::string text = header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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

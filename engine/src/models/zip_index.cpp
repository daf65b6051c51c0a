// Reading a zip central directory (with ZIP64 sizes) into record sizes, bounded and checked.
#include "models/zip_index.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "featurelab/error.h"

namespace featurelab::zipindex {
namespace {

[[noreturn]] void bad(const std::string& path, const std::string& why) {
    throw Error(ErrorCode::BadWeights, path + ": " + why);
}

std::uint64_t le(const unsigned char* p, int n) {
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

bool readAt(std::ifstream& in, std::uint64_t pos, unsigned char* buf, std::size_t n) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(pos));
    return static_cast<bool>(
        in.read(reinterpret_cast<char*>(buf), static_cast<std::streamsize>(n)));
}

constexpr std::uint64_t kMaxRecords = 1'000'000;

}  // namespace

std::map<std::string, Record> read(const std::string& path) {
    std::error_code ec;
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorCode::NotFound, "Cannot open " + path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::NotFound, "Cannot open " + path);
    // The end-of-central-directory record sits in the last 22 + 65,535 bytes.
    const std::uint64_t tailLen = std::min<std::uint64_t>(fileSize, 22 + 65535);
    std::vector<unsigned char> tail(tailLen);
    if (tailLen < 22 || !readAt(in, fileSize - tailLen, tail.data(), tailLen))
        bad(path, "too short for a zip archive");
    std::size_t eocd = std::string::npos;
    for (std::size_t i = tailLen - 22 + 1; i-- > 0;)
        if (le(&tail[i], 4) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos) bad(path, "a zip archive without its directory (truncated?)");
    std::uint64_t entries = le(&tail[eocd + 10], 2), cdSize = le(&tail[eocd + 12], 4),
                  cdOffset = le(&tail[eocd + 16], 4);
    if (entries == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) {
        // ZIP64: a locator right before the record points at the 64-bit directory record.
        const std::uint64_t eocdPos = fileSize - tailLen + eocd;
        unsigned char loc[20], rec[56];
        if (eocdPos < 20 || !readAt(in, eocdPos - 20, loc, 20) || le(loc, 4) != 0x07064b50)
            bad(path, "a ZIP64 archive without its directory locator");
        const std::uint64_t recPos = le(loc + 8, 8);
        if (recPos > fileSize - 56 || !readAt(in, recPos, rec, 56) || le(rec, 4) != 0x06064b50)
            bad(path, "a ZIP64 archive with a broken directory record");
        entries = le(rec + 32, 8);
        cdSize = le(rec + 40, 8);
        cdOffset = le(rec + 48, 8);
    }
    if (entries > kMaxRecords || cdOffset > fileSize || cdSize > fileSize - cdOffset)
        bad(path, "a zip directory that does not fit the file (corrupt)");
    std::vector<unsigned char> cd(cdSize);
    if (cdSize && !readAt(in, cdOffset, cd.data(), cdSize))
        bad(path, "cannot read the zip directory");
    std::map<std::string, Record> out;
    std::size_t pos = 0;
    for (std::uint64_t k = 0; k < entries; ++k) {
        if (pos + 46 > cd.size() || le(&cd[pos], 4) != 0x02014b50)
            bad(path, "a malformed zip directory entry");
        Record r;
        r.method = static_cast<std::uint16_t>(le(&cd[pos + 10], 2));
        r.compressedSize = le(&cd[pos + 20], 4);
        r.size = le(&cd[pos + 24], 4);
        const std::size_t nameLen = le(&cd[pos + 28], 2), extraLen = le(&cd[pos + 30], 2),
                          commentLen = le(&cd[pos + 32], 2);
        if (pos + 46 + nameLen + extraLen + commentLen > cd.size())
            bad(path, "a malformed zip directory entry");
        const std::string name(reinterpret_cast<const char*>(&cd[pos + 46]), nameLen);
        // ZIP64 extra field: the 64-bit sizes, in order, for the fields that are 0xFFFFFFFF.
        for (std::size_t e = pos + 46 + nameLen; e + 4 <= pos + 46 + nameLen + extraLen;) {
            const std::size_t id = le(&cd[e], 2), len = le(&cd[e + 2], 2);
            if (e + 4 + len > pos + 46 + nameLen + extraLen) break;
            if (id == 0x0001) {
                std::size_t f = e + 4;
                if (r.size == 0xFFFFFFFF && f + 8 <= e + 4 + len) {
                    r.size = le(&cd[f], 8);
                    f += 8;
                }
                if (r.compressedSize == 0xFFFFFFFF && f + 8 <= e + 4 + len)
                    r.compressedSize = le(&cd[f], 8);
            }
            e += 4 + len;
        }
        out[name] = r;
        pos += 46 + nameLen + extraLen + commentLen;
    }
    return out;
}

std::map<std::string, Record> readChecked(const std::string& path) {
    auto index = read(path);
    std::error_code ec;
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    const long double limit = std::max<long double>(4.0L * fileSize, 64.0L * 1024 * 1024);
    long double total = 0;
    for (const auto& [name, r] : index) {
        if (r.method != 0 && r.method != 8)
            bad(path, "zip record '" + name.substr(0, 80) + "' uses compression method " +
                          std::to_string(r.method) + ", which PyTorch does not write");
        if (r.method == 0 && r.size != r.compressedSize)
            bad(path, "zip record '" + name.substr(0, 80) + "' is stored but its sizes differ");
        total += r.size;
    }
    if (total > limit)
        bad(path, "its zip records would expand to " +
                      std::to_string(static_cast<unsigned long long>(total)) + " bytes from a " +
                      std::to_string(fileSize) +
                      "-byte file (PyTorch stores them uncompressed): refused as a "
                      "decompression bomb");
    return index;
}

std::map<std::string, Record> byRecordName(const std::map<std::string, Record>& index) {
    std::map<std::string, Record> out;
    for (const auto& [name, r] : index) {
        const std::size_t slash = name.find('/');
        if (slash != std::string::npos) out.emplace(name.substr(slash + 1), r);
    }
    return out;
}

}  // namespace featurelab::zipindex

// The central directory of a zip archive (torch.save / torch.jit.save files), read without
// decompressing anything, so that declared record sizes can be checked before LibTorch
// allocates them.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace featurelab::zipindex {

struct Record {
    std::uint16_t method = 0;  // 0 stored, 8 deflated
    std::uint64_t compressedSize = 0;
    std::uint64_t size = 0;  // uncompressed
};

/// Records by their full name (e.g. "archive/data/0"). Throws Error(BadWeights) naming path
/// when the directory is missing or malformed.
std::map<std::string, Record> read(const std::string& path);

/// Throws Error(BadWeights) when the archive's records would expand to more than
/// max(4 x the file size, 64 MB): PyTorch stores records uncompressed, so a larger total is a
/// decompression bomb. Returns the index.
std::map<std::string, Record> readChecked(const std::string& path);

/// The records keyed by their name without the archive folder PyTorch puts them in
/// ("archive/data/0" -> "data/0"), as PyTorchStreamReader names them.
std::map<std::string, Record> byRecordName(const std::map<std::string, Record>& index);

}  // namespace featurelab::zipindex

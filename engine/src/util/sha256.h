// SHA-256 of bytes and of files: run folders record the backbone weights they started from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace featurelab::util {

/// Incremental SHA-256 (FIPS 180-4).
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    /// The digest as 64 lowercase hex digits. The object is spent afterwards.
    std::string hexDigest();

private:
    void block(const std::uint8_t* p);
    std::uint32_t h_[8];
    std::uint8_t buffer_[64];
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

std::string sha256Hex(const std::string& bytes);
/// The file's SHA-256 read in 1 MiB chunks. Throws Error(NotFound/Io).
std::string sha256OfFile(const std::string& path);

}  // namespace featurelab::util

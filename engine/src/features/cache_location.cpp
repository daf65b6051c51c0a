// The per-user feature cache: one folder per data folder under $XDG_CACHE_HOME/featurelab,
// each with a note of the data folder it serves, so that it can be listed and cleared.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "featurelab/cache.h"
#include "featurelab/error.h"
#include "recipe/api_boundary.h"
#include "util/sha256.h"

namespace featurelab {

namespace fs = std::filesystem;

namespace {

// The note each cache folder keeps: the absolute data folder, one line.
constexpr const char* kSourceNote = "data-folder.txt";
constexpr const char* kFolderPrefix = "data-";

std::string absoluteData(const std::string& dataDir) {
    std::error_code ec;
    fs::path p = fs::absolute(fs::u8path(dataDir), ec).lexically_normal();
    const std::string s = p.string();
    return s.size() > 1 && s.back() == '/' ? s.substr(0, s.size() - 1) : s;
}

std::string rootOr(const std::string& root) { return root.empty() ? featureCacheRoot() : root; }

}  // namespace

std::string featureCacheRoot() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const fs::path user = xdg && *xdg     ? fs::path(xdg) / "featurelab"
                          : home && *home ? fs::path(home) / ".cache" / "featurelab"
                                          : fs::temp_directory_path() / "featurelab-cache";
    return user.string();
}

std::string defaultFeatureCacheDir(const std::string& dataDir, const std::string& root) {
    const std::string data = absoluteData(dataDir);
    // A readable name plus a hash of the full path: two folders called "data" do not mix.
    std::string name = fs::path(data).filename().string();
    for (char& c : name)
        if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
    if (name.size() > 40) name.resize(40);
    const fs::path dir = fs::u8path(rootOr(root)) /
                         (kFolderPrefix + name + "-" + util::sha256Hex(data).substr(0, 12));
    std::error_code ec;
    if (!fs::exists(dir / kSourceNote, ec)) {
        fs::create_directories(dir, ec);
        std::ofstream(dir / kSourceNote) << data << '\n';  // best effort: only for listings
    }
    return dir.string();
}

std::vector<FeatureCacheEntry> listFeatureCaches(const std::string& rootArg) {
    return recipe::atApiBoundary([&] {
        std::vector<FeatureCacheEntry> out;
        const fs::path root = fs::u8path(rootOr(rootArg));
        std::error_code ec;
        if (!fs::exists(root, ec)) return out;
        fs::directory_iterator it(root, ec);
        if (ec) throw Error(ErrorCode::Io, "Cannot read '" + root.string() + "': " + ec.message());
        for (const auto& entry : it) {
            const std::string name = entry.path().filename().string();
            if (!entry.is_directory(ec) || name.rfind(kFolderPrefix, 0) != 0) continue;
            FeatureCacheEntry e;
            e.folder = entry.path().string();
            std::ifstream note(entry.path() / kSourceNote);
            std::getline(note, e.dataDir);
            for (const auto& f : fs::recursive_directory_iterator(entry.path(), ec)) {
                if (!f.is_regular_file(ec)) continue;
                e.bytes += f.file_size(ec);
                ++e.files;
            }
            out.push_back(e);
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.bytes != b.bytes ? a.bytes > b.bytes : a.folder < b.folder;
        });
        return out;
    });
}

std::uint64_t clearFeatureCaches(const std::string& dataDir, const std::string& root) {
    return recipe::atApiBoundary([&] {
        const std::string wanted = dataDir.empty() ? std::string() : absoluteData(dataDir);
        std::uint64_t freed = 0;
        for (const FeatureCacheEntry& e : listFeatureCaches(root)) {
            if (!wanted.empty() && e.dataDir != wanted) continue;
            std::error_code ec;
            fs::remove_all(e.folder, ec);
            if (ec) throw Error(ErrorCode::Io, "Cannot remove '" + e.folder + "': " + ec.message());
            freed += e.bytes;
        }
        return freed;
    });
}

}  // namespace featurelab

// Default feature-cache location.
#include "features/cache_location.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace featurelab {

std::string defaultFeatureCacheDir(const std::string& dataRoot) {
    namespace fs = std::filesystem;
    // Next to the data when that is writable (as featurelab-cli extract does), else per user:
    // shared data sets are often read-only.
    // The permission bits, not access(): as root access() says yes to a read-only share.
    const fs::path local = fs::u8path(dataRoot) / ".featurelab-cache";
    std::error_code ec;
    const auto perms = fs::status(fs::u8path(dataRoot), ec).permissions();
    if (!ec && (perms & fs::perms::owner_write) != fs::perms::none) {
        fs::create_directories(local, ec);
        if (!ec && access(local.c_str(), W_OK) == 0) return local.string();
    }
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const fs::path user = xdg && *xdg ? fs::path(xdg) / "featurelab"
                          : home && *home ? fs::path(home) / ".cache" / "featurelab"
                                          : fs::temp_directory_path() / "featurelab-cache";
    return user.string();
}

}  // namespace featurelab

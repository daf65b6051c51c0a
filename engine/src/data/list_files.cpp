// listFiles: a depth-first walk with a visited set of (device, inode), error codes throughout.
#include "data/list_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace featurelab {
namespace {

class Walker {
public:
    Walker(const fs::path& root,
           const std::function<void(const std::string&, const std::string&)>& onFile,
           const std::function<void(const std::string&, const std::string&)>& onSkip, int maxDepth)
        : root_(root), onFile_(onFile), onSkip_(onSkip), maxDepth_(maxDepth) {}

    void walk(const fs::path& dir, int depth) {
        if (depth > maxDepth_) {
            skip(dir, "folder nested more than " + std::to_string(maxDepth_) +
                          " levels deep: not listed");
            return;
        }
        struct stat st;
        if (::stat(dir.c_str(), &st) != 0) {
            skip(dir, std::string("unreadable folder: ") + std::strerror(errno));
            return;
        }
        // Two links to "." or a link to a parent would otherwise be walked forever.
        if (!visited_.insert({st.st_dev, st.st_ino}).second) {
            skip(dir, "symlink loop (folder already listed)");
            return;
        }
        std::error_code ec;
        std::vector<fs::path> entries;
        fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            skip(dir, "unreadable folder: " + ec.message());
            return;
        }
        for (fs::directory_iterator end; it != end; it.increment(ec)) {
            if (ec) {
                skip(dir, "unreadable folder: " + ec.message());
                break;
            }
            entries.push_back(it->path());
        }
        std::sort(entries.begin(), entries.end());
        for (const auto& p : entries) {
            const std::string name = p.filename().string();
            if (name.empty() || name[0] == '.') continue;  // hidden, .DS_Store, ._foo
            std::error_code sec;
            const fs::file_status s = fs::status(p, sec);  // follows symlinks
            if (sec) {
                skip(p, sec == std::errc::too_many_symbolic_link_levels
                            ? "symlink loop"
                            : (fs::is_symlink(fs::symlink_status(p, sec))
                                   ? "broken symlink"
                                   : "unreadable: " + sec.message()));
            } else if (fs::is_directory(s)) {
                walk(p, depth + 1);
            } else if (fs::is_regular_file(s)) {
                onFile_(p.string(), p.lexically_relative(root_).generic_string());
            }
        }
    }

private:
    void skip(const fs::path& p, const std::string& why) {
        if (onSkip_) onSkip_(p.lexically_relative(root_).generic_string(), why);
    }

    fs::path root_;
    const std::function<void(const std::string&, const std::string&)>& onFile_;
    const std::function<void(const std::string&, const std::string&)>& onSkip_;
    int maxDepth_;
    std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

void listFiles(const std::string& root,
               const std::function<void(const std::string&, const std::string&)>& onFile,
               const std::function<void(const std::string&, const std::string&)>& onSkip,
               int maxDepth) {
    Walker(fs::path(root), onFile, onSkip, maxDepth).walk(fs::path(root), 0);
}

}  // namespace featurelab

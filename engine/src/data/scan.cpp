// ImageFolder scanning: split and class discovery, content sniffing, skip reasons.
#include "featurelab/scan.h"
#include "recipe/api_boundary.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include <sys/stat.h>

#include <cerrno>

#include "data/image_probe.h"
#include "featurelab/error.h"

namespace fs = std::filesystem;

namespace featurelab {
namespace {

bool isHidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';  // also covers ".DS_Store" and AppleDouble "._x"
}

std::string relativeTo(const fs::path& p, const fs::path& root) {
    return p.lexically_relative(root).generic_string();
}

std::vector<fs::path> sortedSubdirs(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!isHidden(it->path()) && it->is_directory(ec)) out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Whether path (canonical) is base or inside it (canonical).
bool within(const fs::path& path, const fs::path& base) {
    const std::string p = path.generic_string(), b = base.generic_string();
    return p == b || (p.size() > b.size() && p.compare(0, b.size(), b) == 0 &&
                      (b.back() == '/' || p[b.size()] == '/'));
}

/// Collects the image files below dir (recursively). A folder is identified by (device,
/// inode), not by its canonical path: canonicalising every folder of a deep tree costs
/// O(depth^2) each, so 2,000 nested folders took 100 s.
class FolderWalker {
public:
    FolderWalker(const fs::path& root, const ScanOptions& options, const JobControl& job,
                 DatasetScan& scan)
        : root_(root), options_(options), job_(job), scan_(scan) {
        std::error_code ec;
        rootCanonical_ = fs::canonical(root, ec);
        if (ec) rootCanonical_ = root;
    }

    /// Walks one class folder (or test/). A symlink may point anywhere outside the dataset
    /// (a linked subset of a photo library), but one that leads to another class or another
    /// split would relabel images: it is skipped with the reason.
    void walk(const fs::path& dir, int label, std::vector<ImageEntry>& out) {
        std::error_code ec;
        const fs::path canonical = fs::canonical(dir, ec);
        if (ec) {
            skip(dir, "unreadable folder: " + ec.message());
            return;
        }
        const fs::path parent = fs::canonical(dir.parent_path(), ec);
        if (!ec && within(canonical, rootCanonical_) && !within(canonical, parent)) {
            skip(dir, "symlink to another part of the dataset (" +
                          relativeTo(canonical, rootCanonical_) + "): not followed");
            return;
        }
        classCanonical_ = canonical;
        walkAt(dir, label, out, 0);
    }

private:
    struct DirId {
        dev_t dev;
        ino_t ino;
        bool operator<(const DirId& o) const { return dev != o.dev ? dev < o.dev : ino < o.ino; }
    };

    void walkAt(const fs::path& dir, int label, std::vector<ImageEntry>& out, int depth) {
        if (depth > kMaxDepth) {
            skip(dir, "folder nested more than " + std::to_string(kMaxDepth) +
                          " levels below its class folder: not scanned");
            return;
        }
        struct stat st;
        if (::stat(dir.c_str(), &st) != 0) {
            skip(dir, std::string("unreadable folder: ") + std::strerror(errno));
            return;
        }
        if (!visited_.insert({st.st_dev, st.st_ino}).second) {
            skip(dir, "symlink loop (folder already visited)");
            return;
        }
        std::error_code ec;
        std::vector<fs::directory_entry> entries;
        fs::directory_iterator it(dir, ec);
        if (ec) {
            skip(dir, "unreadable folder: " + ec.message());
            return;
        }
        for (fs::directory_iterator end; it != end; it.increment(ec)) {
            if (ec) break;
            entries.push_back(*it);
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path() < b.path(); });
        for (const auto& entry : entries) {
            job_.throwIfCancelled();
            if (isHidden(entry.path())) continue;
            std::error_code sec;
            if (entry.is_symlink(sec) && !linkStaysInClass(entry.path())) continue;
            if (entry.is_directory(sec)) {
                walkAt(entry.path(), label, out, depth + 1);
            } else if (entry.is_regular_file(sec)) {
                consider(entry.path(), label, out);
            } else if (entry.is_symlink(sec) && !fs::exists(entry.path(), sec)) {
                skip(entry.path(), "broken symlink");
            } else {
                skip(entry.path(), sec ? "unreadable: " + sec.message() : "not a regular file");
            }
        }
    }

    /// False (after recording why) for a link that is broken, loops, or leads from its class
    /// folder into another part of the dataset; a linked folder must stay inside the class.
    bool linkStaysInClass(const fs::path& link) {
        std::error_code ec;
        const fs::path target = fs::canonical(link, ec);
        if (ec) {
            skip(link, ec == std::errc::too_many_symbolic_link_levels
                           ? "symlink loop"
                           : "broken symlink (" + ec.message() + ")");
            return false;
        }
        if (within(target, classCanonical_)) return true;
        if (within(target, rootCanonical_)) {
            skip(link, "symlink leaves its class folder (points to " +
                           relativeTo(target, rootCanonical_) + "): not followed");
            return false;
        }
        if (fs::is_directory(target, ec)) {
            skip(link, "symlinked folder outside the dataset: not followed");
            return false;
        }
        return true;  // a file elsewhere: a linked subset of a larger collection
    }

private:
    void skip(const fs::path& p, const std::string& reason) {
        scan_.skipped.push_back({relativeTo(p, root_), reason});
    }

    void consider(const fs::path& p, int label, std::vector<ImageEntry>& out) {
        const ImageProbe probe = probeImageFile(p.string(), options_.checkIntegrity);
        if (!probe.ok()) {
            skip(p, probe.problem);
            return;
        }
        if (probe.width > 0 && probe.height > 0 &&
            static_cast<std::uint64_t>(probe.width) * probe.height > options_.maxPixels) {
            skip(p, "too large: " + std::to_string(probe.width) + "x" +
                        std::to_string(probe.height) + " pixels exceeds the limit of " +
                        std::to_string(options_.maxPixels));
            return;
        }
        ImageEntry e;
        e.path = fs::absolute(p).lexically_normal().string();
        e.relativePath = relativeTo(p, root_);
        e.label = label;
        e.format = probe.format;
        e.sizeBytes = probe.sizeBytes;
        e.mtimeNs = probe.mtimeNs;
        out.push_back(std::move(e));
        ++found_;
        reportProgress();
    }

    void reportProgress() {
        if (found_ % 256 != 0) return;
        Progress p;
        p.phase = "scan";
        p.done = found_;
        job_.progress(p);
    }

    static constexpr int kMaxDepth = 32;

    fs::path root_, rootCanonical_, classCanonical_;
    const ScanOptions& options_;
    const JobControl& job_;
    DatasetScan& scan_;
    std::set<DirId> visited_;
    std::size_t found_ = 0;
};

const char* const kValidNames[] = {"valid", "val", "validation"};

fs::path findSplitFolder(const fs::path& root, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        std::error_code ec;
        if (fs::is_directory(root / n, ec)) return root / n;
    }
    return {};
}

std::vector<std::string> names(const std::vector<fs::path>& dirs) {
    std::vector<std::string> out;
    for (const auto& d : dirs) out.push_back(d.filename().string());
    return out;
}

std::string joinList(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
}

void checkSameClasses(const std::vector<std::string>& train, const std::vector<std::string>& other,
                      const std::string& folder) {
    std::vector<std::string> missing, extra;
    std::set_difference(train.begin(), train.end(), other.begin(), other.end(),
                        std::back_inserter(missing));
    std::set_difference(other.begin(), other.end(), train.begin(), train.end(),
                        std::back_inserter(extra));
    if (missing.empty() && extra.empty()) return;
    std::string msg = folder + "/ does not use the same classes as train/.";
    if (!missing.empty()) msg += " Missing in " + folder + "/: " + joinList(missing) + ".";
    if (!extra.empty()) msg += " Not in train/: " + joinList(extra) + ".";
    throw Error(ErrorCode::BadDataset, msg);
}

}  // namespace

const char* imageFormatName(ImageFormat format) {
    switch (format) {
        case ImageFormat::Jpeg:
            return "jpeg";
        case ImageFormat::Png:
            return "png";
        case ImageFormat::Bmp:
            return "bmp";
        case ImageFormat::WebP:
            return "webp";
        case ImageFormat::Tiff:
            return "tiff";
        case ImageFormat::Unknown:
            break;
    }
    return "unknown";
}

const SplitInfo* DatasetScan::split(const std::string& name) const {
    for (const auto& s : splits)
        if (s.name == name) return &s;
    return nullptr;
}

std::size_t DatasetScan::imageCount() const {
    std::size_t n = 0;
    for (const auto& s : splits) n += s.images.size();
    return n;
}

static DatasetScan scanFolder(const std::string& rootArg, const ScanOptions& options,
                              const JobControl& job) {
    std::error_code ec;
    const fs::path root = fs::absolute(fs::u8path(rootArg), ec).lexically_normal();
    if (rootArg.empty() || !fs::exists(root, ec))
        throw Error(ErrorCode::NotFound, "Data folder not found: " + rootArg);
    if (!fs::is_directory(root, ec)) throw Error(ErrorCode::BadDataset, "Not a folder: " + rootArg);

    DatasetScan scan;
    scan.root = root.string();
    const fs::path trainDir = findSplitFolder(root, {"train"});
    if (trainDir.empty()) {
        throw Error(ErrorCode::BadDataset,
                    "No train/ folder in " + rootArg +
                        ". Expected train/, valid/ and optionally test/, one subfolder per class.");
    }
    const auto classDirs = sortedSubdirs(trainDir);
    if (classDirs.empty()) {
        throw Error(ErrorCode::BadDataset,
                    "train/ in " + rootArg + " has no class subfolders (one folder per class).");
    }
    scan.classes = names(classDirs);

    FolderWalker walker(root, options, job, scan);
    auto scanLabelled = [&](const std::string& name, const fs::path& dir) {
        SplitInfo split;
        split.name = name;
        split.folder = dir.filename().string();
        split.perClass.assign(scan.classes.size(), 0);
        for (std::size_t c = 0; c < scan.classes.size(); ++c) {
            std::vector<ImageEntry> imgs;
            walker.walk(dir / fs::u8path(scan.classes[c]), static_cast<int>(c), imgs);
            split.perClass[c] = imgs.size();
            for (auto& i : imgs) split.images.push_back(std::move(i));
        }
        scan.splits.push_back(std::move(split));
    };

    scanLabelled("train", trainDir);
    const fs::path validDir =
        findSplitFolder(root, {kValidNames[0], kValidNames[1], kValidNames[2]});
    if (!validDir.empty()) {
        checkSameClasses(scan.classes, names(sortedSubdirs(validDir)),
                         validDir.filename().string());
        scanLabelled("valid", validDir);
    }
    const fs::path testDir = findSplitFolder(root, {"test"});
    if (!testDir.empty()) {
        SplitInfo split;
        split.name = "test";
        split.folder = "test";
        split.labelled = false;
        walker.walk(testDir, -1, split.images);  // images directly inside or in subfolders
        scan.splits.push_back(std::move(split));
    }
    if (scan.imageCount() == 0) {
        throw Error(ErrorCode::BadDataset, "No images found under " + rootArg + " (" +
                                               std::to_string(scan.skipped.size()) +
                                               " files skipped).");
    }
    return scan;
}

DatasetScan scanImageFolder(const std::string& root, const ScanOptions& options,
                            const JobControl& job) {
    return recipe::atApiBoundary([&] { return scanFolder(root, options, job); });
}

}  // namespace featurelab

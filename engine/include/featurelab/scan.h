// Scanning an ImageFolder tree (train/ valid/ [test/], one subfolder per class) into file lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "featurelab/job.h"

namespace featurelab {

enum class ImageFormat { Unknown, Jpeg, Png, Bmp, WebP, Tiff };

/// Short lowercase name ("jpeg", "png", ...; "unknown").
const char* imageFormatName(ImageFormat format);

/// Recognises an image by its first bytes, never by its extension.
ImageFormat sniffImageFormat(const unsigned char* bytes, std::size_t size);

struct ImageEntry {
    std::string path;          // absolute path
    std::string relativePath;  // relative to the dataset root, '/'-separated, UTF-8
    int label = -1;            // index into DatasetScan::classes; -1 for unlabelled (test/)
    ImageFormat format = ImageFormat::Unknown;
    std::uint64_t sizeBytes = 0;
    std::int64_t mtimeNs = 0;  // modification time, for cache invalidation
};

struct SkippedFile {
    std::string path;    // relative to the dataset root
    std::string reason;  // e.g. "not an image", "zero bytes", "unreadable: permission denied"
};

struct SplitInfo {
    std::string name;                   // "train", "valid" or "test" (canonical names)
    std::string folder;                 // the folder name on disk ("val", "validation", ...)
    bool labelled = true;               // false for test/
    std::vector<ImageEntry> images;     // sorted by relativePath
    std::vector<std::size_t> perClass;  // image count per class (empty for unlabelled splits)
};

struct DatasetScan {
    std::string root;                  // absolute
    std::vector<std::string> classes;  // sorted subfolder names of train/
    std::vector<SplitInfo> splits;     // train first, then valid, then test when present
    std::vector<SkippedFile> skipped;  // every file that was not taken, once, with why

    /// The split with this canonical name, or nullptr.
    const SplitInfo* split(const std::string& name) const;
    std::size_t imageCount() const;
};

struct ScanOptions {
    /// Images whose header announces more pixels than this are skipped as "too large".
    std::uint64_t maxPixels = 100'000'000;
    /// Check each file's structure (header, end marker) so truncated files are skipped here
    /// rather than failing later. Costs one read of each file's head and tail.
    bool checkIntegrity = true;
};

/// Scans root. Throws Error(NotFound) when root does not exist and Error(BadDataset) when it
/// has no train/ folder, train/ has no class subfolders, no images at all were found, or
/// valid/ uses classes other than train/'s (the message names the difference). A bad file
/// never throws: it is listed in skipped.
/// Progress goes to the job's observer (phase "scan"); the job's token is polled per file
/// (then Error(Cancelled)).
DatasetScan scanImageFolder(const std::string& root, const ScanOptions& options = {},
                            const JobControl& job = {});

/// A validation split held out of train/, for a data folder without valid/.
struct HeldOutSplit {
    std::vector<ImageEntry> train;  // the images left for training, in the given order
    std::vector<ImageEntry> valid;  // the held-out images, sorted by relativePath
};

/// Holds out round(fraction x n) images of each class of train (n: that class's images; at
/// least 1 and at most n - 1 when n >= 2, none when n == 1). Which ones depends only on seed
/// and each image's relativePath (a hash of the two), never on the order of train: the same
/// seed and listing always give the same split, and adding an image moves no other one.
/// Unlabelled entries (label < 0) stay in train. Throws Error(InvalidArgument) for a fraction
/// outside (0, 1), Error(BadDataset) when no class has two images to split.
HeldOutSplit holdOutValidation(const std::vector<ImageEntry>& train, double fraction,
                               std::uint64_t seed);

}  // namespace featurelab

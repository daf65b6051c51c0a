// Image lists and class indexes for ImageNet classification; classifyImages opens a Backbone.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "data/list_files.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"

namespace featurelab {

namespace fs = std::filesystem;

namespace {

bool isImageFile(const fs::path& p) {
    static const std::set<std::string> kExt = {".jpg",  ".jpeg", ".png", ".bmp",
                                               ".webp", ".tif",  ".tiff"};
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return kExt.count(ext) > 0;
}

}  // namespace

std::vector<std::string> collectImages(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            // Each folder once: two links to "." would otherwise be followed forever. Loops
            // and unreadable entries are left out (this API has no list of skipped files).
            listFiles(
                p,
                [&](const std::string& path, const std::string&) {
                    if (isImageFile(fs::path(path))) found.push_back(path);
                },
                nullptr);
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            out.push_back(p);
        } else {
            throw Error(ErrorCode::NotFound, "No such image or folder: " + p);
        }
    }
    return out;
}

std::vector<std::string> loadClassIndex(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::NotFound, "Class index file not found: " + path);
    try {
        const auto j = nlohmann::json::parse(in);
        std::vector<std::string> names(j.size());
        for (const auto& [key, value] : j.items()) {
            const std::size_t i = std::stoul(key);
            if (i >= names.size()) throw std::out_of_range("index");
            names[i] = value.is_array() ? value.at(1).get<std::string>() : value.get<std::string>();
        }
        return names;
    } catch (const std::exception& e) {
        throw Error(
            ErrorCode::InvalidArgument,
            path + " is not a Keras class index ({\"0\": [\"n01440764\", \"tench\"], ...}).");
    }
}

std::vector<ImageClassification> classifyImages(const std::string& spec,
                                                const std::vector<std::string>& imagePaths,
                                                const ClassifyOptions& options,
                                                const JobControl& job) {
    return Backbone::open(spec, job).classify(imagePaths, options, job);
}

}  // namespace featurelab

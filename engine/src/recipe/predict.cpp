// predictImages: a saved model applied to a folder of images (or one image).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "data/list_files.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/runtime.h"
#include "featurelab/predict.h"
#include "recipe/api_boundary.h"
#include "recipe/image_batches.h"
#include "recipe/model_file.h"
#include "inspection/evaluation.h"

namespace featurelab {

namespace fs = std::filesystem;

namespace {

/// Images under input by content (magic bytes), relative paths with '/', sorted.
std::vector<ImageEntry> listImages(const std::string& input, std::vector<SkippedFile>& skipped) {
    std::vector<ImageEntry> out;
    auto consider = [&](const fs::path& p, const std::string& rel) {
        const std::string name = p.filename().string();
        if (name.empty() || name[0] == '.') return;  // .DS_Store, ._foo
        unsigned char head[16] = {};
        std::ifstream in(p, std::ios::binary);
        in.read(reinterpret_cast<char*>(head), sizeof head);
        const ImageFormat f = sniffImageFormat(head, static_cast<std::size_t>(in.gcount()));
        if (f == ImageFormat::Unknown) {
            skipped.push_back({rel, "not an image"});
            return;
        }
        ImageEntry e;
        e.path = p.string();
        e.relativePath = rel;
        e.format = f;
        out.push_back(e);
    };
    std::error_code ec;
    const fs::path root(input);
    if (!fs::exists(root, ec)) throw Error(ErrorCode::NotFound, "'" + input + "' not found.");
    if (fs::is_regular_file(root, ec)) {
        consider(root, root.filename().string());
        return out;
    }
    // Paths stay lexical: fs::relative resolves symlinks, and a folder of links (a hand-picked
    // subset) would then list ../../elsewhere/cat.1.jpg instead of the names it holds.
    listFiles(
        input, [&](const std::string& path, const std::string& rel) { consider(path, rel); },
        [&](const std::string& rel, const std::string& why) {
            skipped.push_back({rel, why});
        });
    std::sort(out.begin(), out.end(), [](const ImageEntry& a, const ImageEntry& b) {
        return a.relativePath < b.relativePath;
    });
    return out;
}

}  // namespace

PredictResult predictImages(const PredictConfig& config, const JobControl& job) {
    static JobObserver silent;
    JobObserver& observer = job.observer ? *job.observer : silent;
    const CancelToken* cancel = job.cancel;
    return recipe::atApiBoundary([&] {
        PredictResult r;
        const RuntimeInfo rt = initRuntime(config.threads);
        r.runtime = rt.description;
        observer.onMessage("Device: " + rt.description);
        recipe::LoadedModel model = recipe::loadModel(config.modelFile);
        const torch::Device device(rt.device);
        model.net->module().to(device);
        if (model.probsHead) model.probsHead->to(device);
        r.classes = model.meta.classes;
        r.architecture = model.meta.architecture;
        r.stage = model.meta.stage;
        const auto images = listImages(config.input, r.skipped);
        recipe::ImageBatches batches(images, model.meta.preprocessing, config.workers, false,
                                     cancel);
        batches.start(false, static_cast<std::size_t>(std::max(1, config.batchSize)), 0);
        torch::Tensor x, y;
        std::size_t at = 0;
        while (batches.next(x, y)) {
            throwIfCancelled(cancel);
            const torch::Tensor p = model.predict(x.to(device)).to(torch::kCPU).contiguous();
            for (std::int64_t i = 0; i < p.size(0); ++i, ++at) {
                PredictionRow row;
                row.path = images[at].relativePath;
                const float* d = p.data_ptr<float>() + i * p.size(1);
                row.probs.assign(d, d + p.size(1));
                row.predicted = argmaxLabel(row.probs);
                r.rows.push_back(std::move(row));
            }
            Progress pr;
            pr.phase = "predict";
            pr.done = at;
            pr.total = images.size();
            observer.onProgress(pr);
        }
        // Files that failed to decode were fed as black images: drop their rows.
        std::set<std::string> failed;
        for (const auto& f : batches.failures()) {
            failed.insert(f.path);
            r.skipped.push_back(f);
        }
        r.rows.erase(
            std::remove_if(r.rows.begin(), r.rows.end(),
                           [&](const PredictionRow& row) { return failed.count(row.path) > 0; }),
            r.rows.end());
        return r;
    });
}

}  // namespace featurelab

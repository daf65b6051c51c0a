// forEachBatch: decode + preprocess a few images, forward them, report, check cancel.
#include "api/image_inputs.h"

#include <algorithm>
#include <chrono>

#include "data/preprocess.h"
#include "featurelab/error.h"
#include "data/image.h"

namespace featurelab::api {

void forEachBatch(const std::vector<std::string>& paths, const Preprocessing& preprocessing,
                  std::size_t batchSize, const std::string& phase, const JobControl& job,
                  std::vector<std::string>& errors,
                  const std::function<void(const torch::Tensor& batch,
                                           const std::vector<std::size_t>& indices)>& run) {
    errors.assign(paths.size(), std::string());
    batchSize = std::max<std::size_t>(1, batchSize);
    auto lastReport = std::chrono::steady_clock::now();
    for (std::size_t start = 0; start < paths.size(); start += batchSize) {
        job.throwIfCancelled();
        std::vector<torch::Tensor> inputs;
        std::vector<std::size_t> indices;
        for (std::size_t i = start; i < std::min(paths.size(), start + batchSize); ++i) {
            try {
                inputs.push_back(toInputTensor(decodeImage(paths[i]), preprocessing));
                indices.push_back(i);
            } catch (const Error& e) {  // NotFound or BadImage: this file only
                errors[i] = e.what();
            } catch (const std::bad_alloc&) {
                errors[i] = paths[i] + ": not enough memory to decode it";
            }
        }
        if (!inputs.empty()) run(torch::stack(inputs), indices);
        const std::size_t done = std::min(paths.size(), start + batchSize);
        const auto now = std::chrono::steady_clock::now();
        if (now - lastReport > std::chrono::milliseconds(200) || done == paths.size()) {
            lastReport = now;
            Progress p;
            p.phase = phase;
            p.done = done;
            p.total = paths.size();
            job.progress(p);
        }
    }
}

}  // namespace featurelab::api

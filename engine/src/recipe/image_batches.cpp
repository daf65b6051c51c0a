// ImageBatches: one BatchLoader per pass; ordered passes put failed files back as black rows.
#include "recipe/image_batches.h"

#include <algorithm>

#include "featurelab/error.h"

namespace featurelab::recipe {

ImageBatches::ImageBatches(std::vector<ImageEntry> images, Preprocessing preprocessing, int workers,
                           bool augment, const CancelToken* cancel)
    : images_(std::move(images)),
      pp_(std::move(preprocessing)),
      workers_(std::max(1, workers)),
      augment_(augment),
      cancel_(cancel) {}

void ImageBatches::start(bool shuffle, std::size_t batchSize, std::uint64_t seed) {
    loader_.reset();  // joins the previous pass's workers
    pending_.reset();
    shuffle_ = shuffle;
    batch_ = std::max<std::size_t>(1, batchSize);
    cursor_ = 0;
    loaderDone_ = false;
    LoaderOptions o;
    o.batchSize = batch_;
    o.workers = workers_;
    o.shuffle = shuffle;
    o.seed = seed;
    o.augmentation.enabled = augment_;
    o.augmentation.minScale =
        0.35;  // a mild crop: small images of whole animals lose the animal at 0.08
    o.cancel = cancel_;
    if (process_) {
        o.process = [fn = process_](Batch& b) {
            b.outputs = fn(b.images);
            b.images = torch::Tensor();  // only the outputs travel on
        };
    }
    loader_ = std::make_unique<BatchLoader>(images_, pp_, o);
}

const std::vector<torch::Tensor>& ImageBatches::blank() {
    if (blank_.empty())
        blank_ = process_(torch::zeros({1, 3, pp_.height, pp_.width}, torch::kFloat32));
    return blank_;
}

bool ImageBatches::nextProcessed(std::vector<torch::Tensor>& outputs, torch::Tensor& y) {
    if (!loader_ || shuffle_ || !process_)
        throw Error(ErrorCode::Internal, "nextProcessed needs an ordered pass with a process.");
    if (!pending_ && !loaderDone_) {
        Batch b;
        if (loader_->next(b))
            pending_ = std::move(b);
        else
            loaderDone_ = true;
        noteFailures();
    }
    outputs.clear();
    // As nextOrdered: a run of failed files first, then the loaded batch.
    const std::size_t end = pending_ ? pending_->indices.front() : images_.size();
    if (cursor_ < end) {
        const std::size_t n = std::min(end - cursor_, batch_);
        for (const torch::Tensor& t : blank()) {
            std::vector<std::int64_t> shape = t.sizes().vec();
            shape[0] = std::int64_t(n);
            outputs.push_back(t.expand(shape).contiguous());
        }
        y = labelsOf(cursor_, n);
        cursor_ += n;
        return true;
    }
    if (!pending_) return false;
    const std::vector<std::size_t>& idx = pending_->indices;
    const std::size_t first = idx.front(), n = idx.back() - first + 1;
    if (n == idx.size()) {
        outputs = pending_->outputs;
    } else {  // a failed file inside the batch: its rows are a black image's
        std::vector<std::int64_t> rows;
        for (std::size_t i : idx) rows.push_back(std::int64_t(i - first));
        const torch::Tensor at = torch::tensor(rows, torch::kInt64);
        for (std::size_t k = 0; k < pending_->outputs.size(); ++k) {
            const torch::Tensor& t = blank()[k];
            std::vector<std::int64_t> shape = t.sizes().vec();
            shape[0] = std::int64_t(n);
            outputs.push_back(t.expand(shape).contiguous().index_copy_(0, at.to(t.device()),
                                                                       pending_->outputs[k]));
        }
    }
    y = labelsOf(first, n);
    cursor_ = first + n;
    pending_.reset();
    return true;
}

void ImageBatches::noteFailures() {
    for (const SkippedFile& f : loader_->badFiles())
        if (failed_.insert(f.path).second) {
            failures_.push_back(f);
            if (report_) report_(f);
        }
}

torch::Tensor ImageBatches::labelsOf(std::size_t first, std::size_t count) const {
    torch::Tensor y = torch::empty({std::int64_t(count)}, torch::kInt64);
    auto* d = y.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < count; ++i) d[i] = images_[first + i].label;
    return y;
}

bool ImageBatches::next(torch::Tensor& x, torch::Tensor& y) {
    if (!loader_) return false;
    if (!shuffle_) return nextOrdered(x, y);
    Batch b;
    const bool more = loader_->next(b);
    noteFailures();
    if (!more) return false;
    x = b.images;
    y = b.labels;
    return true;
}

bool ImageBatches::nextOrdered(torch::Tensor& x, torch::Tensor& y) {
    if (!pending_ && !loaderDone_) {
        Batch b;
        if (loader_->next(b))
            pending_ = std::move(b);
        else
            loaderDone_ = true;
        noteFailures();
    }
    // In an ordered pass the loader's indices ascend; anything it skipped failed to decode.
    const std::size_t end = pending_ ? pending_->indices.front() : images_.size();
    if (cursor_ < end) {  // a run of failed files (possibly whole batches): black rows
        const std::size_t n = std::min(end - cursor_, batch_);
        x = torch::zeros({std::int64_t(n), 3, pp_.height, pp_.width}, torch::kFloat32);
        y = labelsOf(cursor_, n);
        cursor_ += n;
        return true;
    }
    if (!pending_) return false;
    const std::vector<std::size_t>& idx = pending_->indices;
    const std::size_t first = idx.front(), n = idx.back() - first + 1;
    if (n == idx.size()) {
        x = pending_->images;
    } else {  // a failed file inside the batch: its row stays black
        x = torch::zeros({std::int64_t(n), 3, pp_.height, pp_.width}, torch::kFloat32);
        for (std::size_t i = 0; i < idx.size(); ++i)
            x[std::int64_t(idx[i] - first)].copy_(pending_->images[std::int64_t(i)]);
    }
    y = labelsOf(first, n);
    cursor_ = first + n;
    pending_.reset();
    return true;
}

}  // namespace featurelab::recipe

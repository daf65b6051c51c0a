// Benchmark: decode + preprocess throughput of the prefetch loader, its peak memory, and the
// accuracy/speed effect of reduced JPEG decoding. Prints figures; not a test.
//
//   bench_data_pipeline [--data DIR] [--limit N] [--workers W] [--batch B] [--size S]
//                       [--preprocessing keras|torchvision] [--reduced 0|1] [--compare-reduced N]
//                       [--backbone SPEC [--layer NAME] [--threads T] [--in-workers 1]]
//                       [--compare-decoders N]
// With --backbone every batch also goes through the network (decode overlapping the forward
// pass, as in extraction) and the backbone's own preprocessing is used.
// Peak RSS is the process's VmHWM (/proc/self/status); run once per --limit to compare.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "data/image.h"
#include "data/loader.h"
#include "data/preprocess.h"
#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "featurelab/scan.h"
#include "features/network_features.h"

using namespace featurelab;

namespace {

long statusKb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
    return -1;
}

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Full vs reduced decoding of the same images through the whole preprocessing.
void compareReduced(const std::vector<ImageEntry>& entries, const Preprocessing& p, std::size_t n,
                    double margin) {
    double sumAbs = 0, maxAbs = 0, tFull = 0, tReduced = 0;
    std::size_t values = 0, reducedCount = 0;
    DecodeOptions reduced;
    reduced.minWidth = p.resize == ResizeMode::Direct ? p.width : p.resizeShorter;
    reduced.minHeight = p.resize == ResizeMode::Direct ? p.height : p.resizeShorter;
    reduced.reduceMargin = margin;
    for (std::size_t i = 0; i < std::min(n, entries.size()); ++i) {
        double t0 = now();
        const RgbImage full = decodeImage(entries[i].path);
        const torch::Tensor a = unscaleToRgb255(toInputTensor(full, p), p);
        double t1 = now();
        const RgbImage small = decodeImage(entries[i].path, reduced);
        const torch::Tensor b = unscaleToRgb255(toInputTensor(small, p), p);
        double t2 = now();
        tFull += t1 - t0;
        tReduced += t2 - t1;
        reducedCount += small.width < full.width;
        const torch::Tensor d = (a - b).abs();
        sumAbs += d.sum().item<double>();
        maxAbs = std::max(maxAbs, d.max().item<double>());
        values += std::size_t(d.numel());
    }
    const std::size_t m = std::min(n, entries.size());
    std::printf(
        "reduced decode (margin %.1f): %zu of %zu images reduced; mean |diff| %.3f, max %.1f "
        "(0..255 units); %.2f ms/image full vs %.2f ms reduced\n",
        margin, reducedCount, m, sumAbs / std::max<std::size_t>(values, 1), maxAbs,
        1000 * tFull / m, 1000 * tReduced / m);
}

/// Decoding alone, the same images through the direct JPEG path and through OpenCV, in turn
/// (one image each way, so drift hits both): ms per image and whether the pixels agree.
void compareDecoders(const std::vector<ImageEntry>& entries, std::size_t n) {
    DecodeOptions direct, opencv;
    opencv.viaOpenCv = true;
    double tDirect = 0, tOpenCv = 0;
    std::size_t same = 0;
    const std::size_t m = std::min(n, entries.size());
    for (std::size_t i = 0; i < m; ++i) {
        const double t0 = now();
        const RgbImage a = decodeImage(entries[i].path, direct);
        const double t1 = now();
        const RgbImage b = decodeImage(entries[i].path, opencv);
        const double t2 = now();
        tDirect += t1 - t0;
        tOpenCv += t2 - t1;
        same += a.width == b.width && a.height == b.height && a.pixels == b.pixels;
    }
    std::printf(
        "decode only, %zu images: direct libjpeg %.3f ms/image, OpenCV imdecode + BGR->RGB %.3f "
        "ms/image (%.2fx); identical pixels in %zu of %zu\n",
        m, 1000 * tDirect / m, 1000 * tOpenCv / m, tOpenCv / tDirect, same, m);
}

}  // namespace

int main(int argc, char** argv) {
    std::string data = std::string(FEATURELAB_SHARED_DIR) + "/data/dogscats";
    std::size_t limit = 0, batch = 32, compare = 0, compareDecode = 0;
    int workers = 2, size = 128, reducedFlag = 1;
    std::string mode = "keras", backbone, layer = "penultimate";
    int threads = 0, inWorkers = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--data")
            data = v;
        else if (k == "--limit")
            limit = std::stoul(v);
        else if (k == "--workers")
            workers = std::stoi(v);
        else if (k == "--batch")
            batch = std::stoul(v);
        else if (k == "--size")
            size = std::stoi(v);
        else if (k == "--preprocessing")
            mode = v;
        else if (k == "--reduced")
            reducedFlag = std::stoi(v);
        else if (k == "--compare-reduced")
            compare = std::stoul(v);
        else if (k == "--compare-decoders")
            compareDecode = std::stoul(v);
        else if (k == "--backbone")
            backbone = v;
        else if (k == "--layer")
            layer = v;
        else if (k == "--threads")
            threads = std::stoi(v);
        else if (k == "--in-workers")
            inWorkers = std::stoi(v);
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    try {
        const long baseKb = statusKb("VmRSS:");
        double t0 = now();
        const DatasetScan scan = scanImageFolder(data);
        std::vector<ImageEntry> entries;
        for (const auto& s : scan.splits)
            entries.insert(entries.end(), s.images.begin(), s.images.end());
        if (limit && entries.size() > limit) entries.resize(limit);
        std::printf("scan: %zu images in %.2f s (%zu skipped)\n", scan.imageCount(), now() - t0,
                    scan.skipped.size());
        Preprocessing p = mode == "torchvision" ? Preprocessing::torchvision(size)
                                                : Preprocessing::kerasSymmetric(size, size);
        FeatureExtractor extractor;
        if (!backbone.empty()) {
            std::printf("runtime: %s\n", initRuntime(threads).description.c_str());
            auto net = createNetwork(BackboneSpec::parse(backbone));
            p = net->preprocessing();
            mode = backbone + " at " + layer;
            extractor = networkExtractor(net, layer);
        }
        if (compareDecode) {
            compareDecoders(entries, compareDecode);
            return 0;
        }
        if (compare) {
            compareReduced(entries, p, compare, 2.0);
            compareReduced(entries, p, compare, 1.0);
            return 0;
        }
        LoaderOptions o;
        o.batchSize = batch;
        o.workers = workers;
        o.reducedDecode = reducedFlag != 0;
        // --in-workers 1: each worker decodes and runs the network on its own batch, with one
        // LibTorch thread per worker (the loader's process hook).
        std::unique_ptr<ComputeThreadsGuard> single;
        if (inWorkers && extractor) {
            single = std::make_unique<ComputeThreadsGuard>(1);
            o.process = [&extractor](Batch& batch) {
                torch::NoGradGuard noGrad;
                batch.outputs = {extractor(batch.images)};
            };
        }
        BatchLoader loader(entries, p, o);
        t0 = now();
        Batch b;
        std::size_t n = 0;
        double checksum = 0;
        while (loader.next(b)) {
            n += b.indices.size();
            if (!b.outputs.empty()) {
                checksum += b.outputs[0][0][0].item<float>();
            } else if (extractor) {
                torch::NoGradGuard noGrad;
                checksum += extractor(b.images)[0][0].item<float>();
            } else {
                checksum += b.images[0][0][0][0].item<float>();  // touch the data
            }
        }
        const double secs = now() - t0;
        std::printf(
            "loader: %zu images, %s %dx%d, batch %zu, %d worker(s)%s, reduced decode %s: "
            "%.2f s, %.1f images/s (checksum %.3f)\n",
            n, mode.c_str(), p.width, p.height, batch, workers,
            single ? " each decoding and computing with 1 thread" : "", reducedFlag ? "on" : "off",
            secs, n / secs, checksum);
        std::printf("memory: VmRSS at start %ld MiB, peak VmHWM %ld MiB, batch tensor %.1f MiB\n",
                    baseKb / 1024, statusKb("VmHWM:") / 1024,
                    batch * 3.0 * size * size * 4 / (1024 * 1024));
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_data_pipeline: %s\n", e.what());
        return 1;
    }
    return 0;
}

// What the probe of an untrusted HDF5 file in a forked child costs (features/h5_sandbox.h): the
// first read of a file version (probe + read) against the next one (the probe's answer is
// remembered), for a Keras file and for generated feature caches. Prints figures; not a test.
//   bench_h5_sandbox [KERAS.h5]    (default: the shared mobilenet_2_5_128_tf.h5)
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "features/cache_store.h"
#include "features/h5_sandbox.h"
#include "models/keras_h5.h"

using namespace featurelab;

namespace {

double ms(const std::function<void()>& fn) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// CPU time of the reaped children so far: the probe's own work, whatever the machine's load.
double childCpuMs() {
    rusage r{};
    getrusage(RUSAGE_CHILDREN, &r);
    return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 +
           (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// Medians (and the fastest) over 15 runs of: a new mtime (a new version for the probe), then read
/// (probe + read), read again (read only), and an empty probe of another version (fork + wait
/// alone).
void measure(const std::string& what, const std::string& path, const std::function<void()>& read) {
    std::vector<double> first, again, bare, childCpu;
    for (long i = 1; i <= 15; ++i) {
        const timespec t[2] = {{1700000000, i * 2}, {1700000000, i * 2}};
        utimensat(AT_FDCWD, path.c_str(), t, 0);
        const double before = childCpuMs();
        first.push_back(ms(read));
        childCpu.push_back(childCpuMs() - before);
        again.push_back(ms(read));
        const timespec u[2] = {{1700000000, i * 2 + 1}, {1700000000, i * 2 + 1}};
        utimensat(AT_FDCWD, path.c_str(), u, 0);
        bare.push_back(ms([&] { h5sandbox::probe(path, [] {}); }));
    }
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    const auto fastest = [](const std::vector<double>& v) {
        return *std::min_element(v.begin(), v.end());
    };
    std::printf(
        "%-28s read %7.1f ms, with the probe %7.1f ms: probe %5.1f ms (fastest %5.1f, child CPU "
        "%4.1f ms); empty probe %4.1f ms (fastest %4.1f); peak RSS %ld MB\n",
        what.c_str(), median(again), median(first), median(first) - median(again),
        fastest(first) - fastest(again), median(childCpu), median(bare), fastest(bare),
        r.ru_maxrss / 1024);
}

std::string cache(std::size_t rows, std::size_t dim, bool compress) {
    CachedSplit s;
    s.dim = dim;
    s.features.resize(rows * dim);
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    for (float& v : s.features) v = u(rng);
    for (std::size_t i = 0; i < rows; ++i) {
        s.paths.push_back("train/class" + std::to_string(i % 2) + "/" + std::to_string(i) + ".jpg");
        s.labels.push_back(std::int64_t(i % 2));
        s.sizes.push_back(20000);
        s.mtimes.push_back(1700000000);
    }
    s.classNames = {"cats", "dogs"};
    CacheContents c;
    c.key = "bench";
    c.splits["train"] = s;
    const std::string path = "/tmp/bench_h5_sandbox_" + std::to_string(rows) + "x" +
                             std::to_string(dim) + (compress ? "_gzip" : "") + ".h5";
    writeFeatureCache(path, c, compress);
    return path;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string keras =
        argc > 1 ? argv[1] : FEATURELAB_SHARED_DIR "/models/mobilenet_2_5_128_tf.h5";
    measure("Keras " + keras.substr(keras.rfind('/') + 1), keras, [&] { keras::read(keras); });
    for (const auto& [rows, dim, gz] :
         {std::tuple{2000, 256, false}, std::tuple{25000, 1000, false},
          std::tuple{25000, 1000, true}}) {
        const std::string path = cache(std::size_t(rows), std::size_t(dim), gz);
        measure("cache " + std::to_string(rows) + " x " + std::to_string(dim) + (gz ? " gzip" : ""),
                path, [&] { readFeatureCache(path, "bench"); });
        std::remove(path.c_str());
    }
    return 0;
}

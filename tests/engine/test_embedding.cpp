// The embedding map: PCA against NumPy and a closed form, the quadtree against exact sums,
// Barnes-Hut t-SNE on Gaussian blobs (separation, determinism, cancel, duplicates, small N),
// and computeEmbedding on generated images (labels, cache, sampling, errors, CSV).
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "featurelab/embedding.h"
#include "featurelab/error.h"
#include "inspection/pca.h"
#include "inspection/quadtree.h"
#include "inspection/tsne.h"
#include "recipe_data.h"
#include "runtime_threads.h"
#include "test_support.h"

using namespace featurelab;

namespace {

/// Leave-one-out k-nearest-neighbour accuracy of labels in the 2-D layout xy (x0, y0, ...):
/// how well the map keeps the classes apart.
double knnAccuracy(const std::vector<double>& xy, const std::vector<int>& labels, int k = 5) {
    const std::size_t n = labels.size();
    std::size_t right = 0;
    std::vector<std::pair<double, std::size_t>> d(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
            d[j] = {i == j ? INFINITY : dx * dx + dy * dy, j};
        }
        std::partial_sort(d.begin(), d.begin() + k, d.end());
        std::map<int, int> votes;
        for (int m = 0; m < k; ++m) ++votes[labels[d[static_cast<std::size_t>(m)].second]];
        const auto best = std::max_element(votes.begin(), votes.end(),
                                           [](auto& a, auto& b) { return a.second < b.second; });
        right += best->first == labels[i];
    }
    return static_cast<double>(right) / static_cast<double>(n);
}

/// `blobs` Gaussian blobs of `per` points in `dim` dimensions: unit variance, centres drawn
/// with standard deviation 4 per axis (about 8 sigma apart in 50-D).
torch::Tensor gaussianBlobs(int blobs, int per, int dim, std::vector<int>& labels,
                            std::uint64_t seed = 3) {
    torch::manual_seed(seed);
    std::vector<torch::Tensor> parts;
    labels.clear();
    for (int b = 0; b < blobs; ++b) {
        const torch::Tensor centre = 4 * torch::randn({1, dim});
        parts.push_back(centre + torch::randn({per, dim}));
        labels.insert(labels.end(), static_cast<std::size_t>(per), b);
    }
    return torch::cat(parts);
}

void compareMatrix(const torch::Tensor& got, const std::vector<std::vector<double>>& want,
                   double tol) {
    QCOMPARE(got.size(0), static_cast<std::int64_t>(want.size()));
    for (std::size_t i = 0; i < want.size(); ++i)
        for (std::size_t j = 0; j < want[i].size(); ++j) {
            const double g = got[static_cast<long>(i)][static_cast<long>(j)].item<double>();
            QVERIFY2(
                std::abs(g - want[i][j]) < tol,
                qPrintable(QString("[%1][%2]: %3, NumPy %4").arg(i).arg(j).arg(g).arg(want[i][j])));
        }
}

}  // namespace

class TestEmbedding : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    QString colourData() {
        const QString root = tmp_.filePath("colour");
        if (!QFileInfo::exists(root)) recipedata::makeColourFolder(root, 2, 40, 6);
        return root;
    }
    EmbeddingOptions colourOptions() {
        EmbeddingOptions o;
        o.dataDir = colourData().toStdString();
        o.backbone = "resnet18@32";
        o.cacheDir = tmp_.filePath("cache").toStdString();
        o.workers = 1;
        return o;
    }

private Q_SLOTS:
    void pcaMatchesNumPy() {
        // numpy.linalg.svd of the centred matrix, each row of Vt signed so that its largest
        // |entry| is positive; explained = S^2 / sum of squares (both over N - 1).
        const torch::Tensor x =
            torch::tensor({2.0, 0.5,  -1.0, 3.0, 1.0, 1.5, 0.0,  2.0, -1.0, 2.0, 1.0, 0.5,
                           0.5, -0.5, 2.0,  1.0, 3.0, 1.0, -2.0, 4.0, 0.0,  0.0, 0.5, -1.0},
                          torch::kFloat64)
                .view({6, 4});
        inspection::Pca p = inspection::principalComponents(x, 2);
        compareMatrix(p.components,
                      {{0.5316342354, 0.0622045734, -0.5041566337, 0.6777327788},
                       {-0.4113914017, 0.8815796429, -0.2170829373, 0.0803084438}},
                      1e-6);
        compareMatrix(p.scores,
                      {{2.0666770682, -0.3171254518},
                       {0.4153579936, 0.6784542117},
                       {-2.1375639924, 1.6044812335},
                       {-1.660914317, -1.3934836917},
                       {3.8113030028, 0.0096643491},
                       {-2.4948597552, -0.5819906509}},
                      1e-6);
        QVERIFY(std::abs(p.explained[0] - 0.793215813) < 1e-6);
        QVERIFY(std::abs(p.explained[1] - 0.1320934638) < 1e-6);

        // Fewer rows than columns: the Gram route, same answer as NumPy's SVD.
        p = inspection::principalComponents(x.slice(0, 0, 3).to(torch::kFloat32), 2);
        compareMatrix(p.components,
                      {{0.6529749318, -0.3147211881, -0.427472436, 0.5402236839},
                       {0.5230905643, 0.7752100191, 0.342443158, 0.0903237031}},
                      1e-4);
        compareMatrix(p.scores,
                      {{2.1906342997, -0.185619768},
                       {0.2552420599, 0.3186191418},
                       {-2.4458763596, -0.1329993738}},
                      1e-4);
        QVERIFY(std::abs(p.explained[0] - 0.9860307555) < 1e-4);

        // The sign convention: the map of -x is the mirror image, the axes stay.
        const inspection::Pca q = inspection::principalComponents(-x, 2);
        p = inspection::principalComponents(x, 2);
        QVERIFY(torch::allclose(q.components, p.components, 1e-9, 1e-9));
        QVERIFY(torch::allclose(q.scores, -p.scores, 1e-9, 1e-9));
    }

    void pcaClosedForm() {
        // Points a u + b v with u, v orthonormal in 3-D and a, b uncorrelated, zero mean:
        // the components are exactly u and v (var a = 10, var b = 2 over N - 1 = 3).
        const double s = 1 / std::sqrt(2.0);
        const torch::Tensor u = torch::tensor({s, s, 0.0}, torch::kFloat64);
        const torch::Tensor v = torch::tensor({0.0, 0.0, 1.0}, torch::kFloat64);
        const torch::Tensor a =
            torch::tensor({std::sqrt(15.0), -std::sqrt(15.0), 0.0, 0.0}, torch::kFloat64);
        const torch::Tensor b =
            torch::tensor({0.0, 0.0, std::sqrt(3.0), -std::sqrt(3.0)}, torch::kFloat64);
        const torch::Tensor x = a.unsqueeze(1) * u + b.unsqueeze(1) * v + 7.0;  // offset
        const inspection::Pca p = inspection::principalComponents(x, 3);
        QVERIFY(torch::allclose(p.components[0], u, 0, 1e-9));
        QVERIFY(torch::allclose(p.components[1], v, 0, 1e-9));
        QVERIFY(torch::allclose(p.scores.select(1, 0), a, 0, 1e-9));
        QVERIFY(torch::allclose(p.scores.select(1, 1), b, 0, 1e-9));
        QVERIFY(std::abs(p.explained[0] - 10.0 / 12) < 1e-12);
        QVERIFY(std::abs(p.explained[1] - 2.0 / 12) < 1e-12);
        QVERIFY(std::abs(p.explained[2]) < 1e-12);
    }

    void quadTreeMatchesExactSums() {
        // theta 0 opens every cell: the exact repulsion; theta 0.5 stays within a few per cent.
        std::mt19937_64 rng(5);
        std::normal_distribution<double> g;  // inputs only: the check is against exact sums
        std::vector<double> y(2 * 500);
        for (double& c : y) c = 3 * g(rng);
        y[2] = y[0];  // a duplicate of point 0
        y[3] = y[1];
        inspection::QuadTree tree;
        tree.build(y.data(), 500);
        for (std::size_t i : {0, 1, 7, 499}) {
            double ex = 0, ey = 0, ez = 0;
            for (std::size_t j = 0; j < 500; ++j) {
                if (j == i) continue;
                const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                const double q = 1 / (1 + dx * dx + dy * dy);
                ez += q;
                ex += q * q * dx;
                ey += q * q * dy;
            }
            double fx = 0, fy = 0;
            const double z = tree.repulsion(y[2 * i], y[2 * i + 1], 0.0, fx, fy);
            QVERIFY2(std::abs(z - ez) < 1e-9 * ez, qPrintable(QString("%1 vs %2").arg(z).arg(ez)));
            QVERIFY(std::abs(fx - ex) < 1e-9 && std::abs(fy - ey) < 1e-9);
            fx = fy = 0;
            const double za = tree.repulsion(y[2 * i], y[2 * i + 1], 0.5, fx, fy);
            QVERIFY2(std::abs(za - ez) < 0.03 * ez,
                     qPrintable(QString("%1 vs %2").arg(za).arg(ez)));
        }
        // All points on one spot: one leaf, no endless splitting.
        std::vector<double> same(2 * 50, 1.5);
        tree.build(same.data(), 50);
        QCOMPARE(tree.nodes(), std::size_t(1));
        double fx = 0, fy = 0;
        QCOMPARE(tree.repulsion(1.5, 1.5, 0.5, fx, fy), 49.0);
    }

    void inputSimilaritiesHitThePerplexity() {
        std::vector<int> labels;
        const torch::Tensor x = gaussianBlobs(2, 60, 10, labels);
        const inspection::Neighbours nn = inspection::nearestNeighbours(x, 30);
        QCOMPARE(nn.k, std::int64_t(30));
        // Exact neighbours: row 0's nearest by brute force.
        const torch::Tensor d = (x - x[0]).pow(2).sum(1).to(torch::kFloat64);
        const torch::Tensor order = std::get<1>(d.sort());
        QCOMPARE(nn.index[0], order[1].item<std::int64_t>());  // order[0] is row 0 itself
        const inspection::SparseP p = inspection::inputSimilarities(nn, 10);
        double total = 0;
        for (double v : p.value) total += v;
        QVERIFY(std::abs(total - 1) < 1e-9);
        // Symmetric: P_ij == P_ji for every stored pair.
        std::map<std::pair<int, int>, double> at;
        for (std::size_t i = 0; i + 1 < p.rowStart.size(); ++i)
            for (std::int64_t m = p.rowStart[i]; m < p.rowStart[i + 1]; ++m)
                at[{static_cast<int>(i), p.column[static_cast<std::size_t>(m)]}] =
                    p.value[static_cast<std::size_t>(m)];
        for (const auto& [ij, v] : at) QCOMPARE(at.at({ij.second, ij.first}), v);
    }

    void tsneSeparatesBlobs() {
        std::vector<int> labels;
        const torch::Tensor x = gaussianBlobs(3, 200, 50, labels);
        inspection::TsneOptions o;
        o.iterations = 500;
        const inspection::Tsne t = inspection::tsne(x, o);
        const double acc = knnAccuracy(t.y, labels);
        qInfo("3 blobs x 200 in 50-D: 2-D kNN accuracy %.4f, KL %.4f", acc, t.klDivergence);
        QVERIFY2(acc >= 0.95, qPrintable(QString::number(acc)));
        // 1.33 here; exaggerating P to the end leaves 1.75, a reversed gains rule 3.4.
        QVERIFY2(t.klDivergence > 0 && t.klDivergence < 1.5,
                 qPrintable(QString::number(t.klDivergence)));
        // The blobs are far apart in the map too: the mean within-blob distance is well below
        // the distance between blob centres.
        double cx[3] = {0, 0, 0}, cy[3] = {0, 0, 0};
        for (std::size_t i = 0; i < labels.size(); ++i) {
            cx[labels[i]] += t.y[2 * i] / 200;
            cy[labels[i]] += t.y[2 * i + 1] / 200;
        }
        double spread = 0;
        for (std::size_t i = 0; i < labels.size(); ++i)
            spread += std::hypot(t.y[2 * i] - cx[labels[i]], t.y[2 * i + 1] - cy[labels[i]]) / 600;
        for (int a = 0; a < 3; ++a)
            for (int b = a + 1; b < 3; ++b)
                QVERIFY(std::hypot(cx[a] - cx[b], cy[a] - cy[b]) > 3 * spread);
    }

    void tsneIsDeterministicForASeed() {
        std::vector<int> labels;
        const torch::Tensor x = gaussianBlobs(2, 100, 20, labels);
        inspection::TsneOptions o;
        o.iterations = 300;
        const inspection::Tsne a = inspection::tsne(x, o), b = inspection::tsne(x, o);
        QVERIFY(a.y == b.y);  // bit for bit
        QCOMPARE(a.klDivergence, b.klDivergence);
        // Forces per point on any number of threads (600 points: 3 chunks of 256), same sums.
        const torch::Tensor big = gaussianBlobs(2, 300, 20, labels);
        const std::vector<double> two = inspection::tsne(big, o).y;
        for (int threads : {1, 3}) {
            ComputeThreadsGuard guard(threads);
            QVERIFY2(inspection::tsne(big, o).y == two, qPrintable(QString::number(threads)));
        }
        o.seed = 43;
        const inspection::Tsne c = inspection::tsne(x, o);
        QVERIFY(a.y != c.y);
    }

    void tsneCancelsAndReportsFrames() {
        std::vector<int> labels;
        const torch::Tensor x = gaussianBlobs(2, 100, 20, labels);
        CancelToken token;
        std::vector<int> seen;
        inspection::TsneOptions o;
        o.iterations = 1000;
        o.frameEvery = 10;
        o.onFrame = [&](const EmbeddingFrame& f) {
            seen.push_back(f.iteration);
            QCOMPARE(f.xy.size(), std::size_t(400));
            QCOMPARE(f.iterations, 1000);
            QVERIFY(f.exaggerated);
            if (seen.size() == 3) token.cancel();
        };
        try {
            inspection::tsne(x, o, JobControl{&token, nullptr});
            QFAIL("no Cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QCOMPARE(seen, (std::vector<int>{10, 20, 30}));  // stopped at the next iteration
    }

    void tsneHandlesDuplicatesAndTinyInputs() {
        // 40 copies of one point and 40 of another, started the way computeEmbedding starts
        // them (the PCA layout: copies together): finite, each group stays on one spot, the
        // two apart.
        torch::Tensor x = torch::cat({torch::zeros({40, 5}), torch::ones({40, 5})});
        inspection::TsneOptions o;
        o.iterations = 300;
        o.perplexity = 10;
        o.init = torch::cat({torch::full({40, 2}, -1e-4), torch::full({40, 2}, 1e-4)});
        inspection::Tsne t = inspection::tsne(x, o);
        for (double v : t.y) QVERIFY(std::isfinite(v));
        for (std::size_t i = 0; i < 80; ++i) {
            const std::size_t first = i < 40 ? 0 : 40;
            QCOMPARE(t.y[2 * i], t.y[2 * first]);
            QCOMPARE(t.y[2 * i + 1], t.y[2 * first + 1]);
        }
        QVERIFY(std::hypot(t.y[0] - t.y[80], t.y[1] - t.y[81]) > 1);
        o.init = torch::Tensor();
        // Every point identical.
        t = inspection::tsne(torch::zeros({30, 3}), o);
        for (double v : t.y) QVERIFY(std::isfinite(v));
        // Three points, perplexity 1 (what computeEmbedding lowers to).
        o.perplexity = 1;
        t = inspection::tsne(torch::tensor({0.0f, 0.0f, 1.0f, 0.0f, 5.0f, 5.0f}).view({3, 2}), o);
        QCOMPARE(t.y.size(), std::size_t(6));
        for (double v : t.y) QVERIFY(std::isfinite(v));
    }

    void computeEmbeddingOnImages() {
        EmbeddingOptions o = colourOptions();
        o.method = EmbeddingMethod::Pca;
        const Embedding pca = computeEmbedding(o);
        QCOMPARE(pca.points.size(), std::size_t(80));
        QCOMPARE(pca.imagesInSplit, std::size_t(80));
        QCOMPARE(pca.classes, (std::vector<std::string>{"blue", "red"}));
        QCOMPARE(pca.decoded, std::size_t(80));  // valid/ only
        QCOMPARE(pca.featureDim, std::int64_t(512));
        QCOMPARE(pca.method, EmbeddingMethod::Pca);
        QVERIFY(pca.explainedVariance[0] >= pca.explainedVariance[1]);
        QVERIFY(pca.explainedVariance[0] + pca.explainedVariance[1] <= 1 + 1e-9);
        QCOMPARE(pca.klDivergence, 0.0);
        double mx = 0;
        for (const EmbeddingPoint& p : pca.points) {
            // The label is the class folder the image is in; the path is absolute.
            const std::string cls = p.relativePath.substr(6, p.relativePath.find('/', 6) - 6);
            QCOMPARE(p.relativePath.substr(0, 6), std::string("valid/"));
            QCOMPARE(pca.classes[static_cast<std::size_t>(p.label)], cls);
            QCOMPARE(p.path, o.dataDir + "/" + p.relativePath);
            mx += p.x / 80;
        }
        QVERIFY(std::abs(mx) < 1e-3);  // centred
        std::vector<double> xy;
        std::vector<int> labels;
        for (const EmbeddingPoint& p : pca.points) {
            xy.push_back(p.x);
            xy.push_back(p.y);
            labels.push_back(p.label);
        }
        qInfo("colour images, random ResNet-18: PCA kNN accuracy %.3f, explained %.3f %.3f",
              knnAccuracy(xy, labels), pca.explainedVariance[0], pca.explainedVariance[1]);
    }

    void tsneOnImagesFromTheCache() {
        EmbeddingOptions o = colourOptions();
        o.iterations = 1000;  // 300 stop early: kNN accuracy 0.85, KL 1.7 (1000: 1.0, 0.07)
        int frames = 0;
        o.onFrame = [&](const EmbeddingFrame& f) {
            ++frames;
            QCOMPARE(f.xy.size(), std::size_t(160));
        };
        o.frameEvery = 50;
        EmbeddingOptions pca = o;
        pca.method = EmbeddingMethod::Pca;
        computeEmbedding(pca);  // fills the cache (or finds it filled)
        const Embedding e = computeEmbedding(o);
        QCOMPARE(frames, 20);
        QCOMPARE(e.decoded, std::size_t(0));  // the PCA map above filled the cache
        QCOMPARE(e.reused, std::size_t(80));
        QCOMPARE(e.perplexity, 26.0 + 1.0 / 3);  // (80 - 1) / 3: lowered
        QCOMPARE(e.notes.size(), std::size_t(1));
        QVERIFY2(e.notes[0].find("Perplexity lowered from 30") != std::string::npos,
                 e.notes[0].c_str());
        std::vector<double> xy;
        std::vector<int> labels;
        for (const EmbeddingPoint& p : e.points) {
            xy.push_back(p.x);
            xy.push_back(p.y);
            labels.push_back(p.label);
        }
        const double acc = knnAccuracy(xy, labels);
        qInfo("colour images, random ResNet-18: t-SNE kNN accuracy %.3f", acc);
        QVERIFY(acc >= 0.9);
    }

    void samplesAndRejects() {
        EmbeddingOptions o = colourOptions();
        o.method = EmbeddingMethod::Pca;
        o.maxPoints = 21;
        // Stratified: 40 and 40 -> 10.5 each, whatever the seed (a plain random sample of
        // 21 has 10 or 11 red ones only about a third of the time).
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            o.seed = seed;
            const Embedding s = computeEmbedding(o);
            QCOMPARE(s.points.size(), std::size_t(21));
            int red = 0;
            for (const EmbeddingPoint& p : s.points) red += p.label == 1;
            QVERIFY2(red == 10 || red == 11, qPrintable(QString("seed %1: %2").arg(seed).arg(red)));
        }
        o.seed = 42;
        const Embedding e = computeEmbedding(o);
        QCOMPARE(e.notes.size(), std::size_t(1));
        QVERIFY2(e.notes[0].find("Mapped 21 of 80") != std::string::npos, e.notes[0].c_str());
        QVERIFY(std::is_sorted(e.points.begin(), e.points.end(),
                               [](auto& a, auto& b) { return a.relativePath < b.relativePath; }));
        const Embedding again = computeEmbedding(o);
        for (std::size_t i = 0; i < e.points.size(); ++i)
            QCOMPARE(again.points[i].relativePath, e.points[i].relativePath);

        auto code = [&](const EmbeddingOptions& bad) {
            try {
                computeEmbedding(bad);
            } catch (const Error& err) {
                return err.code();
            }
            return ErrorCode::Internal;
        };
        EmbeddingOptions bad = colourOptions();
        bad.split = "training";
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        bad = colourOptions();
        bad.perplexity = 1;
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        bad = colourOptions();
        bad.iterations = 100;
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        bad = colourOptions();
        bad.layer = "no_such_layer";
        QCOMPARE(code(bad), ErrorCode::InvalidArgument);
        bad = colourOptions();
        bad.dataDir = tmp_.filePath("absent").toStdString();
        QCOMPARE(code(bad), ErrorCode::NotFound);
        bad = colourOptions();
        bad.split = "test";  // 6 unlabelled images: fine, label -1
        bad.method = EmbeddingMethod::Pca;
        const Embedding test = computeEmbedding(bad);
        QCOMPARE(test.points.size(), std::size_t(6));
        for (const EmbeddingPoint& p : test.points) QCOMPARE(p.label, -1);
        QVERIFY_THROWS_EXCEPTION(Error, parseEmbeddingMethod("umap"));
        QCOMPARE(parseEmbeddingMethod("t-SNE"), EmbeddingMethod::Tsne);
    }

    void tooFewImages() {
        const QString root = tmp_.filePath("two");
        recipedata::makeColourFolder(root, 1, 1, 0);
        EmbeddingOptions o = colourOptions();
        o.dataDir = root.toStdString();
        try {
            computeEmbedding(o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadDataset);
            QVERIFY2(std::string(e.what()).find("at least 3") != std::string::npos, e.what());
        }
    }

    void writesCsv() {
        Embedding e;
        e.classes = {"a,b", "c"};
        e.points = {{"/x/valid/a,b/1.png", "valid/a,b/1.png", 0, 1.5f, -2.25f},
                    {"/x/test/2.png", "test/2.png", -1, 1e-7f, 3.0f}};
        const QString file = tmp_.filePath("e.csv");
        writeEmbeddingCsv(file.toStdString(), e);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()),
                 QString("path,label,x,y\n\"valid/a,b/1.png\",\"a,b\",1.5,-2.25\n"
                         "test/2.png,,1e-07,3\n"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestEmbedding)
#include "test_embedding.moc"

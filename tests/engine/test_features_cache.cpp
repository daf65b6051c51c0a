// HDF5 feature cache: a hit decodes nothing, incremental updates, rebuilds of bad caches,
// remembered bad files, key separation and cancellation. The extractor is a simple pooling.
#include <QFileInfo>
#include <QTemporaryDir>
#include <filesystem>

#include "data_fixtures.h"
#include "featurelab/error.h"
#include "data/image.h"
#include "features/feature_cache.h"
#include "features/hdf5_file.h"
#include "test_support.h"

using namespace featurelab;

namespace {

torch::Tensor pool4x4(const torch::Tensor& x) {
    return torch::adaptive_avg_pool2d(x, {4, 4}).flatten(1);
}

bool runPython(const QString& code) {
    QProcess p;
    p.start(QStringLiteral(FEATURELAB_PYTHON), {"-c", code});
    return p.waitForFinished(60000) && p.exitCode() == 0;
}

}  // namespace

class TestFeaturesCache : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString src_;
    int made_ = 0;

    /// A fresh dataset folder: train/{cats,dogs} and valid/{cats,dogs} from the odd images.
    QString makeDataset() {
        const QString root = dir_.path() + "/data" + QString::number(made_++);
        const char* files[] = {"photo.jpg", "generated.png", "gray.png",   "cmyk.jpg",
                               "rgba.png",  "image.bmp",     "image.webp", "palette.png",
                               "rgb16.png", "exif6.jpg"};
        for (int i = 0; i < 10; ++i) {
            datafixtures::copyTo(src_ + "/" + files[i],
                                 root + "/train/" + (i % 2 ? "dogs/" : "cats/") + files[i]);
            if (i < 4)
                datafixtures::copyTo(src_ + "/" + files[i],
                                     root + "/valid/" + (i % 2 ? "dogs/" : "cats/") + files[i]);
        }
        return root;
    }

    FeatureCacheOptions options(const QString& root, std::vector<std::string>* messages = nullptr) {
        FeatureCacheOptions o;
        o.cacheDir = (root + "/.featurelab-cache").toStdString();
        o.key = "pool4x4|test";
        o.preprocessing = Preprocessing::kerasSymmetric(24, 24);
        o.extractor = pool4x4;
        o.batchSize = 4;
        o.workers = 2;
        if (messages) o.onMessage = [messages](const std::string& m) { messages->push_back(m); };
        return o;
    }

    static std::vector<FeatureSet> run(const QString& root, const FeatureCacheOptions& o) {
        return loadOrExtractFeatures(scanImageFolder(root.toStdString()), {"train", "valid"}, o);
    }

private Q_SLOTS:
    // The workbench reads Keras .h5 files on its query thread while a job writes the feature
    // cache: that needs HDF5 built thread-safe, as Debian 12's libhdf5 is.
    void hdf5IsThreadSafe() {
        hbool_t safe = 0;
        QVERIFY(H5is_library_threadsafe(&safe) >= 0);
        QVERIFY2(safe, "libhdf5 is not thread-safe: HDF5 calls would need one global lock");
    }
    void initTestCase() {
        src_ = dir_.path() + "/src";
        QVERIFY(datafixtures::makeOddImages(src_));
    }

    void hitDecodesNothing() {
        const QString root = makeDataset();
        const auto o = options(root);
        const auto first = run(root, o);
        QCOMPARE(first.size(), std::size_t(2));
        QCOMPARE(first[0].split, std::string("train"));
        QCOMPARE(first[0].features.sizes().vec(), (std::vector<int64_t>{10, 48}));
        QCOMPARE(first[1].features.size(0), int64_t(4));
        QCOMPARE(first[0].decoded, std::size_t(10));
        QCOMPARE(first[0].labels.sizes().vec(), (std::vector<int64_t>{10}));
        const QString file = QString::fromStdString(first[0].cacheFile);
        QVERIFY(QFileInfo::exists(file));
        const auto written = QFileInfo(file).lastModified();

        const auto before = decodedImageCount();
        const auto second = run(root, o);
        QCOMPARE(decodedImageCount(), before);  // not a single image decoded
        QCOMPARE(second[0].decoded, std::size_t(0));
        QCOMPARE(second[0].reused, std::size_t(10));
        QVERIFY(torch::equal(second[0].features, first[0].features));
        QVERIFY(torch::equal(second[1].labels, first[1].labels));
        QCOMPARE(second[0].relativePaths, first[0].relativePaths);
        QCOMPARE(QFileInfo(file).lastModified(), written);  // nothing changed: not rewritten
        // The features are the extractor's output for the loader's tensors.
        QVERIFY(first[0].features.abs().sum().item<double>() > 0);
    }

    void incrementalUpdate() {
        const QString root = makeDataset();
        const auto o = options(root);
        run(root, o);
        // Add two images, remove one, and change one's content.
        datafixtures::copyTo(src_ + "/image.tiff", root + "/train/cats/new1.tiff");
        datafixtures::copyTo(src_ + "/gray.jpg", root + "/train/dogs/new2.jpg");
        QFile::remove(root + "/train/cats/photo.jpg");
        datafixtures::copyTo(src_ + "/gray16.png", root + "/train/dogs/generated.png");
        const auto before = decodedImageCount();
        const auto updated = run(root, o);
        QCOMPARE(updated[0].decoded, std::size_t(3));
        QCOMPARE(decodedImageCount() - before, std::uint64_t(3));
        QCOMPARE(updated[0].reused, std::size_t(8));
        QCOMPARE(updated[1].decoded, std::size_t(0));
        QCOMPARE(updated[0].features.size(0), int64_t(11));
        // Same result as extracting everything from scratch.
        auto fresh = options(root);
        fresh.cacheDir = (dir_.path() + "/fresh-cache-" + QString::number(made_)).toStdString();
        const auto full = run(root, fresh);
        QCOMPARE(full[0].relativePaths, updated[0].relativePaths);
        QVERIFY(torch::equal(full[0].features, updated[0].features));
        QVERIFY(torch::equal(full[0].labels, updated[0].labels));
        QCOMPARE(run(root, o)[0].decoded, std::size_t(0));  // and now it is all cached again
    }

    void corruptCachesAreRebuilt_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("truncated") << "truncate";
        QTest::newRow("not hdf5") << "garbage";
        QTest::newRow("wrong version") << "version";
        QTest::newRow("wrong shapes") << "shapes";
        QTest::newRow("wrong feature type") << "dtype";
    }
    void corruptCachesAreRebuilt() {
        QFETCH(QString, damage);
        const QString root = makeDataset();
        std::vector<std::string> messages;
        const auto o = options(root, &messages);
        const auto good = run(root, o);
        const QString file = QString::fromStdString(good[0].cacheFile);
        if (damage == "truncate") {
            QFile f(file);
            QVERIFY(f.resize(f.size() / 2));
        } else if (damage == "garbage") {
            QVERIFY(datafixtures::writeBytes(file, "this is not an HDF5 file"));
        } else {
            const QString edit =
                damage == "version" ? "f.attrs['format_version'] = 99"
                : damage == "shapes"
                    ? "del f['train/labels']; f['train/labels'] = np.zeros(3, np.int64)"
                    : "del f['valid/features']; f['valid/features'] = np.zeros((4, 48), "
                      "np.float64)";
            QVERIFY(runPython("import h5py, numpy as np\nf = h5py.File('" + file + "', 'r+')\n" +
                              edit + "\nf.close()"));
        }
        const auto rebuilt = run(root, o);
        QCOMPARE(messages.size(), std::size_t(1));
        QVERIFY2(messages[0].find("unusable") != std::string::npos, messages[0].c_str());
        QCOMPARE(rebuilt[0].decoded, std::size_t(10));
        QVERIFY(torch::equal(rebuilt[0].features, good[0].features));
        QVERIFY(torch::equal(rebuilt[1].features, good[1].features));
        messages.clear();
        QCOMPARE(run(root, o)[0].decoded, std::size_t(0));  // the rebuilt file is trusted again
        QVERIFY(messages.empty());
    }

    void keyAndPreprocessingSeparateCaches() {
        const QString root = makeDataset();
        auto o = options(root);
        const std::string a = featureCachePath(o);
        o.key = "pool4x4|other-weights";
        const std::string b = featureCachePath(o);
        o.preprocessing.interpolation = Interpolation::Bilinear;
        const std::string c = featureCachePath(o);
        QVERIFY(a != b && b != c && a != c);
        run(root, options(root));
        QCOMPARE(run(root, o)[0].decoded, std::size_t(10));  // another key: computed, not reused
    }

    void badFilesAreRememberedNotRetried() {
        const QString root = makeDataset();
        // Intact header and end chunk, broken pixel data: passes the scan, fails to decode.
        QByteArray png = datafixtures::readAll(src_ + "/generated.png");
        for (int i = png.size() / 2; i < png.size() / 2 + 64; ++i) png[i] = char(png[i] ^ 0x5A);
        QVERIFY(datafixtures::writeBytes(root + "/train/cats/broken_pixels.png", png));
        auto o = options(root);
        std::vector<SkippedFile> reported;
        o.onBadFile = [&](const SkippedFile& f) { reported.push_back(f); };
        const auto first = run(root, o);
        QCOMPARE(reported.size(), std::size_t(1));
        QCOMPARE(reported[0].path, std::string("train/cats/broken_pixels.png"));
        QCOMPARE(first[0].skipped.size(), std::size_t(1));
        QCOMPARE(first[0].features.size(0), int64_t(10));
        const auto second = run(root, o);
        QCOMPARE(second[0].decoded, std::size_t(0));
        QCOMPARE(reported.size(), std::size_t(1));  // not tried again
        QCOMPARE(second[0].skipped.size(), std::size_t(1));
    }

    void unlabelledTestSplit() {
        const QString root = makeDataset();
        QVERIFY(datafixtures::copyTo(src_ + "/photo.jpg", root + "/test/a.jpg"));
        QVERIFY(datafixtures::copyTo(src_ + "/gray.png", root + "/test/b.png"));
        const auto o = options(root);
        const auto sets = loadOrExtractFeatures(scanImageFolder(root.toStdString()),
                                                {"train", "test", "missing"}, o);
        QCOMPARE(sets.size(), std::size_t(2));  // splits the data lacks are left out
        QCOMPARE(sets[1].split, std::string("test"));
        QCOMPARE(sets[1].features.size(0), int64_t(2));
        QVERIFY(torch::equal(sets[1].labels, torch::full({2}, -1, torch::kInt64)));
        // The valid split is still cached from nothing: asking for it later computes only it.
        const auto valid = run(root, o);
        QCOMPARE(valid[0].decoded, std::size_t(0));
        QCOMPARE(valid[1].decoded, std::size_t(4));
    }

    void cancelLeavesNoCache() {
        const QString root = makeDataset();
        auto o = options(root);
        CancelToken token;
        o.cancel = &token;
        int calls = 0;
        o.extractor = [&](const torch::Tensor& x) {
            if (++calls == 1) token.cancel();
            return pool4x4(x);
        };
        try {
            run(root, o);
            QFAIL("expected Cancelled");
        } catch (const Error& e) {
            QCOMPARE(int(e.code()), int(ErrorCode::Cancelled));
        }
        QVERIFY(calls <= 2);  // stopped within one batch
        QVERIFY(!QFileInfo::exists(QString::fromStdString(featureCachePath(o))));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestFeaturesCache)
#include "test_features_cache.moc"

// Damaged feature caches end to end (issue 16, F14 and cache format 3): a cache whose rows were
// zeroed or rotated, whose width is wrong under a valid checksum, or that version 2 wrote with
// variable-length strings (also with a damaged global heap) is reported once, rebuilt from the
// images, and the next run is a clean hit; so is one that crashes libhdf5 (in the probe's child).
// The reader-level refusals are in test_hostile_h5_cache.
#include <hdf5.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "featurelab/error.h"
#include "featurelab/scan.h"
#include "features/cache_store.h"
#include "features/feature_cache.h"
#include "hostile_h5.h"
#include "hostile_support.h"
#include "test_support.h"

using namespace featurelab;
using namespace hostileh5;

namespace {

/// Four 8x8 24-bit BMPs of one colour each in root/train/{cats,dogs}.
bool makeBmpFolder(const QString& root) {
    const char* colours[4] = {"\x10\x20\x30", "\x50\x60\x70", "\x90\xa0\xb0", "\xd0\xe0\xf0"};
    for (int i = 0; i < 4; ++i) {
        // 8x8 24-bit BMPs of one colour each (rows of 24 bytes, no padding).
        QByteArray px;
        for (int k = 0; k < 64; ++k) px += QByteArray(colours[i], 3);
        auto le32 = [](std::uint32_t v) {
            return QByteArray(1, char(v)) + char(v >> 8) + char(v >> 16) + char(v >> 24);
        };
        const QByteArray bmp = "BM" + le32(54 + 192) + le32(0) + le32(54) + le32(40) + le32(8) +
                               le32(8) + QByteArray("\x01\x00\x18\x00", 4) + le32(0) + le32(192) +
                               le32(2835) + le32(2835) + le32(0) + le32(0) + px;
        const QString dir = root + "/train/" + (i % 2 ? "dogs" : "cats");
        if (!QDir().mkpath(dir)) return false;
        if (!hostile::writeFile(dir + "/" + QString::number(i) + ".bmp", bmp)) return false;
    }
    return true;
}

/// A cache as version 2 wrote it (variable-length key and text lists), holding fs's rows.
void writeVersionTwoCache(const std::string& path, const std::string& key, const FeatureSet& fs) {
    const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    intAttr(f, "format_version", {2}, true);
    strAttr(f, "key", {key}, 0, 0);
    const hid_t g = H5Gcreate2(f, "train", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const torch::Tensor x = fs.features.contiguous();
    dataset(g, "features", H5T_IEEE_F32LE, {hsize_t(x.size(0)), hsize_t(x.size(1))}, H5P_DEFAULT,
            x.data_ptr<float>(), H5T_NATIVE_FLOAT);
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    std::vector<const char*> paths, classes;
    for (const auto& p : fs.relativePaths) paths.push_back(p.c_str());
    for (const auto& c : fs.classes) classes.push_back(c.c_str());
    dataset(g, "paths", t, {hsize_t(paths.size())}, H5P_DEFAULT, paths.data(), t);
    dataset(g, "class_names", t, {hsize_t(classes.size())}, H5P_DEFAULT, classes.data(), t);
    H5Tclose(t);
    const torch::Tensor y = fs.labels.contiguous();
    dataset(g, "labels", H5T_STD_I64LE, {hsize_t(y.size(0))}, H5P_DEFAULT,
            y.data_ptr<std::int64_t>(), H5T_NATIVE_INT64);
    intAttr(g, "checksum", {0}, true);
    H5Gclose(g);
    H5Fclose(f);
}

/// A cache of each image's mean colour under root/cache; its messages go to messages.
FeatureCacheOptions meanFeatures(const QString& root, std::vector<std::string>& messages) {
    FeatureCacheOptions o;
    o.cacheDir = (root + "/cache").toStdString();
    o.key = "mean";
    o.preprocessing = Preprocessing::kerasSymmetric(8, 8);
    o.extractor = [](const torch::Tensor& x) { return x.mean({2, 3}); };
    o.batchSize = 2;
    o.onMessage = [&messages](const std::string& m) { messages.push_back(m); };
    return o;
}

}  // namespace

class TestHostileH5CacheRebuild : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }

    /// F14 end to end: a cache whose rows were zeroed, or whose width is not the extractor's
    /// (with a valid checksum), is reported and rebuilt; the features are the fresh ones.
    void damagedCacheIsRebuiltNotTrainedOn_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("zeroed rows") << "zero";
        QTest::newRow("rows rotated by one") << "rotate";
        QTest::newRow("another width, valid checksum") << "width";
    }
    void damagedCacheIsRebuiltNotTrainedOn() {
        QFETCH(QString, damage);
        const QString root = tmp_.filePath("data_" + damage);
        QVERIFY(makeBmpFolder(root));
        const DatasetScan scan = scanImageFolder(root.toStdString());
        std::vector<std::string> messages;
        const FeatureCacheOptions o = meanFeatures(root, messages);
        const torch::Tensor fresh = loadOrExtractFeatures(scan, {"train"}, o)[0].features;
        const std::string cache = featureCachePath(o);
        if (damage == "width") {
            CacheContents c = readFeatureCache(cache, featureCacheKey(o));
            CachedSplit& s = c.splits.at("train");
            s.dim = 5;
            s.features.assign(s.rows() * 5, 0.5f);
            writeFeatureCache(cache, c, false);  // a valid file, checksum and all
        } else {
            const hid_t f = H5Fopen(cache.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
            const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
            const torch::Tensor t =
                damage == "zero" ? torch::zeros_like(fresh) : fresh.roll(1, 0).contiguous();
            dataset(g, "features", H5T_IEEE_F32LE, {hsize_t(t.size(0)), hsize_t(t.size(1))},
                    H5P_DEFAULT, t.data_ptr<float>(), H5T_NATIVE_FLOAT);
            H5Gclose(g);
            H5Fclose(f);
        }
        messages.clear();
        const FeatureSet again = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(again.decoded, std::size_t(4));
        QVERIFY(torch::equal(again.features, fresh));
        QVERIFY(!messages.empty());
        qInfo().noquote() << QString::fromStdString(messages.front()).left(300);
        // Rebuilt: a third run is a clean hit.
        messages.clear();
        const FeatureSet third = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(third.decoded, std::size_t(0));
        QVERIFY(torch::equal(third.features, fresh));
    }

    /// Version 3: a version 2 cache (variable-length strings, which are never read) is
    /// reported and rebuilt, also when its global heap is damaged; the next run is a clean hit.
    void versionTwoCacheIsRebuilt_data() {
        QTest::addColumn<bool>("damageHeap");
        QTest::newRow("version 2 cache") << false;
        QTest::newRow("version 2 cache, global heap damaged") << true;
    }
    void versionTwoCacheIsRebuilt() {
        QFETCH(bool, damageHeap);
        const QString root = tmp_.filePath(damageHeap ? "data_v2_damaged" : "data_v2");
        QVERIFY(makeBmpFolder(root));
        const DatasetScan scan = scanImageFolder(root.toStdString());
        std::vector<std::string> messages;
        const FeatureCacheOptions o = meanFeatures(root, messages);
        const FeatureSet fresh = loadOrExtractFeatures(scan, {"train"}, o)[0];
        const std::string cache = featureCachePath(o);
        writeVersionTwoCache(cache, featureCacheKey(o), fresh);
        if (damageHeap) {
            QFile io(QString::fromStdString(cache));
            QVERIFY(io.open(QIODevice::ReadOnly));
            QByteArray bytes = io.readAll();
            io.close();
            QVERIFY(corruptGlobalHeap(bytes));
            QVERIFY(hostile::writeFile(QString::fromStdString(cache), bytes));
        }
        messages.clear();
        const FeatureSet again = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(again.decoded, std::size_t(4));
        QVERIFY(torch::equal(again.features, fresh.features));
        QCOMPARE(messages.size(), std::size_t(1));
        const QString m = QString::fromStdString(messages.front());
        qInfo().noquote() << m;
        QVERIFY2(m.contains(QString::fromStdString(cache)) && m.contains("format version 2") &&
                     m.contains("rebuilding"),
                 qPrintable(m));
        messages.clear();
        const FeatureSet third = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(third.decoded, std::size_t(0));
        QVERIFY(messages.empty());
    }

    /// A cache on which libhdf5 1.10.8 crashes (tests/fuzz/README.md) crashes only the probe's
    /// child (features/h5_sandbox.h): reported once, rebuilt, and the next run is a clean hit.
    /// Class A's over-read may land in mapped memory; class B (a NULL write) always crashes.
    void libhdf5CrashIsARebuild_data() {
        QTest::addColumn<bool>("classB");
        QTest::newRow("class B: train's local heap at an undefined address") << true;
        QTest::newRow("class A: format_version's dataspace size 0xB308") << false;
    }
    void libhdf5CrashIsARebuild() {
        QFETCH(bool, classB);
        const QString root = tmp_.filePath(classB ? "data_crash_b" : "data_crash_a");
        QVERIFY(makeBmpFolder(root));
        const DatasetScan scan = scanImageFolder(root.toStdString());
        std::vector<std::string> messages;
        const FeatureCacheOptions o = meanFeatures(root, messages);
        const FeatureSet fresh = loadOrExtractFeatures(scan, {"train"}, o)[0];
        const QString cache = QString::fromStdString(featureCachePath(o));
        QFile io(cache);
        QVERIFY(io.open(QIODevice::ReadOnly));
        QByteArray bytes = io.readAll();
        io.close();
        QVERIFY(classB ? undefineLocalHeap(bytes, "paths_lengths")
                       : stretchAttributeSpace(bytes, "format_version", char(0xB3)));
        QVERIFY(hostile::writeFile(cache, bytes));
        messages.clear();
        const FeatureSet again = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(again.decoded, std::size_t(4));
        QVERIFY(torch::equal(again.features, fresh.features));
        QCOMPARE(messages.size(), std::size_t(1));
        const QString m = QString::fromStdString(messages.front());
        qInfo().noquote() << m;
        QVERIFY2(m.contains(cache) && m.contains("rebuilding") &&
                     (!classB || m.contains("libhdf5 crashed while reading it (signal 11")),
                 qPrintable(m));
        messages.clear();
        const FeatureSet third = loadOrExtractFeatures(scan, {"train"}, o)[0];
        QCOMPARE(third.decoded, std::size_t(0));
        QVERIFY(messages.empty());
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileH5CacheRebuild)
#include "test_hostile_h5_cache_rebuild.moc"

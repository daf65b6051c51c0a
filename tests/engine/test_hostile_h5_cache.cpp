// Hostile HDF5 feature caches (features/cache_store.h), written here with the HDF5 C API from a
// valid two-split cache: each must be refused with one typed Error(BadCache) naming the file, so
// that the job rebuilds it (issue 16: F1 attribute shapes, F5 external links/storage and virtual
// datasets, F11 declared sizes, F14 checksums, F16 bad_alloc from dims, version 2's
// variable-length strings never read). test_hostile_h5_cache_rebuild runs damaged and version 2
// caches through loadOrExtractFeatures end to end.
#include <hdf5.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>

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

/// A variable-length string dataset of n texts in place of name (version 2's text lists).
std::function<void(hid_t)> vlenStrings(const char* name, std::size_t n) {
    return [=](hid_t g) {
        const hid_t t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, H5T_VARIABLE);
        std::vector<std::string> texts;
        for (std::size_t i = 0; i < n; ++i) texts.push_back("train/cats/" + std::to_string(i));
        std::vector<const char*> ptrs;
        for (const auto& s : texts) ptrs.push_back(s.c_str());
        dataset(g, name, t, {hsize_t(n)}, H5P_DEFAULT, ptrs.data(), t);
        H5Tclose(t);
    };
}

/// Replaces name + "_lengths" of a text list.
std::function<void(hid_t)> lengths(const std::string& name, std::vector<std::int64_t> v) {
    return [=](hid_t g) {
        dataset(g, (name + "_lengths").c_str(), H5T_STD_I64LE, {hsize_t(v.size())}, H5P_DEFAULT,
                v.data(), H5T_NATIVE_INT64);
    };
}

/// A feature cache (cache_store.h): two splits of 5 rows, 8 wide.
std::vector<Case> cacheCases() {
    auto inSplit = [](std::function<void(hid_t g)> fn) -> Mutation {
        return [=](hid_t f, const QString&) {
            const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
            fn(g);
            H5Gclose(g);
        };
    };
    auto features = [](std::vector<float> v, std::vector<hsize_t> dims) {
        return [=](hid_t g) {
            dataset(g, "features", H5T_IEEE_F32LE, dims, H5P_DEFAULT, v.data(), H5T_NATIVE_FLOAT);
        };
    };
    std::vector<float> rotated(40), zeros(40, 0.f), wide(45, 1.f);
    for (int i = 0; i < 40; ++i) rotated[std::size_t(i)] = float((i + 8) % 40);
    return {
        {"format_version an int64 array (F1)",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
         }},
        {"format_version 2-D (F1)",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2, 2, 2, 2}, false, 2);
         }},
        {"format_version a string",
         [](hid_t f, const QString&) { strAttr(f, "format_version", {"2"}, 0, 0); }},
        {"format_version a float",
         [](hid_t f, const QString&) { floatAttr(f, "format_version", 2.0); }},
        {"format_version missing", [](hid_t f, const QString&) { delAttr(f, "format_version"); }},
        {"format_version 1 (old layout)",
         [](hid_t f, const QString&) { intAttr(f, "format_version", {1}, true); }},
        {"key an array of strings (F1)",
         [](hid_t f, const QString&) {
             strAttr(f, "key", {"k", "k", "k"}, 1, 0);
         }},
        {"key an integer", [](hid_t f, const QString&) { intAttr(f, "key", {5}, true); }},
        {"key fixed-length and different",
         [](hid_t f, const QString&) { strAttr(f, "key", {"another"}, 0, 32); }},
        {"key missing", [](hid_t f, const QString&) { delAttr(f, "key"); }},
        {"split is an external link (F5)",
         [](hid_t f, const QString& dir) {
             delLink(f, "train");
             H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/", f, "train",
                                H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"split is a soft link",
         [](hid_t f, const QString&) {
             delLink(f, "train");
             H5Lcreate_soft("/valid", f, "train", H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"split is a dataset",
         [](hid_t f, const QString&) {
             const float v = 1;
             dataset(f, "extra", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
         }},
        {"features an external link (F5)", inSplit([](hid_t g) {
             delLink(g, "features");
             H5Lcreate_external("/etc/hostname.h5", "/data", g, "features", H5P_DEFAULT,
                                H5P_DEFAULT);
         })},
        {"features in external raw storage (F5)",
         [=](hid_t f, const QString& dir) {
             const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             H5Pset_external(dcpl, (dir + "/secret.bin").toUtf8().constData(), 0, 160);
             dataset(g, "features", H5T_IEEE_F32LE, {5, 8}, dcpl);
             H5Pclose(dcpl);
             H5Gclose(g);
         }},
        {"features a virtual dataset (F5)",
         [=](hid_t f, const QString& dir) {
             const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
             const hsize_t dims[2] = {5, 8};
             const hid_t space = H5Screate_simple(2, dims, nullptr);
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             H5Pset_virtual(dcpl, space, (dir + "/secret.h5").toUtf8().constData(), "/data", space);
             dataset(g, "features", H5T_IEEE_F32LE, {5, 8}, dcpl);
             H5Pclose(dcpl);
             H5Sclose(space);
             H5Gclose(g);
         }},
        {"features declare 50M x 1M (F11/F16)", inSplit([](hid_t g) {
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             const hsize_t chunk[2] = {1, 8};
             H5Pset_chunk(dcpl, 2, chunk);
             dataset(g, "features", H5T_IEEE_F32LE, {50000000, 1000000}, dcpl);
             H5Pclose(dcpl);
         })},
        {"features declare 1 GB they do not store (F16)", inSplit([](hid_t g) {
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             const hsize_t chunk[2] = {1, 8};
             H5Pset_chunk(dcpl, 2, chunk);
             dataset(g, "features", H5T_IEEE_F32LE, {32u << 20, 8}, dcpl);
             H5Pclose(dcpl);
         })},
        {"features of 400 MB deflated to kilobytes (F11 bomb)", inSplit([](hid_t g) {
             const hid_t dcpl = bombPlist(2);
             dataset(g, "paths_bomb", H5T_IEEE_F32LE, {100u << 17, 8}, dcpl);
             H5Pclose(dcpl);
             delLink(g, "features");
             H5Lmove(g, "paths_bomb", g, "features", H5P_DEFAULT, H5P_DEFAULT);
         })},
        {"features of integers", inSplit([](hid_t g) {
             std::vector<std::int32_t> v(40, 1);
             dataset(g, "features", H5T_STD_I32LE, {5, 8}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT32);
         })},
        {"features float64", inSplit([](hid_t g) {
             std::vector<double> v(40, 1);
             dataset(g, "features", H5T_IEEE_F64LE, {5, 8}, H5P_DEFAULT, v.data(),
                     H5T_NATIVE_DOUBLE);
         })},
        {"features of rank 3", inSplit(features(std::vector<float>(40, 1.f), {5, 2, 4}))},
        {"features zeroed (F14)", inSplit(features(zeros, {5, 8}))},
        {"features rotated by one row (F14)", inSplit(features(rotated, {5, 8}))},
        {"features 9 wide (F14)", inSplit(features(wide, {5, 9}))},
        {"features of 4 rows for 5 paths", inSplit(features(std::vector<float>(32, 1.f), {4, 8}))},
        {"labels of floats", inSplit([](hid_t g) {
             std::vector<double> v(5, 0.5);
             dataset(g, "labels", H5T_IEEE_F64LE, {5}, H5P_DEFAULT, v.data(), H5T_NATIVE_DOUBLE);
         })},
        {"labels changed (F14)", inSplit([](hid_t g) {
             std::vector<std::int64_t> v(5, 1);
             dataset(g, "labels", H5T_STD_I64LE, {5}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT64);
         })},
        {"paths of integers", inSplit([](hid_t g) {
             std::vector<std::int64_t> v(5, 1);
             dataset(g, "paths", H5T_STD_I64LE, {5}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT64);
         })},
        {"bad-file lists of different lengths", inSplit([](hid_t g) {
             std::vector<std::int64_t> v(3, 1);
             dataset(g, "bad_sizes", H5T_STD_I64LE, {3}, H5P_DEFAULT, v.data(), H5T_NATIVE_INT64);
         })},
        {"checksum missing", inSplit([](hid_t g) { delAttr(g, "checksum"); })},
        {"checksum an array (F1)", inSplit([](hid_t g) {
             intAttr(g, "checksum", {1, 2, 3, 4});
         })},
        {"checksum a string", inSplit([](hid_t g) { strAttr(g, "checksum", {"x"}, 0, 0); })},
        {"checksum wrong (F14)", inSplit([](hid_t g) { intAttr(g, "checksum", {12345}, true); })},
        {"class_names 2-D", inSplit([](hid_t g) {
             const hid_t t = H5Tcopy(H5T_C_S1);
             H5Tset_size(t, H5T_VARIABLE);
             const char* v[2] = {"a", "b"};
             dataset(g, "class_names", t, {1, 2}, H5P_DEFAULT, v, t);
             H5Tclose(t);
         })},
        {"mtimes missing", inSplit([](hid_t g) { delLink(g, "mtimes"); })},
        // Version 3 stores no variable-length strings; each is refused before it is read.
        {"key variable-length", vlenAttr("/", "key", {"hostile|key"}, 0)},
        {"key variable-length, global heap damaged", vlenAttr("/", "key", {"hostile|key"}, 0),
         corruptGlobalHeap},
        {"paths variable-length strings", inSplit(vlenStrings("paths", 5))},
        {"class_names variable-length, global heap damaged", inSplit(vlenStrings("class_names", 1)),
         corruptGlobalHeap},
        {"bad_reasons variable-length sequences", inSplit([](hid_t g) {
             const hid_t t = H5Tvlen_create(H5T_NATIVE_UCHAR);
             dataset(g, "bad_reasons", t, {0});
             H5Tclose(t);
         })},
        {"format_version 2 (variable-length strings)",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2}, true);
             strAttr(f, "key", {"hostile|key"}, 0, 0);
             const hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
             vlenStrings("paths", 5)(g);
             H5Gclose(g);
         }},
        {"format_version 2, global heap damaged",
         [](hid_t f, const QString&) {
             intAttr(f, "format_version", {2}, true);
             strAttr(f, "key", {"hostile|key"}, 0, 0);
         },
         corruptGlobalHeap},
        // The text lists: bytes plus lengths that must add up to them.
        {"paths_lengths missing", inSplit([](hid_t g) { delLink(g, "paths_lengths"); })},
        {"paths_lengths negative", inSplit(lengths("paths", {-1, 16, 16, 16, 17}))},
        {"paths_lengths one byte short", inSplit(lengths("paths", {16, 16, 16, 16, 15}))},
        {"paths_lengths one byte over", inSplit(lengths("paths", {16, 16, 16, 16, 17}))},
        {"paths_lengths wrap around 2^64",
         inSplit(lengths("paths", {std::int64_t(1) << 62, std::int64_t(1) << 62,
                                   std::int64_t(1) << 62, std::int64_t(1) << 62, 80}))},
        {"paths_lengths for 6 paths", inSplit(lengths("paths", {16, 16, 16, 16, 16, 0}))},
        {"paths_lengths of floats", inSplit([](hid_t g) {
             std::vector<double> v(5, 16);
             dataset(g, "paths_lengths", H5T_IEEE_F64LE, {5}, H5P_DEFAULT, v.data(),
                     H5T_NATIVE_DOUBLE);
         })},
        {"paths bytes signed", inSplit([](hid_t g) {
             std::vector<std::int8_t> v(80, 'a');
             dataset(g, "paths", H5T_STD_I8LE, {80}, H5P_DEFAULT, v.data(), H5T_NATIVE_SCHAR);
         })},
        {"paths bytes 2-D", inSplit([](hid_t g) {
             std::vector<std::uint8_t> v(80, 'a');
             dataset(g, "paths", H5T_STD_U8LE, {16, 5}, H5P_DEFAULT, v.data(), H5T_NATIVE_UCHAR);
         })},
        {"paths bytes declare 1 GB they do not store", inSplit([](hid_t g) {
             const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
             const hsize_t chunk[1] = {4096};
             H5Pset_chunk(dcpl, 1, chunk);
             dataset(g, "paths", H5T_STD_U8LE, {1u << 30}, dcpl);
             H5Pclose(dcpl);
             lengths("paths", {1 << 28, 1 << 28, 1 << 28, 1 << 28, 0})(g);
         })},
        {"class_names bytes missing", inSplit([](hid_t g) { delLink(g, "class_names"); })},
    };
}

/// Found by fuzz_feature_cache (tests/fuzz/README.md): the first chunk of each split's features
/// claims 4 GiB of storage in its B-tree record (libhdf5 allocated that much in H5Dread).
Case hugeChunkCase() {
    return {"features' chunk claims 4 GiB of storage (fuzz)", [](hid_t, const QString&) {},
            claimHugeChunk};
}

}  // namespace

class TestHostileH5Cache : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString base_;
    CacheContents contents_;
    const std::string key_ = "hostile|key";

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        QVERIFY(writeSecrets(tmp_.path()));
        CacheContents c;
        c.key = key_;
        for (const char* split : {"train", "valid"}) {
            CachedSplit s;
            s.dim = 8;
            for (int i = 0; i < 40; ++i) s.features.push_back(float(i));
            for (int i = 0; i < 5; ++i) {
                s.paths.push_back(std::string(split) + "/cats/" + std::to_string(i) + ".jpg");
                s.labels.push_back(0);
                s.sizes.push_back(100 + i);
                s.mtimes.push_back(1000 + i);
            }
            s.classNames = {"cats"};
            c.splits[split] = s;
        }
        contents_ = c;
        base_ = tmp_.filePath("cache_base.h5");
        writeFeatureCache(base_.toStdString(), c, false);
        const CacheContents back = readFeatureCache(base_.toStdString(), key_);
        QCOMPARE(back.splits.at("train").features, c.splits["train"].features);
    }

    void cache_data() {
        QTest::addColumn<int>("index");
        const auto cases = cacheCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void cache() {
        QFETCH(int, index);
        const QString file =
            hostileh5::mutated(tmp_.path(), base_, "cache", cacheCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        const hostile::Outcome o = hostile::run([&] { readFeatureCache(file.toStdString(), key_); },
                                                QFileInfo(file).fileName());
        qInfo().noquote() << o.text.left(300);
        QVERIFY2(o.ok, qPrintable(o.text));
        // BadCache: loadOrExtractFeatures rebuilds rather than failing the job.
        QCOMPARE(int(o.code), int(ErrorCode::BadCache));
    }

    void chunkClaimingMoreThanTheFile() {
        const QString file = hostileh5::mutated(tmp_.path(), base_, "cache", hugeChunkCase());
        QVERIFY(!file.isEmpty());
        const hostile::Outcome o = hostile::run([&] { readFeatureCache(file.toStdString(), key_); },
                                                QFileInfo(file).fileName());
        qInfo().noquote() << o.text.left(300);
        QVERIFY2(o.ok, qPrintable(o.text));
        QCOMPARE(int(o.code), int(ErrorCode::BadCache));
        QVERIFY2(o.text.contains("claims 4294967295 bytes of storage in a file of"),
                 qPrintable(o.text));
    }

    /// A compressed cache (--compress) reads back; one whose deflated chunk inflates to 8 of
    /// its 160 bytes is refused before libhdf5 reads it (its H5Dread over-read the heap: found
    /// by fuzz_feature_cache).
    void deflatedChunkInflatingShort() {
        const QString gz = tmp_.filePath("cache_gzip.h5");
        writeFeatureCache(gz.toStdString(), contents_, true);
        QCOMPARE(readFeatureCache(gz.toStdString(), key_).splits.at("train").features,
                 contents_.splits.at("train").features);
        const Case c{"features' deflated chunk inflates to 8 bytes (fuzz)",
                     [](hid_t f, const QString&) { shortDeflatedChunk(f, "train/features"); }};
        const QString file = hostileh5::mutated(tmp_.path(), gz, "cache", c);
        QVERIFY(!file.isEmpty());
        const hostile::Outcome o = hostile::run([&] { readFeatureCache(file.toStdString(), key_); },
                                                QFileInfo(file).fileName());
        qInfo().noquote() << o.text.left(300);
        QVERIFY2(o.ok, qPrintable(o.text));
        QCOMPARE(int(o.code), int(ErrorCode::BadCache));
        QVERIFY2(o.text.contains("holds 8 bytes inflated where its shape declares 160"),
                 qPrintable(o.text));
    }

    void truncatedAndForeignFiles_data() {
        QTest::addColumn<QString>("how");
        for (const char* h : hostileh5::kDamages) QTest::newRow(h) << QString(h);
    }
    void truncatedAndForeignFiles() {
        QFETCH(QString, how);
        const QString file = hostileh5::damagedCopy(tmp_.path(), base_, "cache", how);
        QVERIFY(!file.isEmpty());
        const std::string f = file.toStdString();
        EXPECT_HOSTILE_ERROR([&] { readFeatureCache(f, key_); }, QFileInfo(file).fileName());
    }

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileH5Cache)
#include "test_hostile_h5_cache.moc"

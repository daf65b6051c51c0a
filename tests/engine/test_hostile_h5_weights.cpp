// Hostile Keras HDF5 weights files, written here with the HDF5 C API from a valid mobilenet_v1_0.25
// file: each must be refused with one typed Error naming the file (issue 16: F1 attribute shapes
// and types, F5 external links/storage and virtual datasets, F11 declared sizes, F19 NaN
// weights, variable-length strings never read), or, for attributes the reader never reads,
// loaded as if they were absent.
#include <hdf5.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>

#include "featurelab/error.h"
#include "hostile_h5.h"
#include "hostile_support.h"
#include "models/keras_h5.h"
#include "models/keras_weights.h"
#include "models/network.h"
#include "test_support.h"

using namespace featurelab;
using namespace hostileh5;

namespace {

/// Keras weights for mobilenet_v1_0.25: root attribute layer_names, one group per layer with
/// weight_names and datasets "<layer>/<layer>/kernel:0" etc.
std::vector<Case> kerasCases() {
    auto kernel = [](hid_t f, std::function<void(hid_t g)> fn) {
        const hid_t g = H5Gopen2(f, "conv1/conv1", H5P_DEFAULT);
        fn(g);
        H5Gclose(g);
    };
    return {
        {"layer_names 2-D (F1)",
         [](hid_t f, const QString&) {
             strAttr(f, "layer_names", {"conv1", "conv1_bn"}, 2);
         }},
        {"layer_names integers",
         [](hid_t f, const QString&) {
             intAttr(f, "layer_names", {1, 2});
         }},
        {"layer_names missing", [](hid_t f, const QString&) { delAttr(f, "layer_names"); }},
        {"layer_names scalar float",
         [](hid_t f, const QString&) { floatAttr(f, "layer_names", 1.5); }},
        {"layer_names lists a missing group",
         [](hid_t f, const QString&) {
             strAttr(f, "layer_names", {"conv1", "nosuch"});
         }},
        {"layer name ..", [](hid_t f, const QString&) { strAttr(f, "layer_names", {".."}); }},
        {"layer name with a slash",
         [](hid_t f, const QString&) { strAttr(f, "layer_names", {"conv1/conv1"}); }},
        {"layer name empty", [](hid_t f, const QString&) { strAttr(f, "layer_names", {""}); }},
        {"weight_names integers",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1", H5P_DEFAULT);
             intAttr(g, "weight_names", {7});
             H5Gclose(g);
         }},
        {"weight_names 2-D (F1)",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1", H5P_DEFAULT);
             strAttr(g, "weight_names", {"conv1/kernel:0", "x"}, 2, 32);
             H5Gclose(g);
         }},
        {"weight_names lists a missing dataset",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1", H5P_DEFAULT);
             strAttr(g, "weight_names", {"conv1/nosuch:0"}, 1, 32);
             H5Gclose(g);
         }},
        {"kernel is an external link (F5)",
         [=](hid_t f, const QString& dir) {
             kernel(f, [&](hid_t g) {
                 delLink(g, "kernel:0");
                 H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/data", g,
                                    "kernel:0", H5P_DEFAULT, H5P_DEFAULT);
             });
         }},
        {"layer group is an external link (F5)",
         [](hid_t f, const QString& dir) {
             delLink(f, "conv1");
             H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/", f, "conv1",
                                H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"kernel is a soft link",
         [=](hid_t f, const QString&) {
             kernel(f, [&](hid_t g) {
                 delLink(g, "kernel:0");
                 H5Lcreate_soft("/conv_dw_1/conv_dw_1/depthwise_kernel:0", g, "kernel:0",
                                H5P_DEFAULT, H5P_DEFAULT);
             });
         }},
        {"kernel in external raw storage (F5)",
         [=](hid_t f, const QString& dir) {
             kernel(f, [&](hid_t g) {
                 const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                 H5Pset_external(dcpl, (dir + "/secret.bin").toUtf8().constData(), 0,
                                 3 * 3 * 3 * 8 * 4);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl);
                 H5Pclose(dcpl);
             });
         }},
        {"kernel is a virtual dataset (F5)",
         [=](hid_t f, const QString& dir) {
             kernel(f, [&](hid_t g) {
                 const hsize_t dims[4] = {3, 3, 3, 8};
                 const hid_t space = H5Screate_simple(4, dims, nullptr);
                 const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                 H5Pset_virtual(dcpl, space, (dir + "/secret.h5").toUtf8().constData(), "/data",
                                space);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl);
                 H5Pclose(dcpl);
                 H5Sclose(space);
             });
         }},
        {"kernel of integers",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<std::int32_t> v(216, 1);
                 dataset(g, "kernel:0", H5T_STD_I32LE, {3, 3, 3, 8}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_INT32);
             });
         }},
        {"kernel of strings",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t t = H5Tcopy(H5T_C_S1);
                 H5Tset_size(t, 4);
                 std::vector<char> v(216 * 4, 'a');
                 dataset(g, "kernel:0", t, {3, 3, 3, 8}, H5P_DEFAULT, v.data(), t);
                 H5Tclose(t);
             });
         }},
        {"kernel of 128-bit floats",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<long double> v(216, 1.0L);
                 dataset(g, "kernel:0", H5T_NATIVE_LDOUBLE, {3, 3, 3, 8}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_LDOUBLE);
             });
         }},
        {"kernel of an invented float layout",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t t = H5Tcopy(H5T_IEEE_F32LE);
                 H5Tset_fields(t, 31, 20, 11, 0, 20);
                 H5Tset_ebias(t, 1023);
                 std::vector<float> v(216, 0.5f);
                 dataset(g, "kernel:0", t, {3, 3, 3, 8}, H5P_DEFAULT, v.data(), H5T_NATIVE_FLOAT);
                 H5Tclose(t);
             });
         }},
        {"kernel declares 2 GB it does not store (F11)",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                 const hsize_t chunk[4] = {1, 1, 1, 8};
                 H5Pset_chunk(dcpl, 4, chunk);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 20000000}, dcpl);
                 H5Pclose(dcpl);
             });
         }},
        {"kernel of 400 MB deflated to kilobytes (F11 bomb)",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const hid_t dcpl = bombPlist();
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {100u << 20}, dcpl);
                 H5Pclose(dcpl);
             });
         }},
        {"kernel of rank 9",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<float> v(216, 1.f);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {1, 1, 1, 1, 1, 3, 3, 3, 8}, H5P_DEFAULT,
                         v.data(), H5T_NATIVE_FLOAT);
             });
         }},
        {"kernel of the wrong shape",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<float> v(216, 1.f);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {8, 3, 3, 3}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_FLOAT);
             });
         }},
        {"kernel empty",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) { dataset(g, "kernel:0", H5T_IEEE_F32LE, {0}); });
         }},
        {"kernel scalar",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 const float v = 1;
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
             });
         }},
        {"NaN in a kernel (F19)",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 std::vector<float> v(216, NAN);
                 dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, H5P_DEFAULT, v.data(),
                         H5T_NATIVE_FLOAT);
             });
         }},
        {"Inf in a batch norm (F19)",
         [](hid_t f, const QString&) {
             const hid_t g = H5Gopen2(f, "conv1_bn/conv1_bn", H5P_DEFAULT);
             std::vector<float> v(8, INFINITY);
             dataset(g, "gamma:0", H5T_IEEE_F32LE, {8}, H5P_DEFAULT, v.data(), H5T_NATIVE_FLOAT);
             H5Gclose(g);
         }},
        {"kernel is a group",
         [=](hid_t f, const QString&) {
             kernel(f, [](hid_t g) {
                 delLink(g, "kernel:0");
                 H5Gclose(H5Gcreate2(g, "kernel:0", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
             });
         }},
        {"layer group is a dataset",
         [](hid_t f, const QString&) {
             delLink(f, "conv1");
             const float v = 1;
             dataset(f, "conv1", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
         }},
        {"model_weights is an external link (F5)",
         [](hid_t f, const QString& dir) {
             delAttr(f, "layer_names");
             H5Lcreate_external((dir + "/secret.h5").toUtf8().constData(), "/", f, "model_weights",
                                H5P_DEFAULT, H5P_DEFAULT);
         }},
        {"model_weights is a dataset",
         [](hid_t f, const QString&) {
             delAttr(f, "layer_names");
             const float v = 1;
             dataset(f, "model_weights", H5T_IEEE_F32LE, {}, H5P_DEFAULT, &v, H5T_NATIVE_FLOAT);
         }},
        {"layer_names variable-length", vlenAttr("/", "layer_names", {"conv1", "conv1_bn"})},
        {"layer_names variable-length, global heap damaged",
         vlenAttr("/", "layer_names", {"conv1", "conv1_bn"}), corruptGlobalHeap},
        {"weight_names variable-length", vlenAttr("conv1", "weight_names", {"conv1/kernel:0"})},
        {"weight_names variable-length, global heap damaged",
         vlenAttr("conv1", "weight_names", {"conv1/kernel:0"}), corruptGlobalHeap},
        {"layer_names0 variable-length",
         [](hid_t f, const QString& dir) {
             delAttr(f, "layer_names");
             vlenAttr("/", "layer_names0", {"conv1"})(f, dir);
         }},
    };
}

/// Root attributes of a Keras weights file that the reader never reads: the file loads as if
/// they were absent. Keras writes backend and keras_version as variable-length strings.
std::vector<Case> ignoredKerasCases() {
    return {
        {"backend as an integer array",
         [](hid_t f, const QString&) {
             intAttr(f, "backend", {1, 2, 3});
         }},
        {"keras_version 2-D strings",
         [](hid_t f, const QString&) {
             strAttr(f, "keras_version", {"2", "2"}, 2);
         }},
        {"backend variable-length, global heap damaged", vlenAttr("/", "backend", {"tf"}, 0),
         corruptGlobalHeap},
        {"keras_version variable-length, global heap damaged",
         vlenAttr("/", "keras_version", {"2.2.4"}, 0), corruptGlobalHeap},
    };
}

/// Found by fuzz_keras_h5 and fuzz_feature_cache (tests/fuzz/README.md): refused, and for the
/// reason named in `says`, not only with some error.
struct FuzzCase {
    Case c;
    const char* says;
};

std::vector<FuzzCase> fuzzCases() {
    auto kernel = [](hid_t f, std::function<void(hid_t g)> fn) {
        const hid_t g = H5Gopen2(f, "conv1/conv1", H5P_DEFAULT);
        fn(g);
        H5Gclose(g);
    };
    return {
        // 2^62 float64 values: 2^65 bytes, which no 64-bit integer holds (the message's
        // float-to-integer conversion was undefined: UBSan stopped fuzz_keras_h5 there).
        {{"kernel declares 2^65 bytes and stores one chunk (fuzz)",
          [=](hid_t f, const QString&) {
              kernel(f, [](hid_t g) {
                  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                  const hsize_t one[1] = {1};
                  H5Pset_chunk(dcpl, 1, one);
                  dataset(g, "kernel:0", H5T_IEEE_F64LE, {hsize_t(1) << 62}, dcpl);
                  H5Pclose(dcpl);
                  const hid_t d = H5Dopen2(g, "kernel:0", H5P_DEFAULT);
                  const hid_t fileSpace = H5Dget_space(d);
                  const hsize_t start[1] = {0};
                  H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nullptr, one, nullptr);
                  const hid_t memSpace = H5Screate_simple(1, one, nullptr);
                  const double v = 1;
                  H5Dwrite(d, H5T_NATIVE_DOUBLE, memSpace, fileSpace, H5P_DEFAULT, &v);
                  H5Sclose(memSpace);
                  H5Sclose(fileSpace);
                  H5Dclose(d);
              });
          }},
         "declares 3.69e+19 bytes but the file stores 8"},
        // A chunk whose B-tree record claims 4 GiB: libhdf5 allocated that much in H5Dread.
        {{"kernel's chunk claims 4 GiB of storage (fuzz)",
          [=](hid_t f, const QString&) {
              kernel(f, [](hid_t g) {
                  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                  const hsize_t chunk[4] = {3, 3, 3, 8};
                  H5Pset_chunk(dcpl, 4, chunk);
                  std::vector<float> v(216, 0.5f);
                  dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl, v.data(),
                          H5T_NATIVE_FLOAT);
                  H5Pclose(dcpl);
              });
          },
          claimHugeChunk},
         "claims 4294967295 bytes of storage in a file of"},
        // A deflated chunk whose stream inflates to 8 of its 864 bytes: libhdf5 copied 864
        // bytes out of the short buffer (heap over-read, found by fuzz_feature_cache).
        {{"kernel's deflated chunk inflates to 8 bytes (fuzz)",
          [=](hid_t f, const QString&) {
              kernel(f, [](hid_t g) {
                  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                  const hsize_t chunk[4] = {3, 3, 3, 8};
                  H5Pset_chunk(dcpl, 4, chunk);
                  H5Pset_deflate(dcpl, 4);
                  std::vector<float> v(216, 0.5f);
                  dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl, v.data(),
                          H5T_NATIVE_FLOAT);
                  H5Pclose(dcpl);
                  shortDeflatedChunk(g, "kernel:0");
              });
          }},
         "holds 8 bytes inflated where its shape declares 864"},
        {{"kernel stored through the fletcher32 filter",
          [=](hid_t f, const QString&) {
              kernel(f, [](hid_t g) {
                  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                  const hsize_t chunk[4] = {3, 3, 3, 8};
                  H5Pset_chunk(dcpl, 4, chunk);
                  H5Pset_fletcher32(dcpl);
                  std::vector<float> v(216, 0.5f);
                  dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl, v.data(),
                          H5T_NATIVE_FLOAT);
                  H5Pclose(dcpl);
              });
          }},
         "HDF5 filter 3, which is never run"},
    };
}

}  // namespace

class TestHostileH5Weights : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString base_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        QVERIFY(writeSecrets(tmp_.path()));
        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64"));
        base_ = tmp_.filePath("keras_base.h5");
        keras::write(base_.toStdString(), toKerasFile(*net));
        createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + base_.toStdString()));
    }

    void kerasWeights_data() {
        QTest::addColumn<int>("index");
        const auto cases = kerasCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void kerasWeights() {
        QFETCH(int, index);
        const QString file =
            hostileh5::mutated(tmp_.path(), base_, "keras", kerasCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        const std::string f = file.toStdString();
        EXPECT_HOSTILE_ERROR(
            [&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + f)); },
            QFileInfo(file).fileName());
    }

    void fuzzFindings_data() {
        QTest::addColumn<int>("index");
        const auto cases = fuzzCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].c.name) << int(i);
    }
    void fuzzFindings() {
        QFETCH(int, index);
        const FuzzCase fc = fuzzCases()[std::size_t(index)];
        const QString file = hostileh5::mutated(tmp_.path(), base_, "keras", fc.c);
        QVERIFY(!file.isEmpty());
        const std::string f = file.toStdString();
        const hostile::Outcome o =
            hostile::run([&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + f)); },
                         QFileInfo(file).fileName());
        qInfo().noquote() << o.text.left(300);
        QVERIFY2(o.ok, qPrintable(o.text));
        QVERIFY2(o.text.contains(fc.says), qPrintable(o.text));
    }

    /// What h5py's compression="gzip", shuffle=True writes still loads, value for value
    /// (every deflated chunk is inflated once by the reader's own check, then by libhdf5).
    void gzipShuffleKernelLoads() {
        const keras::File base = keras::read(base_.toStdString());
        const torch::Tensor kernel = base.layers[0].weights[0].value.contiguous();
        QCOMPARE(kernel.numel(), 216);
        const Case gz{"kernel gzip and shuffle", [&](hid_t f, const QString&) {
                          const hid_t g = H5Gopen2(f, "conv1/conv1", H5P_DEFAULT);
                          const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
                          const hsize_t chunk[4] = {3, 3, 1, 8};
                          H5Pset_chunk(dcpl, 4, chunk);
                          H5Pset_shuffle(dcpl);
                          H5Pset_deflate(dcpl, 6);
                          dataset(g, "kernel:0", H5T_IEEE_F32LE, {3, 3, 3, 8}, dcpl,
                                  kernel.data_ptr<float>(), H5T_NATIVE_FLOAT);
                          H5Pclose(dcpl);
                          H5Gclose(g);
                      }};
        const QString file = hostileh5::mutated(tmp_.path(), base_, "keras", gz);
        QVERIFY(!file.isEmpty());
        const keras::File read = keras::read(file.toStdString());
        QVERIFY(torch::equal(read.layers[0].weights[0].value, base.layers[0].weights[0].value));
        createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + file.toStdString()));
    }

    /// Hostile only in what is never read: the weights load, equal to the base file's.
    void kerasIgnoredAttributes_data() {
        QTest::addColumn<int>("index");
        const auto cases = ignoredKerasCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void kerasIgnoredAttributes() {
        QFETCH(int, index);
        const QString file = hostileh5::mutated(tmp_.path(), base_, "keras",
                                                ignoredKerasCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        hostile::inputs().insert(QFileInfo(file).fileName());
        const keras::File base = keras::read(base_.toStdString());
        const keras::File read = keras::read(file.toStdString());
        QCOMPARE(read.layers.size(), base.layers.size());
        QVERIFY(read.backend.empty() && read.kerasVersion.empty());
        for (std::size_t i = 0; i < base.layers.size(); ++i) {
            QCOMPARE(read.layers[i].weights.size(), base.layers[i].weights.size());
            for (std::size_t k = 0; k < base.layers[i].weights.size(); ++k)
                QVERIFY(
                    torch::equal(read.layers[i].weights[k].value, base.layers[i].weights[k].value));
        }
        createNetwork(
            BackboneSpec::parse("mobilenet_v1_0.25@64:" + file.toStdString()));  // no throw
    }

    void truncatedAndForeignFiles_data() {
        QTest::addColumn<QString>("how");
        for (const char* h : hostileh5::kDamages) QTest::newRow(h) << QString(h);
    }
    void truncatedAndForeignFiles() {
        QFETCH(QString, how);
        const QString file = hostileh5::damagedCopy(tmp_.path(), base_, "keras", how);
        QVERIFY(!file.isEmpty());
        const std::string f = file.toStdString();
        EXPECT_HOSTILE_ERROR(
            [&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + f)); },
            QFileInfo(file).fileName());
    }

    /// F5: whatever the refusal path, the secret's bytes never come back as weights.
    void externalStorageDisclosesNothing() {
        const auto cases = kerasCases();
        for (const auto& c : cases) {
            if (std::string(c.name).find("(F5)") == std::string::npos) continue;
            const QString file = hostileh5::mutated(tmp_.path(), base_, "disclose", c);
            try {
                keras::read(file.toStdString());
                QFAIL(qPrintable(QString("read ") + c.name));
            } catch (const Error& e) {
                QCOMPARE(int(e.code()), int(ErrorCode::BadWeights));
            }
        }
    }

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileH5Weights)
#include "test_hostile_h5_weights.moc"

// Hostile Keras-layout model files (recipe::saveModelKeras, read by recipe::loadModel), written
// here with the HDF5 C API from a valid two-class mobilenet_v1_0.25 model: each must be refused
// with one typed Error naming the file (issue 16: F1 attribute shapes, F2/F20 classes against
// outputs, F11 head sizes, F16 odd architectures, variable-length metadata never read).
#include <hdf5.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>

#include "featurelab/error.h"
#include "hostile_h5.h"
#include "hostile_support.h"
#include "models/network.h"
#include "recipe/model_file.h"
#include "test_support.h"

using namespace featurelab;
using namespace hostileh5;

namespace {

/// A Keras-layout model file (saveModelKeras): its featurelab_metadata and head.
std::vector<Case> kerasModelCases() {
    auto meta = [](std::string json) -> Mutation {
        return [=](hid_t f, const QString&) {
            strAttr(f, "featurelab_metadata", {json}, 0, json.size());
        };
    };
    auto withMeta = [](std::string key, std::string value) -> Mutation {
        return [=](hid_t f, const QString&) {
            // Read, edit and rewrite the JSON text (a flat object of strings).
            const hid_t a = H5Aopen(f, "featurelab_metadata", H5P_DEFAULT);
            const hid_t t = H5Aget_type(a);
            std::string text;
            if (H5Tis_variable_str(t) > 0) {
                char* p = nullptr;
                const hid_t m = H5Tcopy(H5T_C_S1);
                H5Tset_size(m, H5T_VARIABLE);
                H5Aread(a, m, &p);
                text = p ? p : "";
                H5free_memory(p);
                H5Tclose(m);
            } else {
                std::vector<char> buf(H5Tget_size(t) + 1, '\0');
                H5Aread(a, t, buf.data());
                text = buf.data();
            }
            H5Tclose(t);
            H5Aclose(a);
            const std::string needle = "\"" + key + "\":\"";
            const auto at = text.find(needle);
            if (at != std::string::npos) {
                auto end = at + needle.size();
                while (end < text.size() && !(text[end] == '"' && text[end - 1] != '\\')) ++end;
                text = text.substr(0, at + needle.size()) + value + text.substr(end);
            }
            strAttr(f, "featurelab_metadata", {text}, 0, text.size());
        };
    };
    return {
        {"metadata not JSON", meta("{not json")},
        // 60,000 bytes: a fixed-length attribute must fit the object header's 64 KiB.
        {"metadata 30,000 deep", meta(std::string(30000, '[') + std::string(30000, ']'))},
        {"metadata a list", meta("[\"a\"]")},
        {"metadata with a number value", meta("{\"architecture\":5}")},
        {"metadata as an int array (F1)",
         [](hid_t f, const QString&) {
             intAttr(f, "featurelab_metadata", {1, 2, 3});
         }},
        {"metadata as 2-D strings",
         [](hid_t f, const QString&) {
             strAttr(f, "featurelab_metadata", {"{}", "{}"}, 2);
         }},
        {"classes empty (F2)", withMeta("classes", "[]")},
        {"one class for two outputs (F2)", withMeta("classes", "[\\\"a\\\"]")},
        {"num_outputs 2,000,000 (F11)", withMeta("num_outputs", "2000000")},
        {"num_outputs not a number", withMeta("num_outputs", "many")},
        {"num_outputs zero", withMeta("num_outputs", "0")},
        {"num_outputs 3 for a 2-row head", withMeta("num_outputs", "3")},
        {"architecture mobilenet_v1_1e-300", withMeta("architecture", "mobilenet_v1_1e-300")},
        {"head says probs_linear without the layer", withMeta("head", "probs_linear")},
        {"metadata variable-length",
         vlenAttr("/", "featurelab_metadata", {"{\"architecture\":\"resnet18\"}"}, 0)},
        {"metadata variable-length, global heap damaged",
         vlenAttr("/", "featurelab_metadata", {"{\"architecture\":\"resnet18\"}"}, 0),
         corruptGlobalHeap},
        {"classifier layer missing",
         [](hid_t f, const QString&) {
             strAttr(f, "layer_names", {"conv1", "conv1_bn"}, 1, 16);
         }},
    };
}

}  // namespace

class TestHostileH5Model : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString base_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64"));
        net->replaceHead(2);
        recipe::ModelMeta meta;
        meta.architecture = net->architecture();
        meta.classes = {"cat", "dog"};
        meta.preprocessing = net->preprocessing();
        base_ = tmp_.filePath("model_base.h5");
        recipe::saveModelKeras(base_.toStdString(), *net, nullptr, meta);
        QCOMPARE(recipe::loadModel(base_.toStdString()).meta.classes.size(), std::size_t(2));
    }

    void kerasModel_data() {
        QTest::addColumn<int>("index");
        const auto cases = kerasModelCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void kerasModel() {
        QFETCH(int, index);
        const QString file =
            hostileh5::mutated(tmp_.path(), base_, "model", kerasModelCases()[std::size_t(index)]);
        QVERIFY(!file.isEmpty());
        EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(file.toStdString()); },
                             QFileInfo(file).fileName());
    }

    void truncatedAndForeignFiles_data() {
        QTest::addColumn<QString>("how");
        for (const char* h : hostileh5::kDamages) QTest::newRow(h) << QString(h);
    }
    void truncatedAndForeignFiles() {
        QFETCH(QString, how);
        const QString file = hostileh5::damagedCopy(tmp_.path(), base_, "model", how);
        QVERIFY(!file.isEmpty());
        const std::string f = file.toStdString();
        EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(f); }, QFileInfo(file).fileName());
    }

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileH5Model)
#include "test_hostile_h5_model.moc"

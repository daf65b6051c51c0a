// Hostile safetensors files and model files, generated here: each must be refused with one
// typed Error naming the file (issue 16: F2/F20 classes vs outputs, F4 metadata depth, F11
// sizes before allocation, F16 wrapped lengths, F19 NaN/Inf, the format's strictness rules).
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <limits>

#include "featurelab/error.h"
#include "hostile_support.h"
#include "models/network.h"
#include "models/weights_io.h"
#include "recipe/model_file.h"
#include "test_support.h"

using namespace featurelab;

namespace {

QByteArray le64(std::uint64_t v) {
    QByteArray b(8, '\0');
    for (int i = 0; i < 8; ++i) b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}

/// A safetensors file: the length prefix, the header text as given, then data.
QByteArray safetensors(const QByteArray& header, const QByteArray& data) {
    return le64(std::uint64_t(header.size())) + header + data;
}

QByteArray floats(int n) { return QByteArray(n * 4, '\0'); }

/// One hostile file: a name and its bytes (or a function that writes it, for sparse files).
struct FormatCase {
    const char* name;
    std::function<QByteArray()> bytes;
};

const QByteArray kW = R"("w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]})";

std::vector<FormatCase> formatCases() {
    auto one = [](const QByteArray& entry, const QByteArray& data = floats(4)) {
        return safetensors("{" + entry + "}", data);
    };
    QByteArray deep = R"({"__metadata__":{"a":)" + QByteArray(200000, '[') +
                      QByteArray(200000, ']') + "}," + kW + "}";
    QByteArray deepEntry = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16],"x":)" +
                           QByteArray(50, '{') + QByteArray(50, '}') + "}}";
    return {
        {"empty file", [] { return QByteArray(); }},
        {"seven bytes", [] { return QByteArray(7, '{'); }},
        {"header length wraps around", [=] { return le64(~0ull) + "{" + kW + "}" + floats(4); }},
        {"header length 2^63", [=] { return le64(1ull << 63) + "{}"; }},
        {"header length one past the end", [=] { return le64(3) + "{}"; }},
        {"header length zero", [] { return le64(0) + floats(4); }},
        {"header is not JSON", [] { return safetensors("{abc", floats(4)); }},
        {"header is an array", [] { return safetensors("[]", {}); }},
        {"header is a string", [] { return safetensors("\"x\"", {}); }},
        {"header is a number", [] { return safetensors("5", {}); }},
        {"header has a NUL byte", [] { return safetensors(QByteArray("{\0}", 3), {}); }},
        {"header is invalid UTF-8", [] { return safetensors("{\"\xff\xfe\":1}", {}); }},
        {"metadata 200,000 deep (F4)", [=] { return safetensors(deep, floats(4)); }},
        {"entry 50 objects deep", [=] { return safetensors(deepEntry, floats(4)); }},
        {"metadata value is a number",
         [=] { return safetensors(R"({"__metadata__":{"a":1},)" + kW + "}", floats(4)); }},
        {"metadata value is an object",
         [=] { return safetensors(R"({"__metadata__":{"a":{"b":"c"}},)" + kW + "}", floats(4)); }},
        {"metadata value is null",
         [=] { return safetensors(R"({"__metadata__":{"a":null},)" + kW + "}", floats(4)); }},
        {"metadata is an array",
         [=] { return safetensors(R"({"__metadata__":["a"],)" + kW + "}", floats(4)); }},
        {"metadata is a string",
         [=] { return safetensors(R"({"__metadata__":"a",)" + kW + "}", floats(4)); }},
        {"duplicate tensor names",
         [=] { return safetensors("{" + kW + "," + kW + "}", floats(4)); }},
        {"duplicate metadata keys",
         [=] {
             return safetensors(R"({"__metadata__":{"a":"1","a":"2"},)" + kW + "}", floats(4));
         }},
        {"duplicate dtype key",
         [=] {
             return one(R"("w":{"dtype":"F32","dtype":"I32","shape":[4],"data_offsets":[0,16]})");
         }},
        {"unknown dtype",
         [=] { return one(R"("w":{"dtype":"F8","shape":[4],"data_offsets":[0,4]})", floats(1)); }},
        {"dtype is a number",
         [=] { return one(R"("w":{"dtype":5,"shape":[4],"data_offsets":[0,16]})"); }},
        {"shape missing", [=] { return one(R"("w":{"dtype":"F32","data_offsets":[0,16]})"); }},
        {"fractional dim 8.9",
         [=] {
             return one(R"("w":{"dtype":"F32","shape":[8.9],"data_offsets":[0,32]})", floats(8));
         }},
        {"fractional dim 4.0",
         [=] { return one(R"("w":{"dtype":"F32","shape":[4.0],"data_offsets":[0,16]})"); }},
        {"negative dim",
         [=] { return one(R"("w":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]})"); }},
        {"dim is a string",
         [=] { return one(R"("w":{"dtype":"F32","shape":["4"],"data_offsets":[0,16]})"); }},
        {"dim is null",
         [=] { return one(R"("w":{"dtype":"F32","shape":[null],"data_offsets":[0,16]})"); }},
        {"shape is an object",
         [=] { return one(R"("w":{"dtype":"F32","shape":{"a":4},"data_offsets":[0,16]})"); }},
        {"dim 2^41",
         [=] {
             return one(R"("w":{"dtype":"F32","shape":[2199023255552],"data_offsets":[0,16]})");
         }},
        {"dims overflow 64 bits",
         [=] {
             return one(
                 R"("w":{"dtype":"F32","shape":[1073741824,1073741824,1073741824],"data_offsets":[0,16]})");
         }},
        {"dim 2^64",
         [=] {
             return one(
                 R"("w":{"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,16]})");
         }},
        {"rank 9",
         [=] {
             return one(R"("w":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,4],"data_offsets":[0,16]})");
         }},
        {"data_offsets missing", [=] { return one(R"("w":{"dtype":"F32","shape":[4]})"); }},
        {"data_offsets reversed",
         [=] { return one(R"("w":{"dtype":"F32","shape":[4],"data_offsets":[16,0]})"); }},
        {"data_offsets of three",
         [=] { return one(R"("w":{"dtype":"F32","shape":[4],"data_offsets":[0,8,16]})"); }},
        {"data_offsets negative",
         [=] { return one(R"("w":{"dtype":"F32","shape":[4],"data_offsets":[-16,0]})"); }},
        {"data_offsets fractional",
         [=] { return one(R"("w":{"dtype":"F32","shape":[4],"data_offsets":[0,16.5]})"); }},
        {"data_offsets too short for the shape",
         [=] {
             return one(R"("w":{"dtype":"F32","shape":[4],"data_offsets":[0,12]})", floats(3));
         }},
        {"data_offsets past the end",
         [=] {
             return one(R"("w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]})", floats(2));
         }},
        {"2,000,000 rows in 16 bytes (F11)",
         [=] { return one(R"("w":{"dtype":"F32","shape":[2000000,256],"data_offsets":[0,16]})"); }},
        {"overlapping tensors",
         [=] {
             return safetensors(
                 R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                 floats(6));
         }},
        {"identical offsets",
         [=] {
             return safetensors(
                 R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})",
                 floats(4));
         }},
        {"hole between tensors",
         [=] {
             return safetensors(
                 R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})",
                 floats(5));
         }},
        {"hole before the first tensor",
         [=] { return one(R"("w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]})"); }},
        {"bytes after the last tensor", [=] { return one(kW, floats(5)); }},
        {"extra key in an entry",
         [=] { return one(R"("w":{"dtype":"F32","shape":[4],"data_offsets":[0,16],"x":1})"); }},
        {"entry is a number", [=] { return one(R"("w":5)"); }},
        {"entry is an array", [=] { return one(R"("w":[1,2])"); }},
        {"entry is empty", [=] { return one(R"("w":{})"); }},
    };
}

/// A small model file to mutate: mobilenet_v1_0.25 at 64 px with a 2-class head.
struct ModelBase {
    NamedTensors tensors;
    std::map<std::string, std::string> meta;
};

using Mutation = std::function<void(NamedTensors&, std::map<std::string, std::string>&)>;

void setTensor(NamedTensors& t, const std::string& name, const torch::Tensor& v) {
    for (auto& [k, x] : t)
        if (k == name) x = v;
}

torch::Tensor& tensor(NamedTensors& t, const std::string& name) {
    for (auto& [k, x] : t)
        if (k == name) return x;
    static torch::Tensor none;
    return none;
}

struct ModelCase {
    const char* name;
    Mutation mutate;
};

std::vector<ModelCase> modelCases() {
    auto meta = [](const char* key, std::string value) -> Mutation {
        return [=](NamedTensors&, std::map<std::string, std::string>& m) { m[key] = value; };
    };
    auto drop = [](const char* key) -> Mutation {
        return [=](NamedTensors&, std::map<std::string, std::string>& m) { m.erase(key); };
    };
    auto poison = [](const char* name, float v) -> Mutation {
        return [=](NamedTensors& t, std::map<std::string, std::string>&) {
            auto x = tensor(t, name).clone();
            x.view(-1)[0] = v;
            setTensor(t, name, x);
        };
    };
    auto retype = [](const char* name, torch::ScalarType type) -> Mutation {
        return [=](NamedTensors& t, std::map<std::string, std::string>&) {
            setTensor(t, name, tensor(t, name).to(type));
        };
    };
    auto head = [](torch::Tensor w) -> Mutation {
        return [=](NamedTensors& t, std::map<std::string, std::string>&) {
            setTensor(t, "conv_preds.weight", w);
        };
    };
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    return {
        {"classes empty (F2)", meta("classes", "[]")},
        {"one class for two outputs (F2)", meta("classes", R"(["cat"])")},
        {"three classes for two outputs (F20)", meta("classes", R"(["a","b","c"])")},
        {"1000 classes for two outputs (F2)", meta("classes",
                                                   [] {
                                                       std::string s = "[";
                                                       for (int i = 0; i < 1000; ++i)
                                                           s += (i ? ",\"c" : "\"c") +
                                                                std::to_string(i) + "\"";
                                                       return s + "]";
                                                   }())},
        {"classes not JSON", meta("classes", "[cat, dog")},
        {"classes a JSON object", meta("classes", R"({"a":"cat"})")},
        {"classes numbers", meta("classes", "[1,2]")},
        {"classes nested 100,000 deep",
         meta("classes", std::string(100000, '[') + std::string(100000, ']'))},
        {"classes missing", drop("classes")},
        {"architecture missing", drop("architecture")},
        {"architecture mobilenet_v1_1e-300 (F16)", meta("architecture", "mobilenet_v1_1e-300")},
        {"architecture mobilenet_v1_1e300", meta("architecture", "mobilenet_v1_1e300")},
        {"architecture unknown", meta("architecture", "resnet9000")},
        {"architecture empty", meta("architecture", "")},
        {"architecture torchscript", meta("architecture", "torchscript")},
        {"architecture of another family", meta("architecture", "resnet18")},
        {"architecture at an absurd size", meta("architecture", "mobilenet_v1_0.25@999999999")},
        {"preprocessing missing", drop("preprocessing")},
        {"preprocessing garbage", meta("preprocessing", "size=;;;")},
        {"preprocessing 100000x100000",
         meta("preprocessing",
              "size=100000x100000;resize=direct;interp=bilinear;channels=rgb;scaling=symmetric")},
        {"preprocessing std zero",
         meta("preprocessing",
              "size=64x64;resize=direct;interp=bilinear;channels=rgb;scaling=meanstd;mean=0,0,0;"
              "std=0,0,0")},
        {"preprocessing mean NaN",
         meta("preprocessing",
              "size=64x64;resize=direct;interp=bilinear;channels=rgb;scaling=meanstd;mean=nan,0,0;"
              "std=1,1,1")},
        {"no metadata at all",
         [](NamedTensors&, std::map<std::string, std::string>& m) { m.clear(); }},
        {"head of 2,000,000 rows and no columns (F11)", head(torch::zeros({2000000, 0}))},
        {"head of zero rows", head(torch::zeros({0, 256}))},
        {"head one-dimensional", head(torch::zeros({512}))},
        {"head too wide", head(torch::zeros({2, 257}))},
        {"head four-dimensional", head(torch::zeros({2, 256, 1, 1}))},
        {"NaN in a kernel (F19)", poison("conv1.weight", nan)},
        {"+Inf in a batch norm (F19)", poison("conv1_bn.running_var", inf)},
        {"-Inf in the head (F19)", poison("conv_preds.weight", -inf)},
        {"NaN in the head's bias (F19)", poison("conv_preds.bias", nan)},
        {"int32 data as float weights", retype("conv1.weight", torch::kInt32)},
        {"int64 data as float weights", retype("conv_dw_1.weight", torch::kInt64)},
        {"uint8 data as float weights", retype("conv_preds.bias", torch::kUInt8)},
        {"bool data as float weights", retype("conv1_bn.weight", torch::kBool)},
        {"a weight transposed",
         [](NamedTensors& t, std::map<std::string, std::string>&) {
             setTensor(t, "conv1.weight", tensor(t, "conv1.weight").transpose(0, 1).contiguous());
         }},
        {"a weight missing",
         [](NamedTensors& t, std::map<std::string, std::string>&) { t.erase(t.begin()); }},
        {"an unexpected tensor",
         [](NamedTensors& t, std::map<std::string, std::string>&) {
             t.emplace_back("extra.weight", torch::zeros({2}));
         }},
        {"probs head that does not fit",
         [](NamedTensors& t, std::map<std::string, std::string>& m) {
             t.emplace_back("featurelab.probs_head.weight", torch::zeros({2, 7}));
             t.emplace_back("featurelab.probs_head.bias", torch::zeros({2}));
         }},
        {"probs head without bias",
         [](NamedTensors& t, std::map<std::string, std::string>&) {
             t.emplace_back("featurelab.probs_head.weight", torch::zeros({2, 2}));
         }},
        {"probs head with NaN (F19)",
         [=](NamedTensors& t, std::map<std::string, std::string>&) {
             t.emplace_back("featurelab.probs_head.weight", torch::full({2, 2}, nan));
             t.emplace_back("featurelab.probs_head.bias", torch::zeros({2}));
         }},
        {"probs head of three rows for two classes",
         [](NamedTensors& t, std::map<std::string, std::string>&) {
             t.emplace_back("featurelab.probs_head.weight", torch::zeros({3, 2}));
             t.emplace_back("featurelab.probs_head.bias", torch::zeros({3}));
         }},
    };
}

}  // namespace

class TestHostileSafetensors : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    ModelBase base_;

    QString path(const QString& name) {
        QString safe = name;
        safe.replace(QRegularExpression("[^A-Za-z0-9]+"), "_");
        return tmp_.filePath(safe + ".safetensors");
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64"));
        net->replaceHead(2);
        recipe::ModelMeta meta;
        meta.architecture = net->architecture();
        meta.classes = {"cat", "dog"};
        meta.preprocessing = net->preprocessing();
        meta.stage = "last";
        const std::string file = tmp_.filePath("base.safetensors").toStdString();
        recipe::saveModel(file, *net, nullptr, meta);
        // The unmodified file loads: every failure below comes from its mutation.
        QCOMPARE(recipe::loadModel(file).meta.classes.size(), std::size_t(2));
        base_.tensors = readSafetensors(file, &base_.meta);
        QVERIFY(tensor(base_.tensors, "conv_preds.weight").defined());
        QCOMPARE(tensor(base_.tensors, "conv_preds.weight").size(1), std::int64_t(256));
    }

    void format_data() {
        QTest::addColumn<int>("index");
        const auto cases = formatCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    /// The format itself: read as weights and as a model file.
    void format() {
        QFETCH(int, index);
        const auto c = formatCases()[std::size_t(index)];
        const QString file = path(QString("fmt ") + c.name);
        QVERIFY(hostile::writeFile(file, c.bytes()));
        const std::string f = file.toStdString();
        const QString name = QFileInfo(file).fileName();
        EXPECT_HOSTILE_ERROR([&] { readSafetensors(f); }, name);
        EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(f); }, name);
        EXPECT_HOSTILE_ERROR([&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25:" + f)); },
                             name);
    }

    /// A header length past 100 MB in a sparse file of that size: refused before reading it.
    void hugeHeaderIsRefusedUnread() {
        const QString file = path("huge header");
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(le64(150u << 20));
        out.write("{");
        QVERIFY(out.resize(8 + (150 << 20)));  // sparse: no disk, no memory
        out.close();
        EXPECT_HOSTILE_ERROR([&] { readSafetensors(file.toStdString()); },
                             QFileInfo(file).fileName());
    }

    void model_data() {
        QTest::addColumn<int>("index");
        const auto cases = modelCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    /// A Featurelab model file with one thing wrong.
    void model() {
        QFETCH(int, index);
        const auto c = modelCases()[std::size_t(index)];
        NamedTensors t;
        for (const auto& [k, v] : base_.tensors) t.emplace_back(k, v.clone());
        auto meta = base_.meta;
        c.mutate(t, meta);
        const QString file = path(QString("model ") + c.name);
        writeSafetensors(file.toStdString(), t, meta);
        EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(file.toStdString()); },
                             QFileInfo(file).fileName());
    }

    /// The same tensors as backbone weights: NaN, integer data and shapes are checked there too.
    void asBackboneWeights_data() {
        QTest::addColumn<int>("index");
        const auto cases = modelCases();
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const std::string n = cases[i].name;
            if (n.find("probs") == std::string::npos &&
                (n.find("F19") != std::string::npos || n.find("as float") != std::string::npos ||
                 n.find("transposed") != std::string::npos || n.find("missing") == 0 ||
                 n.find("a weight missing") == 0))
                QTest::newRow(cases[i].name) << int(i);
        }
    }
    void asBackboneWeights() {
        QFETCH(int, index);
        const auto c = modelCases()[std::size_t(index)];
        NamedTensors t;
        for (const auto& [k, v] : base_.tensors) t.emplace_back(k, v.clone());
        auto meta = base_.meta;
        c.mutate(t, meta);
        t.erase(std::remove_if(t.begin(), t.end(),
                               [](const auto& p) { return p.first.rfind("featurelab.", 0) == 0; }),
                t.end());
        // Keep the ImageNet-sized head the architecture expects, unless the case is about it.
        const QString file = path(QString("backbone ") + c.name);
        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64"));
        net->replaceHead(2);
        writeSafetensors(file.toStdString(), t, {});
        EXPECT_HOSTILE_ERROR(
            [&] { loadStateDict(*net, readSafetensors(file.toStdString()), file.toStdString()); },
            QFileInfo(file).fileName());
    }

    void folderWithoutModel() {
        const QString dir = tmp_.filePath("run-without-model");
        QVERIFY(QDir().mkpath(dir));
        EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(dir.toStdString()); }, "run-without-model");
        EXPECT_HOSTILE_ERROR([&] { recipe::loadModel(tmp_.filePath("absent").toStdString()); },
                             "absent");
    }

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileSafetensors)
#include "test_hostile_safetensors.moc"

// Hostile torch.save archives (zip + pickle) and TorchScript files, generated here with
// LibTorch's own zip writer and a small pickle assembler: each must be refused with one typed
// Error naming the file (issue 16: F3 unpickler recursion and cycles, F11 storage sizes before
// allocation, F16 wrapped lengths and leaked library messages, F19 NaN weights).
#include <caffe2/serialize/inline_container.h>
#include <torch/script.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "featurelab/error.h"
#include "hostile_support.h"
#include "models/chain_network.h"
#include "models/network.h"
#include "models/weights_io.h"
#include "test_support.h"

using namespace featurelab;

namespace {

// --- a pickle assembler (protocol 2 opcodes, the ones torch.save uses) -----------------------

/// A byte literal that may hold NUL bytes (a plain const char* would stop at the first).
template <std::size_t N>
QByteArray B(const char (&s)[N]) {
    return QByteArray(s, int(N - 1));
}

QByteArray le(std::uint64_t v, int n) {
    QByteArray b(n, '\0');
    for (int i = 0; i < n; ++i) b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}
QByteArray S(const QByteArray& s) { return "X" + le(std::uint64_t(s.size()), 4) + s; }
QByteArray G(const QByteArray& module, const QByteArray& name) {
    return "c" + module + "\n" + name + "\n";
}
QByteArray I(std::int64_t v) { return "\x8a\x08" + le(std::uint64_t(v), 8); }  // LONG1
QByteArray tuple(const std::vector<std::int64_t>& v) {
    QByteArray b = "(";
    for (auto x : v) b += I(x);
    return b + "t";
}

struct Storage {
    QByteArray key;
    QByteArray type = "FloatStorage";
    std::int64_t numel = 4;
};
struct View {
    std::int64_t offset = 0;
    std::vector<std::int64_t> sizes{2, 2}, strides{2, 1};
};

/// torch._utils._rebuild_tensor_v2(persistent storage, offset, sizes, strides, False, {})
QByteArray tensorOps(const Storage& s, const View& v) {
    return G("torch._utils", "_rebuild_tensor_v2") + "((" + S("storage") + G("torch", s.type) +
           S(s.key) + S("cpu") + I(s.numel) + "tQ" + I(v.offset) + tuple(v.sizes) +
           tuple(v.strides) + "\x89" + G("collections", "OrderedDict") + ")Rt" + "R";
}

QByteArray stateDict(const QByteArray& entries) { return "\x80\x02}(" + entries + "u."; }

struct Archive {
    QByteArray pickle;
    std::vector<std::pair<std::string, QByteArray>> records;  // beside data.pkl
    bool compress = false;
};

void writeArchive(const QString& path, const Archive& a) {
    caffe2::serialize::PyTorchStreamWriter w(path.toStdString());
    w.writeRecord("data.pkl", a.pickle.constData(), std::size_t(a.pickle.size()), a.compress);
    for (const auto& [name, bytes] : a.records)
        w.writeRecord(name, bytes.constData(), std::size_t(bytes.size()), a.compress);
    w.writeEndOfFile();
}

/// A state dict of one [2,2] float tensor "w" in storage "0" (valid: the base of most cases).
Archive oneTensor(const Storage& s = {"0"}, const View& v = {},
                  QByteArray data = QByteArray(16, '\0')) {
    return {stateDict(S("w") + tensorOps(s, v)), {{"data/0", data}}};
}

QByteArray repeat(const QByteArray& b, int n) {
    QByteArray out;
    out.reserve(b.size() * n);
    for (int i = 0; i < n; ++i) out += b;
    return out;
}

struct ZipCase {
    const char* name;
    std::function<Archive()> make;
};

std::vector<ZipCase> zipCases() {
    auto pickle = [](QByteArray p) { return [p] { return Archive{p, {}}; }; };
    return {
        {"empty data.pkl", pickle("")},
        {"only PROTO", pickle("\x80\x02")},
        {"STOP on an empty stack", pickle(".")},
        {"unknown opcode", pickle("\x80\x02\xff.")},
        {"os.system global", pickle("\x80\x02" + G("os", "system") + S("true") + "\x85R.")},
        {"builtins.eval global", pickle("\x80\x02" + G("builtins", "eval") + S("1") + "\x85R.")},
        {"torch.load global", pickle("\x80\x02" + G("torch", "load") + ".")},
        {"STACK_GLOBAL of posix.system",
         pickle("\x80\x04" + S("posix") + S("system") + "\x93" + S("id") + "\x85R.")},
        {"STACK_GLOBAL of non-strings", pickle("\x80\x04NN\x93.")},
        {"dict holding itself (F3)", pickle(B("\x80\x02}q\x00") + S("model") + B("h\x00s."))},
        {"two dicts holding each other (F3)", pickle(B("\x80\x02}q\x00}q\x01") + S("model") +
                                                     B("h\x00sh\x00") + S("model") + B("h\x01s."))},
        {"1,000,000 nested TUPLE1 (F3)",
         pickle("\x80\x02" + S("a") + repeat("\x85", 1000000) + ".")},
        {"100,000 nested model dicts (F3)",
         pickle("\x80\x02" + repeat("}" + S("model"), 100000) + "}" + repeat("s", 100000) + ".")},
        {"9 nested model dicts",
         [] {
             Archive a = oneTensor();
             a.pickle = "\x80\x02" + repeat("}" + S("model"), 9) + a.pickle.mid(2).chopped(1) +
                        repeat("s", 9) + ".";
             return a;
         }},
        {"1,100,000 objects", pickle("\x80\x02" + repeat(")", 1100000) + ".")},
        {"TUPLE without a mark", pickle("\x80\x02Nt.")},
        {"mark below the stack", pickle("\x80\x02NN(\x86t.")},
        {"unknown memo entry", pickle("\x80\x02h\x05.")},
        {"BINUNICODE of 4 GB", pickle("\x80\x02X\xff\xff\xff\xff"
                                      "abc.")},
        {"BINUNICODE8 of 2^64-1 bytes (F16)", pickle("\x80\x04\x8d" + le(~0ull, 8) + "abc.")},
        {"LONG1 of 200 bytes", pickle("\x80\x02\x8a\xc8" + QByteArray(200, '\x01') + ".")},
        {"GLOBAL without its newline", pickle("\x80\x02"
                                              "ctorch")},
        {"BUILD on an empty stack", pickle("\x80\x02"
                                           "b.")},
        {"SETITEMS of an odd count", pickle("\x80\x02}(" + S("a") + "u.")},
        {"APPEND to nothing", pickle("\x80\x02Na"
                                     ".")},
        {"REDUCE of a non-global", pickle("\x80\x02N)R.")},
        {"persistent id not a tuple", pickle("\x80\x02NQ.")},
        {"persistent id of OrderedDict (F16 map::at)",
         [] {
             return Archive{
                 stateDict(S("w") + G("torch._utils", "_rebuild_tensor_v2") + "((" + S("storage") +
                           G("collections", "OrderedDict") + S("0") + S("cpu") + I(4) + "tQ" +
                           I(0) + tuple({4}) + tuple({1}) + "\x89" + ")tR"),
                 {{"data/0", QByteArray(16, '\0')}}};
         }},
        {"storage of negative size",
         [] {
             return oneTensor({"0", "FloatStorage", -4});
         }},
        {"storage of 2^40 elements in 16 bytes (F11)",
         [] {
             return oneTensor({"0", "FloatStorage", std::int64_t(1) << 40});
         }},
        {"storage of 2^62 elements",
         [] {
             return oneTensor({"0", "FloatStorage", std::int64_t(1) << 62});
         }},
        {"storage record missing", [] { return oneTensor({"7"}); }},
        {"storage record too short", [] { return oneTensor({"0"}, {}, QByteArray(12, '\0')); }},
        {"storage record too long", [] { return oneTensor({"0"}, {}, QByteArray(20, '\0')); }},
        {"view beyond its storage",
         [] {
             return oneTensor({"0"}, {0, {100}, {1}});
         }},
        {"view at a negative offset",
         [] {
             return oneTensor({"0"}, {-1, {2}, {1}});
         }},
        {"view past the end by its offset",
         [] {
             return oneTensor({"0"}, {3, {2}, {1}});
         }},
        {"negative size",
         [] {
             return oneTensor({"0"}, {0, {-2}, {1}});
         }},
        {"negative stride",
         [] {
             return oneTensor({"0"}, {0, {2}, {-1}});
         }},
        {"stride-0 view of 10^12 elements",
         [] {
             return oneTensor({"0"}, {0, {1000000, 1000000}, {0, 0}});
         }},
        {"sizes and strides of different ranks",
         [] {
             return oneTensor({"0"}, {0, {2, 2}, {1}});
         }},
        {"rank 9",
         [] {
             return oneTensor({"0"}, {0, {1, 1, 1, 1, 1, 1, 1, 1, 4}, {4, 4, 4, 4, 4, 4, 4, 4, 1}});
         }},
        {"sizes that are strings",
         [] {
             Archive a = oneTensor();
             a.pickle.replace(tuple({2, 2}), "(" + S("2") + S("2") + "t");
             return a;
         }},
        {"rebuild with too few arguments",
         [] {
             return Archive{
                 stateDict(S("w") + G("torch._utils", "_rebuild_tensor_v2") + "(" + I(0) + "tR"),
                 {}};
         }},
        {"a key that is not text",
         [] {
             Archive a = oneTensor();
             a.pickle = stateDict(I(5) + tensorOps({"0"}, {}));
             return a;
         }},
        {"the same key twice",
         [] {
             Archive a = oneTensor();
             a.pickle = stateDict(S("w") + tensorOps({"0"}, {}) + S("w") + tensorOps({"0"}, {}));
             return a;
         }},
        {"a value that is not a tensor",
         [] {
             Archive a = oneTensor();
             a.pickle = stateDict(S("w") + tensorOps({"0"}, {}) + S("n") + I(3));
             return a;
         }},
        {"an empty dict", pickle("\x80\x02}.")},
        {"a list instead of a dict", pickle("\x80\x02](" + S("a") + "e.")},
        {"a data.pkl of 17 MB",
         [] {
             return Archive{"\x80\x02" + QByteArray(17 << 20, 'N') + ".", {}, true};
         }},
        {"a 100 MB storage deflated to kilobytes (F11 zip bomb)",
         [] {
             Archive a = oneTensor({"0", "FloatStorage", 25 << 20}, {0, {25 << 20}, {1}},
                                   QByteArray(100 << 20, '\0'));
             a.compress = true;
             return a;
         }},
    };
}

/// Patches of a valid archive's bytes (zip structure, not pickle).
struct PatchCase {
    const char* name;
    std::function<void(QByteArray&)> patch;
};

int findLast(const QByteArray& b, const char* sig) { return b.lastIndexOf(QByteArray(sig, 4)); }

std::vector<PatchCase> patchCases() {
    auto cdOfDataPkl = [](QByteArray& b) {
        const int at = b.indexOf(QByteArray("PK\x01\x02", 4));
        return at;
    };
    return {
        {"truncated to half", [](QByteArray& b) { b.truncate(b.size() / 2); }},
        {"truncated by one byte", [](QByteArray& b) { b.chop(1); }},
        {"only the zip signature", [](QByteArray& b) { b = QByteArray("PK\x03\x04", 4); }},
        {"zip signature and garbage",
         [](QByteArray& b) { b = QByteArray("PK\x03\x04", 4) + QByteArray(5000, '\x5a'); }},
        {"directory offset beyond the file",
         [](QByteArray& b) {
             const int eocd = findLast(b, "PK\x05\x06");
             if (eocd >= 0) b.replace(eocd + 16, 4, le(0x7fffffff, 4));
         }},
        {"directory size beyond the file",
         [](QByteArray& b) {
             const int eocd = findLast(b, "PK\x05\x06");
             if (eocd >= 0) b.replace(eocd + 12, 4, le(0x7fffffff, 4));
         }},
        {"a record compressed with bzip2 (method 12)",
         [=](QByteArray& b) {
             const int cd = cdOfDataPkl(b);
             if (cd >= 0) b.replace(cd + 10, 2, le(12, 2));
         }},
        {"a stored record whose sizes differ",
         [=](QByteArray& b) {
             const int cd = cdOfDataPkl(b);
             if (cd >= 0) b.replace(cd + 24, 4, le(0x7ffffff0, 4));
         }},
        {"a record of 4 GB declared",
         [=](QByteArray& b) {
             const int cd = cdOfDataPkl(b);
             if (cd >= 0) {
                 b.replace(cd + 20, 4, le(0xfffffff0, 4));
                 b.replace(cd + 24, 4, le(0xfffffff0, 4));
             }
         }},
        {"local header garbled",
         [](QByteArray& b) {
             const int at = b.indexOf(QByteArray("PK\x03\x04", 4), 4);
             if (at >= 0) b.replace(at, 30, QByteArray(30, '\x7f'));
         }},
    };
}

/// TorchScript modules that misbehave when run or loaded.
struct ScriptCase {
    const char* name;
    const char* forward;  // TorchScript source of forward
    bool nanParameter = false;
};

std::vector<ScriptCase> scriptCases() {
    return {
        {"forward returns a string", "def forward(self, x):\n    return 'a'\n"},
        {"forward returns an empty tuple", "def forward(self, x):\n    return ()\n"},
        {"forward returns a scalar", "def forward(self, x):\n    return x.sum()\n"},
        {"forward fails an assertion",
         "def forward(self, x):\n    assert x.size(0) == 1000, 'boom'\n    return x\n"},
        {"forward takes no input", "def forward(self):\n    return torch.zeros(1)\n"},
        {"forward returns two rows per image",
         "def forward(self, x):\n    return torch.cat([x.flatten(1), x.flatten(1)], 0)\n"},
        {"forward returns 2^25 features",
         "def forward(self, x):\n    return torch.zeros(1, 33554432)\n"},
        {"forward allocates 4 TB",
         "def forward(self, x):\n    return torch.zeros(1048576, 1048576)\n"},
        {"forward returns a list", "def forward(self, x):\n    return [x]\n"},
        {"forward returns None", "def forward(self, x):\n    return None\n"},
        {"forward returns a tuple of a string", "def forward(self, x):\n    return ('a', x)\n"},
        {"forward indexes out of range", "def forward(self, x):\n    return x[100000]\n"},
        {"NaN parameter (F19)", "def forward(self, x):\n    return x.mean([2, 3]) * self.w\n",
         true},
    };
}

QString slug(QString s) {
    s.replace(QRegularExpression("[^A-Za-z0-9]+"), "_");
    return s;
}

}  // namespace

class TestHostileTorch : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    /// Errors from the torch.save reader and from building a backbone on the file.
    void expectRefused(const QString& file) {
        const std::string f = file.toStdString();
        const QString name = QFileInfo(file).fileName();
        EXPECT_HOSTILE_ERROR([&] { readTorchSaveStateDict(f); }, name);
        EXPECT_HOSTILE_ERROR([&] { createNetwork(BackboneSpec::parse("mobilenet_v1_0.25:" + f)); },
                             name);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        // The assembler's valid archive reads back: the failures below come from each change.
        const QString file = tmp_.filePath("valid.pth");
        QByteArray data(16, '\0');
        const float values[4] = {1, 2, 3, 4};
        std::memcpy(data.data(), values, 16);
        writeArchive(file, oneTensor({"0"}, {}, data));
        const auto t = readTorchSaveStateDict(file.toStdString());
        QCOMPARE(t.size(), std::size_t(1));
        QCOMPARE(t[0].first, std::string("w"));
        QCOMPARE(t[0].second[1][0].item<float>(), 3.0f);
    }

    void pickles_data() {
        QTest::addColumn<int>("index");
        const auto cases = zipCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void pickles() {
        QFETCH(int, index);
        const auto c = zipCases()[std::size_t(index)];
        const QString file = tmp_.filePath(slug(c.name) + ".pth");
        writeArchive(file, c.make());
        expectRefused(file);
        QFile::remove(file);
    }

    void zipStructure_data() {
        QTest::addColumn<int>("index");
        const auto cases = patchCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    void zipStructure() {
        QFETCH(int, index);
        const auto c = patchCases()[std::size_t(index)];
        const QString file = tmp_.filePath(slug(c.name) + ".pth");
        writeArchive(file, oneTensor());
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        in.close();
        c.patch(bytes);
        QVERIFY(hostile::writeFile(file, bytes));
        expectRefused(file);
    }

    /// A full mobilenet state dict through the assembler, with one tensor poisoned or retyped.
    void stateDictValues_data() {
        QTest::addColumn<QString>("what");
        QTest::newRow("NaN weight (F19)") << "nan";
        QTest::newRow("Inf running variance (F19)") << "inf";
        QTest::newRow("int32 storage for a float weight") << "int";
        QTest::newRow("a weight of the wrong shape") << "shape";
    }
    void stateDictValues() {
        QFETCH(QString, what);
        auto net = createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64"));
        QByteArray entries;
        Archive a;
        int key = 0;
        for (const auto& [name, value] : networkStateDict(asChain(*net))) {
            torch::Tensor t = value.detach().contiguous();
            if (what == "nan" && name == "conv1.weight") t = t.clone().fill_(NAN);
            if (what == "inf" && name == "conv1_bn.running_var") t = t.clone().fill_(INFINITY);
            if (what == "int" && name == "conv1.weight") t = t.to(torch::kInt32);
            if (what == "shape" && name == "conv1.weight") t = t.reshape({-1});
            if (t.dim() == 0) t = t.reshape({1});
            Storage s{QByteArray::number(key)};
            s.type = t.scalar_type() == torch::kInt64   ? "LongStorage"
                     : t.scalar_type() == torch::kInt32 ? "IntStorage"
                                                        : "FloatStorage";
            s.numel = t.numel();
            View v;
            v.sizes = t.sizes().vec();
            v.strides = t.strides().vec();
            entries += S(QByteArray::fromStdString(name)) + tensorOps(s, v);
            a.records.push_back(
                {"data/" + std::to_string(key++), QByteArray(static_cast<const char*>(t.data_ptr()),
                                                             int(t.numel() * t.element_size()))});
        }
        a.pickle = stateDict(entries);
        const QString file = tmp_.filePath("mobilenet_" + what + ".pth");
        writeArchive(file, a);
        EXPECT_HOSTILE_ERROR(
            [&] {
                createNetwork(BackboneSpec::parse("mobilenet_v1_0.25@64:" + file.toStdString()));
            },
            QFileInfo(file).fileName());
    }

    void torchscript_data() {
        QTest::addColumn<int>("index");
        const auto cases = scriptCases();
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << int(i);
    }
    /// 'torchscript:FILE' runs the module once on a black image: every way that can go wrong.
    void torchscript() {
        QFETCH(int, index);
        const auto c = scriptCases()[std::size_t(index)];
        torch::jit::Module m("Hostile");
        if (c.nanParameter) m.register_parameter("w", torch::full({1}, NAN), false);
        try {
            m.define(c.forward);
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("the test's TorchScript does not compile: ") + e.what()));
        }
        const QString file = tmp_.filePath(slug(c.name) + ".pt");
        m.save(file.toStdString());
        EXPECT_HOSTILE_ERROR(
            [&] { createNetwork(BackboneSpec::parse("torchscript:" + file.toStdString())); },
            QFileInfo(file).fileName());
    }

    /// TorchScript archives broken at the byte level, as 'torchscript:FILE' and as weights.
    void torchscriptArchive_data() {
        QTest::addColumn<QString>("what");
        for (const char* w : {"truncated", "garbage code", "pickled os.system",
                              "weights of another network", "deflated bomb"})
            QTest::newRow(w) << QString(w);
    }
    void torchscriptArchive() {
        QFETCH(QString, what);
        const QString file = tmp_.filePath("script_" + slug(what) + ".pt");
        if (what == "truncated" || what == "weights of another network") {
            torch::jit::Module m("Small");
            m.register_parameter("w", torch::ones({3}), false);
            m.define("def forward(self, x):\n    return x.mean([2, 3]) * self.w\n");
            m.save(file.toStdString());
            if (what == "truncated") {
                QFile f(file);
                QVERIFY(f.resize(f.size() * 2 / 3));
            }
        } else {
            caffe2::serialize::PyTorchStreamWriter w(file.toStdString());
            const QByteArray code =
                what == "garbage code" ? "def forward(self x) return ))" : "class X: pass";
            const QByteArray data = what == "pickled os.system"
                                        ? "\x80\x02" + G("os", "system") + S("id") + "\x85R."
                                        : QByteArray("\x80\x02}.");
            const QByteArray constants("\x80\x02).");
            w.writeRecord("code/__torch__.py", code.constData(), std::size_t(code.size()));
            w.writeRecord("constants.pkl", constants.constData(), std::size_t(constants.size()));
            w.writeRecord("data.pkl", data.constData(), std::size_t(data.size()));
            if (what == "deflated bomb") {
                const QByteArray zeros(100 << 20, '\0');
                w.writeRecord("data/0", zeros.constData(), std::size_t(zeros.size()), true);
            }
            w.writeEndOfFile();
        }
        const std::string f = file.toStdString();
        const QString name = QFileInfo(file).fileName();
        if (what != "weights of another network")
            EXPECT_HOSTILE_ERROR([&] { createNetwork(BackboneSpec::parse("torchscript:" + f)); },
                                 name);
        EXPECT_HOSTILE_ERROR([&] { createNetwork(BackboneSpec::parse("resnet18@64:" + f)); }, name);
    }

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileTorch)
#include "test_hostile_torch.moc"

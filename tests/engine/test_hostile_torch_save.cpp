// Hostile torch.save archives (zip + pickle), generated here with LibTorch's own zip writer and
// the pickle assembler of hostile_torch.h: each must be refused with one typed Error naming the
// file (issue 16: F3 unpickler recursion and cycles, F11 storage sizes before allocation, F16
// wrapped lengths and leaked library messages, F19 NaN weights).
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "featurelab/error.h"
#include "hostile_support.h"
#include "hostile_torch.h"
#include "models/network.h"
#include "models/weights_io.h"
#include "test_support.h"

using namespace featurelab;
using namespace hostiletorch;

namespace {

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

}  // namespace

class TestHostileTorchSave : public QObject {
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
        for (const auto& [name, value] : networkStateDict(*net)) {
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

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileTorchSave)
#include "test_hostile_torch_save.moc"

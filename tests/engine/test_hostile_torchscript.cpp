// Hostile TorchScript files: modules that misbehave when run, and archives broken at the byte
// level (generated here with LibTorch and the pickle assembler of hostile_torch.h), given as
// 'torchscript:FILE' and as weights: each must be refused with one typed Error naming the file
// (issue 16: F11 allocations, F16 leaked library messages, F19 NaN parameters, no pickled code
// run).
#include <torch/script.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "featurelab/error.h"
#include "hostile_support.h"
#include "hostile_torch.h"
#include "models/network.h"
#include "test_support.h"

using namespace featurelab;
using namespace hostiletorch;

namespace {

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

}  // namespace

class TestHostileTorchscript : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

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

FEATURELAB_TEST_GUILESS_MAIN(TestHostileTorchscript)
#include "test_hostile_torchscript.moc"

// The device comes from FEATURELAB_DEVICE (CTest sets it from the CMake cache variable
// FEATURELAB_TEST_DEVICE: cpu by default, cuda on a GPU machine): a small recipe with a
// streamed stage, predict and extract all run there, so no code path hard-codes the CPU. Also:
// a device name that is not one, or a GPU this LibTorch cannot use, is refused with a message.
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <functional>

#include "featurelab/error.h"
#include "featurelab/features.h"
#include "featurelab/predict.h"
#include "featurelab/recipe.h"
#include "featurelab/runtime.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

/// Sets FEATURELAB_DEVICE for one scope and puts the previous value back.
class DeviceEnv {
public:
    explicit DeviceEnv(const QByteArray& value)
        : had_(qEnvironmentVariableIsSet("FEATURELAB_DEVICE")), old_(qgetenv("FEATURELAB_DEVICE")) {
        qputenv("FEATURELAB_DEVICE", value);
    }
    ~DeviceEnv() {
        if (had_)
            qputenv("FEATURELAB_DEVICE", old_);
        else
            qunsetenv("FEATURELAB_DEVICE");
    }

private:
    bool had_;
    QByteArray old_;
};

/// The device FEATURELAB_DEVICE asks for, as RuntimeInfo::device spells it.
std::string requestedDevice() {
    const QString v = qEnvironmentVariable("FEATURELAB_DEVICE").trimmed().toLower();
    if (v == "cuda") return "cuda:0";
    return v.toStdString();
}

ErrorCode codeOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode::Internal;  // nothing thrown: no code the tests expect
}

}  // namespace

class TestRuntimeDevice : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // The test is about the variable: without it, it would only show the default.
        QVERIFY2(!requestedDevice().empty(),
                 "FEATURELAB_DEVICE is not set (CTest sets it from FEATURELAB_TEST_DEVICE)");
        data_ = dir_.filePath("colours");
        recipedata::makeColourFolder(data_, 12, 6, 4);
    }

    void jobsRunOnTheRequestedDevice() {
        try {
            runEverythingOnTheDevice();
        } catch (const Error& e) {
            QFAIL(e.what());  // e.g. FEATURELAB_DEVICE=cuda where LibTorch has no CUDA
        }
    }

private:
    void runEverythingOnTheDevice() {
        const std::string device = requestedDevice();
        const RuntimeInfo rt = initRuntime(1);
        QCOMPARE(QString::fromStdString(rt.device), QString::fromStdString(device));
        QCOMPARE(rt.cuda, device != "cpu");

        RecipeConfig c;
        c.dataDir = data_.toStdString();
        c.outDir = dir_.filePath("run").toStdString();
        c.cacheDir = dir_.filePath("cache").toStdString();
        c.backbone = "resnet18@32";
        c.threads = 1;
        c.workers = 1;
        // linear: cached features; last: a new head; conv: augmented images streamed through
        // the backbone while its top trains. Each moves its own tensors to the device.
        for (const char* s : {"linear", "last", "conv"}) {
            StageConfig st = RecipeConfig::defaultStage(s);
            st.epochs = 2;
            st.batchSize = 8;
            st.lrSteps.clear();
            c.stages.push_back(st);
        }
        const RecipeResult r = runRecipe(c);
        const std::string expected = device == "cpu" ? "CPU" : "CUDA (" + device + ")";
        QVERIFY2(r.runtime.rfind(expected, 0) == 0, r.runtime.c_str());
        QCOMPARE(r.stages.size(), std::size_t(3));
        QCOMPARE(r.valid.size(), std::size_t(12));
        QCOMPARE(r.test.size(), std::size_t(4));

        PredictConfig pc;
        pc.modelFile = c.outDir;
        pc.input = (data_ + "/valid").toStdString();
        pc.threads = 1;
        const PredictResult p = predictImages(pc);
        QVERIFY2(p.runtime.rfind(expected, 0) == 0, p.runtime.c_str());
        QCOMPARE(p.rows.size(), std::size_t(12));
        // The same model on the same device gives the run's own valid probabilities.
        for (std::size_t i = 0; i < p.rows.size(); ++i)
            QVERIFY(std::abs(p.rows[i].probs[1] - r.valid[i].probs[1]) < 1e-4);

        ExtractOptions eo;
        eo.dataDir = data_.toStdString();
        eo.backbone = "resnet18@32";
        eo.layer = "penultimate";
        eo.cacheDir = dir_.filePath("extract-cache").toStdString();
        eo.workers = 1;
        const ExtractSummary s = extractFeatures(eo);
        QCOMPARE(s.splits.size(), std::size_t(3));
        QCOMPARE(s.splits[0].featureDim, std::int64_t(512));
        QCOMPARE(s.splits[0].images, std::size_t(24));
    }

private Q_SLOTS:
    void aNameThatIsNoDeviceIsRefused() {
        DeviceEnv env("tpu");
        QCOMPARE(codeOf([] { initRuntime(1); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([] { currentRuntime(); }), ErrorCode::InvalidArgument);
        try {
            currentRuntime();
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("use cpu, cuda or cuda:N"), e.what());
        }
        RecipeConfig c;
        c.dataDir = data_.toStdString();
        c.outDir = dir_.filePath("run-tpu").toStdString();
        c.backbone = "resnet18@32";
        c.stages = {RecipeConfig::defaultStage("linear")};
        QCOMPARE(codeOf([&] { runRecipe(c); }), ErrorCode::InvalidArgument);
    }

    void aGpuThisLibTorchCannotUseIsRefused() {
        // Without CUDA every GPU is unusable; with it, cuda:999 still is.
        const bool haveCuda = [] {
            DeviceEnv env("auto");
            return currentRuntime().cuda;
        }();
        DeviceEnv env(haveCuda ? "cuda:999" : "cuda");
        QCOMPARE(codeOf([] { currentRuntime(); }), ErrorCode::InvalidArgument);
        DeviceEnv cpu("CPU");  // spelled any way
        QCOMPARE(QString::fromStdString(currentRuntime().device), QString("cpu"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRuntimeDevice)
#include "test_runtime_device.moc"

// Every public entry point, called with a bad argument, throws featurelab::Error with the code
// its declaration documents, and nothing else (no c10::Error, no std::exception, no crash).
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <functional>

#include "data/image.h"
#include "featurelab/backbone.h"
#include "featurelab/recipe_config.h"
#include "featurelab/stages.h"
#include "featurelab/error.h"
#include "featurelab/features.h"
#include "featurelab/inspection.h"
#include "featurelab/label_issues.h"
#include "featurelab/lr_finder.h"
#include "featurelab/model_export.h"
#include "featurelab/predict.h"
#include "featurelab/recipe.h"
#include "featurelab/relabel.h"
#include "featurelab/run_folder.h"
#include "featurelab/run_history.h"
#include "featurelab/runtime.h"
#include "featurelab/scan.h"
#include "featurelab/trained_model.h"
#include "inspection/evaluation.h"
#include "test_support.h"

using namespace featurelab;

Q_DECLARE_METATYPE(std::function<void()>)

namespace {

/// "Error(<code>)" for a featurelab::Error, else what escaped ("no exception" included).
QString outcome(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return QStringLiteral("Error(%1)").arg(errorCodeName(e.code()));
    } catch (const std::exception& e) {
        return QStringLiteral("std::exception: %1").arg(e.what());
    } catch (...) {
        return QStringLiteral("unknown exception");
    }
    return QStringLiteral("no exception");
}

QString expect(ErrorCode code) { return QStringLiteral("Error(%1)").arg(errorCodeName(code)); }

}  // namespace

class TestApiErrors : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    std::string missing() const { return tmp_.filePath("missing").toStdString(); }

private Q_SLOTS:
    void badArgument_data() {
        QTest::addColumn<std::function<void()>>("call");
        QTest::addColumn<int>("code");
        const std::string nowhere = missing();
        const std::string junk = tmp_.filePath("junk.bin").toStdString();
        {
            QFile f(QString::fromStdString(junk));
            f.open(QIODevice::WriteOnly);
            f.write("definitely not a model, an image or weights");
        }
        auto row = [](const char* name, std::function<void()> call, ErrorCode code) {
            QTest::newRow(name) << call << static_cast<int>(code);
        };
        using E = ErrorCode;
        row(
            "BackboneSpec::parse empty", [] { BackboneSpec::parse(""); }, E::InvalidArgument);
        row(
            "BackboneSpec::parse unknown", [] { BackboneSpec::parse("resnet19"); },
            E::InvalidArgument);
        row(
            "BackboneSpec::parse 1e-300", [] { BackboneSpec::parse("mobilenet_v1_1e-300"); },
            E::InvalidArgument);
        row(
            "layerKindFromName", [] { layerKindFromName("wormhole"); }, E::InvalidArgument);
        row(
            "Preprocessing::parse", [] { Preprocessing::parse("not a spec"); }, E::InvalidArgument);
        row(
            "describeBackbone", [] { describeBackbone("resnet19"); }, E::InvalidArgument);
        row(
            "describeBackbone missing weights", [=] { describeBackbone("resnet18:" + nowhere); },
            E::NotFound);
        row(
            "Backbone::open junk", [=] { Backbone::open("resnet18:" + junk); }, E::BadWeights);
        row(
            "classifyImages", [=] { classifyImages("resnet19", {nowhere}); }, E::InvalidArgument);
        row(
            "collectImages", [=] { collectImages({nowhere}); }, E::NotFound);
        row(
            "loadClassIndex missing", [=] { loadClassIndex(nowhere); }, E::NotFound);
        row(
            "loadClassIndex junk", [=] { loadClassIndex(junk); }, E::InvalidArgument);
        row(
            "TrainedModel::open missing", [=] { TrainedModel::open(nowhere); }, E::NotFound);
        row(
            "TrainedModel::open junk", [=] { TrainedModel::open(junk); }, E::BadWeights);
        // TrainedModel::gradCam's own bad arguments need a model: test_gradcam has them.
        row(
            "writeGradCamOverlay empty", [=] { writeGradCamOverlay(nowhere, GradCam{}, junk); },
            E::InvalidArgument);
        row(
            "writeGradCamOverlay opacity",
            [=] { writeGradCamOverlay(nowhere, GradCam{}, junk, 2); }, E::InvalidArgument);
        row(
            "scanImageFolder", [=] { scanImageFolder(nowhere); }, E::NotFound);
        row(
            "DataJournal::open", [=] { DataJournal::open(nowhere); }, E::NotFound);
        const std::string here = tmp_.path().toStdString();
        row(
            "DataJournal::move outside",
            [=] { DataJournal::open(here).move("/etc/hostname", "cats"); }, E::InvalidArgument);
        row(
            "DataJournal::quarantine missing",
            [=] { DataJournal::open(here).quarantine("train/cats/none.jpg"); }, E::NotFound);
        row(
            "DataJournal::undo nothing", [=] { DataJournal::open(here).undo(); },
            E::InvalidArgument);
        row(
            "extractFeatures",
            [=] {
                ExtractOptions o;
                o.dataDir = nowhere;
                o.backbone = "resnet18";
                extractFeatures(o);
            },
            E::NotFound);
        row(
            "findLabelIssues folds",
            [=] {
                LabelIssuesOptions o;
                o.dataDir = nowhere;
                o.backbone = "resnet18";
                o.folds = 1;
                findLabelIssues(o);
            },
            E::InvalidArgument);
        row(
            "findLabelIssues missing data",
            [=] {
                LabelIssuesOptions o;
                o.dataDir = nowhere;
                o.backbone = "resnet18";
                findLabelIssues(o);
            },
            E::NotFound);
        row(
            "writeLabelIssuesCsv", [=] { writeLabelIssuesCsv(nowhere + "/x/y.csv", {}); }, E::Io);
        row(
            "runRecipe no stages", [] { runRecipe(RecipeConfig{}); }, E::InvalidArgument);
        row(
            "runRecipe missing data",
            [=] {
                RecipeConfig c;
                c.dataDir = nowhere;
                c.outDir = nowhere + "-run";
                c.backbone = "resnet18";
                c.stages.push_back(RecipeConfig::defaultStage("last"));
                runRecipe(c);
            },
            E::NotFound);
        row(
            "defaultStage", [] { RecipeConfig::defaultStage("warp"); }, E::InvalidArgument);
        row(
            "recipeStage", [] { recipeStage("warp"); }, E::InvalidArgument);
        row(
            "buildRecipeConfig", [] { buildRecipeConfig({}, {StageOverrides{"warp"}}); },
            E::InvalidArgument);
        row(
            "Backbone::stageLayers",
            [] {
                StageConfig s = recipeStage("conv").defaults;
                s.fromLayer = "warp";
                Backbone::open("resnet18@32").stageLayers(s);
            },
            E::InvalidArgument);
        row(
            "openRun", [=] { openRun(nowhere); }, E::NotFound);
        row(
            "predictImages",
            [=] {
                PredictConfig c;
                c.modelFile = nowhere;
                c.input = nowhere;
                JobObserver quiet;
                predictImages(c, {nullptr, &quiet});
            },
            E::NotFound);
        row(
            "initRuntime 100000 threads (F18)", [] { initRuntime(100000); }, E::InvalidArgument);
        row(
            "modelFormatForFile", [] { modelFormatForFile("model.txt"); }, E::InvalidArgument);
        row(
            "exportModel", [=] { exportModel(nowhere, nowhere + ".h5", ModelFormat::KerasHdf5); },
            E::NotFound);
        row(
            "decodeImage missing", [=] { decodeImage(nowhere); }, E::NotFound);
        row(
            "decodeImage junk", [=] { decodeImage(junk); }, E::BadImage);
        row(
            "resizeImage", [] { resizeImage(RgbImage{}, 4, 4, Interpolation::Bilinear); },
            E::InvalidArgument);
        row(
            "writePredictionsCsv", [=] { writePredictionsCsv(nowhere + "/x/y.csv", {}, {}, true); },
            E::Io);
        row(
            "writeSubmissionCsv clip",
            [=] {
                writeSubmissionCsv(nowhere + ".csv", {}, {"a", "b"}, 0.7);
            },
            E::InvalidArgument);
        row(
            "writeViewsJson", [=] { writeViewsJson(nowhere + "/x/views.json", {}, {}, {}); },
            E::Io);
        row(
            "createRunFolder", [=] { createRunFolder("data", "resnet18", junk + "/runs"); },
            E::Io);
        row(
            "readRunRecord missing", [=] { readRunRecord(nowhere); }, E::NotFound);
        row(
            "findLearningRate missing data",
            [=] {
                LrFindOptions o;
                o.run.dataDir = nowhere;
                o.run.backbone = "resnet18";
                o.run.stages.push_back(RecipeConfig::defaultStage("last"));
                o.stage = "last";
                findLearningRate(o);
            },
            E::NotFound);
        row(
            "findLearningRate bad LRs",
            [] {
                LrFindOptions o;
                o.run.stages.push_back(RecipeConfig::defaultStage("last"));
                o.stage = "last";
                o.startLr = 1;
                o.endLr = 0.1;
                findLearningRate(o);
            },
            E::InvalidArgument);
        row(
            "suggestLearningRate",
            [] {
                double lr = 0;
                std::string method;
                suggestLearningRate({1e-3}, {1.0, 2.0}, lr, method);
            },
            E::InvalidArgument);
        row(
            "readRunRecord junk",
            [=] {
                const std::string dir = junk + ".run";
                std::filesystem::create_directories(dir);
                std::filesystem::copy_file(junk, dir + "/metrics.json",
                                           std::filesystem::copy_options::overwrite_existing);
                readRunRecord(dir);
            },
            E::InvalidArgument);
    }
    void badArgument() {
        QFETCH(std::function<void()>, call);
        QFETCH(int, code);
        QCOMPARE(outcome(call), expect(static_cast<ErrorCode>(code)));
    }

    void hintsNameNoFrontEnd() {
        // Engine sentences say what went wrong; the front ends render the hint (flags, buttons).
        try {
            runRecipe(RecipeConfig{{}, "resnet18", {RecipeConfig::defaultStage("last")}});
            QFAIL("ran without an output folder");
        } catch (const Error& e) {
            QCOMPARE(e.hint().action, HintAction::ChooseOutputFolder);
            QVERIFY2(!QString(e.what()).contains("--"), e.what());
        }
        QCOMPARE(QString(hintActionName(HintAction::ResumeRun)), QStringLiteral("resume-run"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestApiErrors)
#include "test_api_errors.moc"

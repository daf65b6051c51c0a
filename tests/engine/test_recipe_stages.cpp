// The stage registry and the one configuration builder: defaults come from the registry,
// overrides change only what they name, bad values are refused; what a stage trains on a
// backbone is the layer choice a run makes; the README's stage table is the registry's.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/recipe_config.h"
#include "featurelab/stages.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

/// The README block between these markers is generated from the registry.
const QString kBegin =
    QStringLiteral("<!-- stage table: generated from the engine's stage registry");
const QString kEnd = QStringLiteral("<!-- end of stage table -->");

QString num(double v) { return QString::number(v, 'g', 6); }

/// The registry as the README shows it.
QString registryTable() {
    QString t = QStringLiteral(
        "| stage | what it trains | optimizer | learning rate | epochs | batch size | augmented "
        "images |\n| --- | --- | --- | --- | ---: | ---: | --- |\n");
    for (const StageInfo& s : recipeStages()) {
        const StageConfig& d = s.defaults;
        QString lr = num(d.lr);
        for (const auto& [epoch, factor] : d.lrSteps)
            lr += QStringLiteral(", ×%1 from epoch %2").arg(num(factor)).arg(epoch);
        t += QStringLiteral("| `%1` | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                 .arg(QString::fromStdString(s.name), QString::fromStdString(s.description),
                      QString::fromStdString(d.optimizer), lr)
                 .arg(d.epochs)
                 .arg(d.batchSize)
                 .arg(!s.augmentable ? QStringLiteral("n/a")
                      : d.augment    ? "yes"
                                     : "no");
    }
    return t;
}

bool expectError(const std::function<void()>& fn, ErrorCode code, const QString& words) {
    try {
        fn();
    } catch (const Error& e) {
        if (e.code() != code) qWarning() << "code" << errorCodeName(e.code()) << e.what();
        if (!QString(e.what()).contains(words)) qWarning() << "message" << e.what();
        return e.code() == code && QString(e.what()).contains(words);
    }
    return false;
}

}  // namespace

class TestRecipeStages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registryInLadderOrder() {
        QCOMPARE(recipeStageNames(), (std::vector<std::string>{"linear", "last", "dense", "conv"}));
        for (const StageInfo& s : recipeStages()) {
            QCOMPARE(s.defaults.name, s.name);
            QVERIFY(!s.description.empty());
            QCOMPARE(recipeStage(s.name).defaults.lr, s.defaults.lr);
            QCOMPARE(RecipeConfig::defaultStage(s.name).epochs, s.defaults.epochs);
        }
        QVERIFY(expectError([] { recipeStage("fine"); }, ErrorCode::InvalidArgument,
                            "Unknown stage 'fine'; use linear, last, dense, conv."));
    }

    void defaultsPlusOverrides() {
        RecipeConfig run;
        run.dataDir = "/data";
        run.backbone = "resnet18@32";
        run.outDir = "/run";
        run.seed = 7;
        std::vector<StageOverrides> stages(4);
        const auto names = recipeStageNames();
        for (std::size_t i = 0; i < 4; ++i) stages[i].stage = names[i];
        const RecipeConfig plain = buildRecipeConfig(run, stages);
        QCOMPARE(plain.seed, std::uint64_t(7));
        QCOMPARE(plain.outDir, std::string("/run"));
        for (std::size_t i = 0; i < 4; ++i)
            QCOMPARE(recipeConfigJson(RecipeConfig{{}, {}, {plain.stages[i]}}),
                     recipeConfigJson(RecipeConfig{{}, {}, {recipeStage(names[i]).defaults}}));

        // An override changes what it names and nothing else; an explicit LR drops the steps.
        stages[1].lr = 0.005;
        stages[3].epochs = 5;
        stages[3].augment = !plain.stages[3].augment;
        const RecipeConfig edited = buildRecipeConfig(run, stages);
        QCOMPARE(edited.stages[1].lr, 0.005);
        QVERIFY(edited.stages[1].lrSteps.empty());
        QCOMPARE(edited.stages[1].epochs, plain.stages[1].epochs);
        QCOMPARE(edited.stages[3].epochs, 5);
        QCOMPARE(edited.stages[3].augment, !plain.stages[3].augment);
        QCOMPARE(edited.stages[3].lr, plain.stages[3].lr);
        QCOMPARE(recipeConfigJson(RecipeConfig{{}, {}, {edited.stages[0]}}),
                 recipeConfigJson(RecipeConfig{{}, {}, {plain.stages[0]}}));
        const QJsonObject j =
            QJsonDocument::fromJson(QByteArray::fromStdString(recipeConfigJson(edited))).object();
        QCOMPARE(j["seed"].toInt(), 7);
        QCOMPARE(j["stages"].toArray().size(), 4);
        QCOMPARE(j["stages"].toArray()[3].toObject()["epochs"].toInt(), 5);
        QCOMPARE(j["stages"].toArray()[0].toObject()["lr_steps"].toArray().size(),
                 int(plain.stages[0].lrSteps.size()));
    }

    void badOverridesAreRefused() {
        auto build = [](StageOverrides o) { buildRecipeConfig({}, {o}); };
        StageOverrides o;
        o.stage = "warp";
        QVERIFY(expectError([&] { build(o); }, ErrorCode::InvalidArgument, "Unknown stage"));
        QVERIFY(expectError([] { buildRecipeConfig({}, {}); }, ErrorCode::InvalidArgument,
                            "at least one stage"));
        o.stage = "last";
        o.optimizer = "adagrad";
        QVERIFY(expectError([&] { build(o); }, ErrorCode::InvalidArgument,
                            "Unknown optimizer 'adagrad'"));
        o = StageOverrides{"dense"};
        o.lr = 0;
        QVERIFY(expectError([&] { build(o); }, ErrorCode::InvalidArgument, "out of range"));
        o = StageOverrides{"dense"};
        o.epochs = kMaxEpochs + 1;
        QVERIFY(expectError([&] { build(o); }, ErrorCode::InvalidArgument, "epochs"));
        o = StageOverrides{"conv"};
        o.batchSize = 0;
        QVERIFY(expectError([&] { build(o); }, ErrorCode::InvalidArgument, "batch size"));
        o = StageOverrides{"linear"};
        o.augment = true;
        QVERIFY(expectError([&] { build(o); }, ErrorCode::InvalidArgument, "cannot augment"));
        o.augment = false;  // saying "no" to a stage that never augments is fine
        build(o);
    }

    /// stageLayers answers with the choice a run makes: BatchNorm frozen in conv, the new
    /// head in last, nothing of the backbone in linear.
    void whatAStageTrains() {
        const Backbone b = Backbone::open("resnet18@32");
        const StageLayers linear = b.stageLayers(recipeStage("linear").defaults);
        QVERIFY(linear.layers.empty());
        const StageLayers last = b.stageLayers(recipeStage("last").defaults);
        QCOMPARE(last.layers, std::vector<std::string>{"fc"});
        QVERIFY(!last.batchNormFrozen);
        const StageLayers conv = b.stageLayers(recipeStage("conv").defaults);
        QVERIFY(conv.batchNormFrozen);
        QVERIFY(!conv.layers.empty());
        QCOMPARE(conv.layers.back(), std::string("fc"));
        for (const auto& name : conv.layers) {
            QVERIFY2(name.find("bn") == std::string::npos, name.c_str());
            QVERIFY2(name.rfind("layer4", 0) == 0 || name == "fc", name.c_str());
        }
        StageConfig from = recipeStage("conv").defaults;
        from.fromLayer = "no_such_layer";
        QVERIFY(expectError([&] { b.stageLayers(from); }, ErrorCode::InvalidArgument,
                            "no layer named 'no_such_layer'"));
        QCOMPARE(defaultStageLayers(b).size(), recipeStages().size());

        // The run records what its network trained (requires_grad), and it is the same answer.
        QTemporaryDir dir;
        recipedata::makeColourFolder(dir.filePath("data"), 4, 2, 0);
        RecipeConfig c = recipedata::tinyRecipe(dir.filePath("data"), dir.filePath("run"),
                                                dir.filePath("cache"), {"last", "conv"}, 1);
        const RecipeResult r = runRecipe(c);
        QCOMPARE(r.stages[0].layersTrained, last.layers);
        QCOMPARE(r.stages[1].layersTrained, conv.layers);
    }

    void readmeShowsTheRegistry() {
        QFile f(QStringLiteral(FEATURELAB_SOURCE_DIR "/README.md"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString readme = QString::fromUtf8(f.readAll());
        const int begin = readme.indexOf(kBegin);
        const int end = readme.indexOf(kEnd);
        QVERIFY2(begin >= 0 && end > begin, "README.md lacks the generated stage table");
        const int tableStart = readme.indexOf(QLatin1Char('\n'), begin) + 1;
        const QString shown = readme.mid(tableStart, end - tableStart);
        const QString expected = registryTable();
        if (shown != expected) {
            // What to paste: the same text, next to the build's other outputs.
            QFile out(QStringLiteral("stage_table.md"));
            if (out.open(QIODevice::WriteOnly)) out.write(expected.toUtf8());
            QFAIL(qPrintable(QStringLiteral("README.md's stage table differs from the registry; "
                                            "replace it with (also in %1):\n%2")
                                 .arg(QFileInfo(out).absoluteFilePath(), expected)));
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipeStages)
#include "test_recipe_stages.moc"

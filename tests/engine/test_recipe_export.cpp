// exportModel: a recipe's model files rewritten as Keras-layout HDF5 (and safetensors) predict
// exactly as the originals, an independent h5py/NumPy reader computes the same logits from the
// Keras file, and bad inputs fail with typed errors without leaving partial files.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/error.h"
#include "featurelab/model_export.h"
#include "featurelab/recipe.h"
#include "featurelab/predict.h"
#include "model_fixtures.h"
#include "models/keras_h5.h"
#include "models/network.h"
#include "recipe/model_file.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

struct Quiet : JobObserver {};

/// Every probability predictImages gives for input, in path order.
std::vector<std::vector<float>> predict(const std::string& model, const QString& input) {
    PredictConfig c;
    c.modelFile = model;
    c.input = input.toStdString();
    c.workers = 1;
    c.threads = 1;
    Quiet q;
    std::vector<std::vector<float>> out;
    for (const auto& row : predictImages(c, {nullptr, &q}).rows) out.push_back(row.probs);
    return out;
}

ErrorCode codeOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode::Internal;  // "did not throw" reads as a failure below
}

QByteArray bytes(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestRecipeExport : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    QString data_, run_;
    std::string at(const QString& name) { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        data_ = tmp_.filePath("data");
        run_ = tmp_.filePath("run");
        recipedata::makeColourFolder(data_, 12, 6, 0);
        const RecipeConfig c =
            recipedata::tinyRecipe(data_, run_, tmp_.filePath("cache"), {"linear", "last"}, 2);
        Quiet q;
        const RecipeResult r = runRecipe(c, {nullptr, &q});
        QCOMPARE(int(r.stages.size()), 2);
        QVERIFY(QFile::exists(run_ + "/stages/1-linear.safetensors"));
        QVERIFY(QFile::exists(run_ + "/stages/2-last.safetensors"));
    }

    // Both stage kinds (the linear stage's extra head on the probabilities, and a replaced
    // network head) survive safetensors -> h5 -> safetensors with identical predictions.
    void kerasExportPredictsExactlyAsTheOriginal_data() {
        QTest::addColumn<QString>("stage");
        QTest::newRow("linear (probs head)") << "1-linear";
        QTest::newRow("last (network head)") << "2-last";
    }
    void kerasExportPredictsExactlyAsTheOriginal() {
        QFETCH(QString, stage);
        const std::string original = (run_ + "/stages/" + stage + ".safetensors").toStdString();
        const std::string h5 = at(stage + ".h5"), back = at(stage + ".back.safetensors");
        exportModel(original, h5, ModelFormat::KerasHdf5);
        exportModel(h5, back, ModelFormat::Safetensors);
        QVERIFY(keras::looksLikeHdf5(h5));
        QVERIFY(!QFile::exists(QString::fromStdString(h5 + ".tmp")));

        const QString valid = data_ + "/valid";
        const auto expected = predict(original, valid);
        QCOMPARE(int(expected.size()), 12);
        QVERIFY(predict(h5, valid) == expected);  // exact: the same floats, not "close"
        QVERIFY(predict(back, valid) == expected);

        const recipe::LoadedModel fromH5 = recipe::loadModel(h5);
        QCOMPARE(fromH5.meta.classes, (std::vector<std::string>{"blue", "red"}));
        QCOMPARE(QString::fromStdString(fromH5.meta.stage), stage.mid(2));
        QCOMPARE(fromH5.meta.preprocessing.toString(),
                 recipe::loadModel(original).meta.preprocessing.toString());
    }

    // The linear stage's head is an ordinary Keras Dense layer: kernel [1000, classes], the
    // transpose of torch's Linear weight, after the backbone's own layers.
    void linearHeadIsAKerasDenseLayer() {
        const std::string h5 = at("linear-layout.h5");
        exportModel((run_ + "/stages/1-linear.safetensors").toStdString(), h5,
                    ModelFormat::KerasHdf5);
        const keras::File file = keras::read(h5);
        QVERIFY(file.layers.size() > 2);
        const keras::Layer& head = file.layers.back();
        QCOMPARE(QString::fromStdString(head.name), QStringLiteral("featurelab_probs_head"));
        QCOMPARE(int(head.weights.size()), 2);
        QCOMPARE(head.weights[0].value.sizes().vec(), (std::vector<int64_t>{1000, 2}));
        QCOMPARE(head.weights[1].value.sizes().vec(), (std::vector<int64_t>{2}));
        const recipe::LoadedModel model =
            recipe::loadModel((run_ + "/stages/1-linear.safetensors").toStdString());
        QVERIFY(model.probsHead);
        QVERIFY(torch::equal(head.weights[0].value, model.probsHead->weight.t()));
        QVERIFY(file.featurelabMetadata.find("\"head\":\"probs_linear\"") != std::string::npos);
        QCOMPARE(QString::fromStdString(file.layers[0].name), QStringLiteral("conv1"));
    }

    // Independent check: h5py + NumPy (tests/fixtures/make_model_fixtures.py) run MobileNet
    // straight from the exported Keras file and must get our logits.
    void kerasExportReadsBackInAnIndependentReader() {
        SKIP_WITHOUT_SHARED();
        if (!modelfixtures::pythonProblem().isEmpty())
            FEATURELAB_SKIP(modelfixtures::pythonProblem());
        BackboneSpec spec;
        spec.architecture = "mobilenet_v1_0.25";
        spec.weightsPath = testsupport::mobilenetWeights().toStdString();
        auto net = createNetwork(spec);
        torch::manual_seed(7);
        net->replaceHead(2);  // a fresh random head, as the 'last' stage starts from
        recipe::ModelMeta meta;
        meta.architecture = spec.architecture;
        meta.classes = {"cats", "dogs"};
        meta.preprocessing = net->preprocessing();
        meta.stage = "last";
        const std::string model = at("mobilenet.safetensors"), h5 = at("mobilenet.h5");
        recipe::saveModel(model, *net, nullptr, meta);
        exportModel(model, h5, ModelFormat::KerasHdf5);

        QStringList args{modelfixtures::script(),    "mobilenet", "--weights",
                         QString::fromStdString(h5), "--out",     tmp_.filePath("ref")};
        for (const QString cls : {"cats", "dogs"}) {
            QDir dir(testsupport::dogscatsDir() + "/valid/" + cls);
            for (const QString& f : dir.entryList({"*.jpg"}, QDir::Files, QDir::Name).mid(0, 3))
                args << dir.filePath(f);
        }
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(FEATURELAB_PYTHON), args);
        QVERIFY2(p.waitForFinished(300000) && p.exitCode() == 0, p.readAll().constData());

        std::map<std::string, torch::Tensor> ref;
        for (auto& [k, v] :
             readSafetensors(tmp_.filePath("ref/mobilenet_v1_ref.safetensors").toStdString()))
            ref[k] = v;
        recipe::LoadedModel loaded = recipe::loadModel(h5);
        torch::NoGradGuard ng;
        const torch::Tensor logits =
            loaded.net->forwardSegments(ref.at("input"), 0, loaded.net->segments().size());
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{6, 2}));
        const double diff = (logits - ref.at("logits")).abs().max().item<double>();
        qInfo("exported h5 vs h5py/NumPy forward pass: max abs logit difference %.2g", diff);
        QVERIFY2(diff < 1e-3, qPrintable(QString::number(diff)));
    }

    // A Keras weights file without Featurelab's metadata is no model file.
    void plainKerasWeightsAreNoModelFile() {
        SKIP_WITHOUT_SHARED();
        QCOMPARE(codeOf([&] {
                     exportModel(testsupport::mobilenetWeights().toStdString(), at("x.h5"),
                                 ModelFormat::Safetensors);
                 }),
                 ErrorCode::BadWeights);
        QVERIFY(!QFile::exists(tmp_.filePath("x.h5")));
    }

    void badInputsFailWithTypedErrors() {
        const std::string good = (run_ + "/stages/2-last.safetensors").toStdString();
        QCOMPARE(codeOf([&] {
                     exportModel(at("missing.safetensors"), at("x.h5"), ModelFormat::KerasHdf5);
                 }),
                 ErrorCode::NotFound);
        // A run folder stands for its model; another folder does not.
        exportModel(run_.toStdString(), at("from-run.h5"), ModelFormat::KerasHdf5);
        QVERIFY(keras::looksLikeHdf5(at("from-run.h5")));
        QCOMPARE(
            codeOf([&] { exportModel(data_.toStdString(), at("x.h5"), ModelFormat::KerasHdf5); }),
            ErrorCode::NotFound);
        // A file that is no Featurelab model: plain bytes, and a Keras file without metadata.
        QFile junk(tmp_.filePath("junk.safetensors"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a model at all, just some text that is long enough");
        junk.close();
        QCOMPARE(codeOf([&] {
                     exportModel(at("junk.safetensors"), at("x.h5"), ModelFormat::KerasHdf5);
                 }),
                 ErrorCode::BadWeights);
        QVERIFY(!QFile::exists(tmp_.filePath("x.h5")));

        // An unwritable target: Io, and an existing file keeps its bytes.
        QCOMPARE(codeOf([&] { exportModel(good, at("no/such/dir/x.h5"), ModelFormat::KerasHdf5); }),
                 ErrorCode::Io);
        QFile keep(tmp_.filePath("keep.h5"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("precious");
        keep.close();
        QCOMPARE(codeOf([&] {
                     exportModel(at("junk.safetensors"), at("keep.h5"), ModelFormat::KerasHdf5);
                 }),
                 ErrorCode::BadWeights);
        QCOMPARE(bytes(tmp_.filePath("keep.h5")), QByteArray("precious"));

        // A Keras export whose probs-head layer went missing says so instead of predicting
        // with the wrong head.
        const std::string linearH5 = at("cut.h5");
        exportModel((run_ + "/stages/1-linear.safetensors").toStdString(), linearH5,
                    ModelFormat::KerasHdf5);
        keras::File cut = keras::read(linearH5);
        cut.layers.pop_back();
        keras::write(linearH5, cut);
        QCOMPARE(codeOf([&] { recipe::loadModel(linearH5); }), ErrorCode::BadWeights);

        // A head that does not fit the backbone's outputs, and a network without its
        // classifier, are refused rather than predicted with.
        const std::string wideH5 = at("wide.h5");
        exportModel((run_ + "/stages/1-linear.safetensors").toStdString(), wideH5,
                    ModelFormat::KerasHdf5);
        keras::File wide = keras::read(wideH5);
        wide.layers.back().weights[0].value = torch::zeros({999, 2});
        keras::write(wideH5, wide);
        QCOMPARE(codeOf([&] { recipe::loadModel(wideH5); }), ErrorCode::BadWeights);
        const std::string headlessH5 = at("headless.h5");
        exportModel(good, headlessH5, ModelFormat::KerasHdf5);
        keras::File headless = keras::read(headlessH5);
        headless.layers.pop_back();  // the network's own classifier layer
        keras::write(headlessH5, headless);
        QCOMPARE(codeOf([&] { recipe::loadModel(headlessH5); }), ErrorCode::BadWeights);

        QCOMPARE(modelFormatForFile("a/b/Model.H5"), ModelFormat::KerasHdf5);
        QCOMPARE(modelFormatForFile("m.safetensors"), ModelFormat::Safetensors);
        QCOMPARE(codeOf([] { modelFormatForFile("model.txt"); }), ErrorCode::InvalidArgument);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipeExport)
#include "test_recipe_export.moc"

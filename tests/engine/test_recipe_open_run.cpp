// openRun: a finished run folder reads back as the RecipeResult the run returned (stages,
// curves, predictions, confusion, views), class names with commas and quotes included, and
// folders that are not finished runs fail with typed errors.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/run_folder.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

ErrorCode codeOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode::Internal;  // did not throw
}

bool copyFolder(const QString& from, const QString& to) {
    QDir().mkpath(to);
    for (const QString& f : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(from + "/" + f, to + "/" + f)) return false;
    return true;
}

}  // namespace

class TestRecipeOpenRun : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_, run_;
    RecipeResult ran_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        data_ = tmp_.filePath("data");
        recipedata::makeColourFolder(data_, 10, 6, 0);
        // A class name the CSV has to quote.
        const QString odd = QStringLiteral("red, \"dark\"");
        for (const char* split : {"train", "valid"})
            QVERIFY(QDir(data_ + "/" + split).rename("red", odd));
        run_ = tmp_.filePath("run");
        RecipeConfig c =
            recipedata::tinyRecipe(data_, run_, tmp_.filePath("cache"), {"linear", "last"}, 2);
        c.viewSize = 3;
        JobObserver quiet;
        ran_ = runRecipe(c, {nullptr, &quiet});
    }

    void readsBackWhatTheRunReturned() {
        const RecipeResult r = openRun(run_.toStdString());
        QCOMPARE(r.classes, (std::vector<std::string>{"blue", "red, \"dark\""}));
        QCOMPARE(r.backbone, ran_.backbone);
        QCOMPARE(QString::fromStdString(r.dataDir), QDir(data_).absolutePath());
        QCOMPARE(r.runtime, ran_.runtime);
        QCOMPARE(r.bestStage, ran_.bestStage);
        QCOMPARE(r.stages.size(), ran_.stages.size());
        for (std::size_t i = 0; i < r.stages.size(); ++i) {
            QCOMPARE(r.stages[i].stage, ran_.stages[i].stage);
            QCOMPARE(r.stages[i].validAcc, ran_.stages[i].validAcc);
            QCOMPARE(r.stages[i].curve.size(), ran_.stages[i].curve.size());
            QCOMPARE(r.stages[i].curve.back().trainLoss, ran_.stages[i].curve.back().trainLoss);
        }
        QCOMPARE(r.valid.size(), std::size_t(12));
        QCOMPARE(r.valid.size(), ran_.valid.size());
        for (std::size_t i = 0; i < r.valid.size(); ++i) {
            QCOMPARE(r.valid[i].path, ran_.valid[i].path);
            QCOMPARE(r.valid[i].trueLabel, ran_.valid[i].trueLabel);
            QCOMPARE(r.valid[i].predicted, ran_.valid[i].predicted);
            for (std::size_t c = 0; c < 2; ++c)
                QVERIFY(std::abs(r.valid[i].probs[c] - ran_.valid[i].probs[c]) < 1e-6);
        }
        QCOMPARE(r.confusion.counts, ran_.confusion.counts);
        QCOMPARE(r.views.randomCorrect, ran_.views.randomCorrect);
        QCOMPARE(r.views.randomIncorrect, ran_.views.randomIncorrect);
        QCOMPARE(r.views.mostConfidentCorrect, ran_.views.mostConfidentCorrect);
        QCOMPARE(r.views.mostConfidentWrong, ran_.views.mostConfidentWrong);
        QCOMPARE(r.views.mostUncertain, ran_.views.mostUncertain);
        QVERIFY(!r.views.mostUncertain.empty());
    }

    void foldersThatAreNotFinishedRuns() {
        QCOMPARE(codeOf([&] { openRun(tmp_.filePath("nowhere").toStdString()); }),
                 ErrorCode::NotFound);
        QCOMPARE(codeOf([&] { openRun(data_.toStdString()); }), ErrorCode::NotFound);

        const QString unfinished = tmp_.filePath("unfinished");
        QVERIFY(copyFolder(run_, unfinished));
        QVERIFY(QFile::remove(unfinished + "/valid_predictions.csv"));
        QCOMPARE(codeOf([&] { openRun(unfinished.toStdString()); }), ErrorCode::InvalidArgument);

        const QString cut = tmp_.filePath("cut");
        QVERIFY(copyFolder(run_, cut));
        QFile csv(cut + "/valid_predictions.csv");
        QVERIFY(csv.open(QIODevice::Append));
        csv.write("valid/blue/99.bmp,blue\n");  // a line cut short
        csv.close();
        QCOMPARE(codeOf([&] { openRun(cut.toStdString()); }), ErrorCode::InvalidArgument);

        const QString garbled = tmp_.filePath("garbled");
        QVERIFY(copyFolder(run_, garbled));
        QFile metrics(garbled + "/metrics.json");
        QVERIFY(metrics.open(QIODevice::WriteOnly | QIODevice::Truncate));
        metrics.write("{\"stages\": 3");
        metrics.close();
        QCOMPARE(codeOf([&] { openRun(garbled.toStdString()); }), ErrorCode::InvalidArgument);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRecipeOpenRun)
#include "test_recipe_open_run.moc"

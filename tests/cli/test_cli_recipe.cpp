// featurelab-cli recipe and predict on generated colour images: the stage table, RUN_DIR, the
// predict CSV, and one-line errors for bad options.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "featurelab/stages.h"
#include "recipe_data.h"
#include "test_support.h"

namespace {
QString readText(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
}  // namespace

class TestCliRecipe : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

private Q_SLOTS:
    void initTestCase() {
        data_ = dir_.filePath("colours");
        recipedata::makeColourFolder(data_, 20, 10, 0);
    }

    void recipeThenPredict() {
        const QString out = dir_.filePath("run");
        const auto r =
            testsupport::runCli({"recipe", "--data", data_, "--backbone", "resnet18@32", "--stages",
                                 "linear,last", "--epochs", "6", "--batch-size", "8", "--lr",
                                 "0.01", "--threads", "1", "--seed", "3", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("Device: CPU"), qPrintable(r.err));
        QVERIFY(r.err.contains(QRegularExpression("last epoch 6/6: train loss")));
        QVERIFY2(r.out.contains(QRegularExpression("stage\\s+trainable\\s+epochs\\s+best\\s+"
                                                   "seconds\\s+train acc\\s+valid acc\\s+valid "
                                                   "loss")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("\\nlinear\\s+\\*?\\s+2002\\s+6\\s")));
        QVERIFY(r.out.contains(QRegularExpression("\\nlast\\s+\\*?\\s+1026\\s+6\\s")));
        QVERIFY(r.out.contains(QRegularExpression("\\* best stage: (linear|last) \\(valid acc")));
        const QJsonObject m =
            QJsonDocument::fromJson(readText(out + "/metrics.json").toUtf8()).object();
        QCOMPARE(m["stages"].toArray().size(), 2);
        QCOMPARE(m["stages"].toArray()[1].toObject()["stage"].toString(), QString("last"));
        // Each stage names the epoch it kept: the best by valid accuracy.
        for (const auto& st : m["stages"].toArray()) {
            const QJsonObject o = st.toObject();
            const int best = o["best_epoch"].toInt();
            QVERIFY(best >= 1 && best <= 6);
            double top = 0;
            for (const auto& e : o["epochs"].toArray())
                top = qMax(top, e.toObject()["valid_acc"].toDouble());
            QCOMPARE(o["valid_acc"].toDouble(), top);
        }

        const QString csv = dir_.filePath("pred.csv");
        const auto p =
            testsupport::runCli({"predict", "--model", out + "/model.safetensors", "--data",
                                 data_ + "/valid", "--csv", csv, "--threads", "1"});
        QVERIFY2(p.exitCode == 0, qPrintable(p.err));
        const QStringList lines = readText(csv).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 21);
        QCOMPARE(lines[0], QString("path,predicted,blue,red"));
        QVERIFY(lines[1].contains(
            QRegularExpression("^blue/0\\.bmp,(blue|red),0\\.\\d{6},0\\.\\d{6}$")));
        // The model file is self-contained: its predictions match the run's valid predictions.
        const QStringList valid =
            readText(out + "/valid_predictions.csv").split('\n', Qt::SkipEmptyParts);
        QCOMPARE(valid.size(), 21);
        for (int i = 1; i < 21; ++i) {
            const QStringList a = lines[i].split(','), b = valid[i].split(',');
            QCOMPARE("valid/" + a[0], b[0]);
            QCOMPARE(a[1], b[3 - 1]);  // predicted
            QVERIFY(std::abs(a[2].toDouble() - b[3].toDouble()) < 1e-4);
        }

        // show: the finished run read back, the same table and the confusion counts.
        const auto sh = testsupport::runCli({"show", out});
        QVERIFY2(sh.exitCode == 0, qPrintable(sh.err));
        QVERIFY(sh.out.contains(QRegularExpression("\\nlast\\s+\\*?\\s+1026\\s+6\\s")));
        QVERIFY2(sh.out.contains(QRegularExpression("\\* best stage: (linear|last) \\(valid acc")),
                 qPrintable(sh.out));
        QVERIFY(sh.out.contains("confusion (rows: true, columns: predicted)"));
        QVERIFY(sh.out.contains(QRegularExpression("\\n\\s+red\\s+\\d+\\s+\\d+\\n")));
        const auto notRun = testsupport::runCli({"show", data_});
        QCOMPARE(notRun.exitCode, 1);
        QVERIFY2(notRun.err.contains("metrics.json"), qPrintable(notRun.err));

        // export: the Keras h5 predicts the same CSV, byte for byte.
        const QString h5 = dir_.filePath("model.h5");
        const auto e =
            testsupport::runCli({"export", "--model", out + "/model.safetensors", "--out", h5});
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
        QVERIFY2(e.out.contains("(Keras HDF5)"), qPrintable(e.out));
        const QString csvH5 = dir_.filePath("pred-h5.csv");
        const auto ph = testsupport::runCli({"predict", "--model", h5, "--data", data_ + "/valid",
                                             "--csv", csvH5, "--threads", "1"});
        QVERIFY2(ph.exitCode == 0, qPrintable(ph.err));
        QCOMPARE(readText(csvH5), readText(csv));
        // --submission: Kaggle's id,label, one row per image, from the run folder itself.
        const QString sub = dir_.filePath("sub.csv");
        const auto ps = testsupport::runCli({"predict", "--model", out, "--data", data_ + "/valid",
                                             "--csv", sub, "--submission", "--clip", "0.05"});
        QVERIFY2(ps.exitCode == 0, qPrintable(ps.err));
        const QStringList subLines = readText(sub).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(subLines.size(), 21);
        QCOMPARE(subLines[0], QString("id,label"));
        QVERIFY2(subLines[1].contains(QRegularExpression("^0,0\\.\\d+$")), qPrintable(subLines[1]));
        for (int i = 1; i < subLines.size(); ++i) {
            const double p = subLines[i].section(',', 1).toDouble();
            QVERIFY(p >= 0.05 - 1e-9 && p <= 0.95 + 1e-9);
        }
        const auto bad = testsupport::runCli(
            {"export", "--model", out + "/model.safetensors", "--out", dir_.filePath("m.txt")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("export to a .safetensors or a Keras .h5 file name"),
                 qPrintable(bad.err));
    }

    void badOptions_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown stage")
            << QStringList{"--stages", "linear,fine"} << "Unknown stage 'fine'";
        QTest::newRow("lr count") << QStringList{"--stages", "linear,last", "--lr", "0.1,0.2,0.3"}
                                  << "--lr takes one value or one per stage";
        QTest::newRow("bad number") << QStringList{"--epochs", "three"} << "'three' is not valid";
        QTest::newRow("typo") << QStringList{"--epoch", "3"} << "Unknown option --epoch";
        QTest::newRow("optimizer") << QStringList{"--stages", "last", "--optimizer", "adagrad"}
                                   << "Unknown optimizer 'adagrad'";
    }
    void badOptions() {
        QFETCH(QStringList, extra);
        QFETCH(QString, expected);
        QStringList args{
            "recipe", "--data", data_, "--backbone", "resnet18@32", "--out", dir_.filePath("bad")};
        args += extra;
        const auto r = testsupport::runCli(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        // The error is the last line, in one line (the run may have said what device it uses).
        QVERIFY2(r.err.trimmed().split('\n').last().contains(expected), qPrintable(r.err));
    }

    /// --help and --stages come from the engine's registry; --print-config shows what a run
    /// would get (the registry's defaults plus the options) and trains nothing.
    void stagesFromTheRegistry() {
        const auto help = testsupport::runCli({"recipe", "--help"});
        QCOMPARE(help.exitCode, 0);
        QString names;
        for (const featurelab::StageInfo& s : featurelab::recipeStages()) {
            QVERIFY2(help.out.contains(QString::fromStdString(s.description)),
                     qPrintable(help.out));
            names += (names.isEmpty() ? "" : ",") + QString::fromStdString(s.name);
        }
        QVERIFY2(help.out.contains("--stages LIST=" + names), qPrintable(help.out));  // default

        const QString out = dir_.filePath("never-written");
        const auto r = testsupport::runCli(
            {"recipe", "--data", data_, "--backbone", "resnet18@32", "--out", out, "--stages",
             "last,conv", "--lr", "0.002,1e-4", "--augment-copies", "2", "--print-config"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
        const QJsonObject c = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(c["out_dir"].toString(), out);
        const QJsonArray stages = c["stages"].toArray();
        QCOMPARE(stages.size(), 2);
        const QJsonObject last = stages[0].toObject(), conv = stages[1].toObject();
        const featurelab::StageConfig lastDefaults = featurelab::recipeStage("last").defaults;
        QCOMPARE(last["name"].toString(), QString("last"));
        QCOMPARE(last["lr"].toDouble(), 0.002);
        QVERIFY(last["lr_steps"].toArray().isEmpty());  // an explicit LR is the LR
        QCOMPARE(last["epochs"].toInt(), lastDefaults.epochs);
        QCOMPARE(last["batch_size"].toInt(), lastDefaults.batchSize);
        QCOMPARE(conv["lr"].toDouble(), 1e-4);
        QCOMPARE(conv["augment"].toBool(), true);  // --augment-copies implies --augment
        QCOMPARE(conv["augment_copies"].toInt(), 2);
        QCOMPARE(conv["epochs"].toInt(), featurelab::recipeStage("conv").defaults.epochs);
    }

    // Without --out a run gets a new folder in the runs folder (test_cli_runs); --resume needs
    // the folder it continues.
    void resumeNeedsOut() {
        const auto r = testsupport::runCli(
            {"recipe", "--data", data_, "--backbone", "resnet18@32", "--resume"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--resume requires --out"), qPrintable(r.err));
    }

    void predictNotAModel() {
        const QString fake = dir_.filePath("fake.safetensors");
        QFile f(fake);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a model at all");
        f.close();
        const auto r = testsupport::runCli(
            {"predict", "--model", fake, "--data", data_, "--csv", dir_.filePath("x.csv")});
        QCOMPARE(r.exitCode, 1);
        const QString last = r.err.trimmed().split('\n').last();
        QVERIFY2(last.startsWith("featurelab-cli predict: ") && last.contains(fake),
                 qPrintable(r.err));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliRecipe)
#include "test_cli_recipe.moc"

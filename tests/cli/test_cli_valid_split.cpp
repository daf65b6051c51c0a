// featurelab-cli recipe on a data folder without valid/: --valid-fraction, the recorded split,
// --resume with it, and a resume refused once train/ changed (generated colour images).
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "recipe_data.h"
#include "test_support.h"

namespace {
QString readText(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QStringList lines(const QString& file) { return readText(file).split('\n', Qt::SkipEmptyParts); }
}  // namespace

class TestCliValidSplit : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

    QStringList recipe(const QString& out, const QString& stages) const {
        return {"recipe",   "--data",  data_,  "--backbone", "resnet18@32", "--stages", stages,
                "--epochs", "2",       "--batch-size", "8",  "--threads",   "1",        "--out",
                out};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        data_ = dir_.filePath("train-only");
        recipedata::makeColourFolder(data_, 20, 0, 0);  // train/{blue,red}, 20 each; no valid/
    }

    void holdsOutRecordsAndResumes() {
        const QString out = dir_.filePath("run");
        const auto r = testsupport::runCli(recipe(out, "linear") << "--valid-fraction" << "0.25");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QRegularExpression("No valid/ folder in .*holding out 25% of each "
                                                   "class of train/ \\(10 of 40 images, seed 42\\)")),
                 qPrintable(r.err));
        QVERIFY(r.out.contains(QRegularExpression("\\nlinear\\s")));
        const QJsonObject split = QJsonDocument::fromJson(readText(out + "/metrics.json").toUtf8())
                                      .object()["valid_split"]
                                      .toObject();
        QCOMPARE(split["from"].toString(), QString("train"));
        QCOMPARE(split["fraction"].toDouble(), 0.25);
        QCOMPARE(split["images"].toInt(), 10);
        // valid_predictions.csv rows are the listed held-out train/ images, 5 per class.
        QStringList listed;
        for (const QString& l : lines(out + "/valid_split.txt"))
            if (!l.startsWith('#')) listed << l;
        QCOMPARE(listed.size(), 10);
        const QStringList rows = lines(out + "/valid_predictions.csv").mid(1);
        QCOMPARE(rows.size(), 10);
        int red = 0;
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].section(',', 0, 0), listed[i]);
            red += rows[i].section(',', 1, 1) == "red";
        }
        QCOMPARE(red, 5);

        // --resume keeps the recorded split, whatever --valid-fraction says now.
        const auto res =
            testsupport::runCli(recipe(out, "linear,last") << "--resume" << "--valid-fraction"
                                                           << "0.5");
        QVERIFY2(res.exitCode == 0, qPrintable(res.err));
        QVERIFY2(res.err.contains("Resuming with the run's own validation split (25%, seed 42, "
                                  "10 images)"),
                 qPrintable(res.err));
        QCOMPARE(lines(out + "/valid_predictions.csv").size(), 11);

        // train/ changed: resume refused like a changed valid/ (InvalidArgument: exit 2), the run
        // folder left as it was.
        const QString before = readText(out + "/metrics.json");
        QVERIFY(QFile::copy(data_ + "/train/blue/0.bmp", data_ + "/train/blue/copy.bmp"));
        const auto changed = testsupport::runCli(recipe(out, "linear,last,dense") << "--resume");
        QVERIFY(QFile::remove(data_ + "/train/blue/copy.bmp"));
        QCOMPARE(changed.exitCode, 2);
        QVERIFY2(changed.err.contains("The images in train/ of") &&
                     changed.err.contains("changed since"),
                 qPrintable(changed.err));
        QCOMPARE(readText(out + "/metrics.json"), before);
    }

    void fractionOutOfRange() {
        for (const QString f : {"0", "1", "1.5", "-0.1", "half"}) {
            const auto r = testsupport::runCli(recipe(dir_.filePath("bad"), "linear")
                                               << "--valid-fraction" << f);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("--valid-fraction"), qPrintable(r.err));
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliValidSplit)
#include "test_cli_valid_split.moc"

// featurelab-cli lr-find: the CSV (lr,loss,smoothed_loss, LRs rising from the start LR), the
// printed suggestion within the swept range, usage errors for a bad stage or iteration count.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "recipe_data.h"
#include "test_support.h"

class TestCliLrFind : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_;

    testsupport::CliResult lrFind(const QStringList& extra) {
        return testsupport::runCli(QStringList{"lr-find", "--data", data_, "--backbone",
                                               "resnet18@32", "--threads", "1", "--workers", "1",
                                               "--cache-dir", tmp_.filePath("cache"), "--quiet"} +
                                   extra);
    }

private Q_SLOTS:
    void initTestCase() {
        data_ = tmp_.filePath("colours");
        recipedata::makeColourFolder(data_, 12, 4, 0);
    }

    void writesTheCurveAndSuggests() {
        const QString csv = tmp_.filePath("lr.csv");
        const auto r =
            lrFind({"--stage", "last", "--iterations", "40", "--batch-size", "8", "--csv", csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
        QCOMPARE(lines.first(), QString("lr,loss,smoothed_loss"));
        QVERIFY2(lines.size() >= 3 && lines.size() <= 41, qPrintable(lines.join('|')));
        double previous = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList cells = lines[i].split(',');
            QCOMPARE(cells.size(), 3);
            const double lr = cells[0].toDouble();
            if (i == 1) QCOMPARE(lr, 1e-7);
            QVERIFY(lr > previous);
            previous = lr;
            bool ok = false;
            QVERIFY(std::isfinite(cells[1].toDouble(&ok)) && ok);
            QVERIFY(std::isfinite(cells[2].toDouble(&ok)) && ok);
        }
        const QRegularExpression re("Suggested LR for stage last: ([0-9.eE+-]+) \\((.+)\\)");
        const auto m = re.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        const double suggested = m.captured(1).toDouble();
        QVERIFY(suggested >= 1e-8 && suggested <= previous);
        QVERIFY(r.out.contains("Wrote " + csv));
    }

    void usageErrors() {
        QCOMPARE(lrFind({"--stage", "warp"}).exitCode, 2);
        QCOMPARE(lrFind({"--stage", "last", "--iterations", "1"}).exitCode, 2);
        QCOMPARE(lrFind({"--stage", "last", "--start-lr", "1", "--end-lr", "0.1"}).exitCode, 2);
        const auto help = testsupport::runCli({"lr-find", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--csv") && help.out.contains("--stage"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliLrFind)
#include "test_cli_lr_find.moc"

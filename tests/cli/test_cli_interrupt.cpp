// Ctrl-C keeps what finished: SIGINT during a recipe's second stage exits 130, says how to
// resume, and leaves a run folder that opens with the first stage; --resume finishes it.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

#include "featurelab/recipe.h"
#include "featurelab/run_folder.h"
#include "recipe_data.h"
#include "test_support.h"

class TestCliInterrupt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sigintKeepsFinishedStagesAndResumes() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        recipedata::makeColourFolder(dir.filePath("data"), 8, 4, 0);
        const QString run = dir.filePath("run");
        const QStringList common{"recipe",
                                 "--data",
                                 dir.filePath("data"),
                                 "--backbone",
                                 "resnet18@32",
                                 "--out",
                                 run,
                                 "--cache-dir",
                                 dir.filePath("cache"),
                                 "--stages",
                                 "linear,last",
                                 "--batch-size",
                                 "8",
                                 "--workers",
                                 "1",
                                 "--threads",
                                 "1"};
        QProcess p;
        p.start(QStringLiteral(FEATURELAB_CLI_PATH), common + QStringList{"--epochs", "1,1000"});
        QVERIFY(p.waitForStarted());
        QString err;
        QElapsedTimer clock;
        clock.start();
        while (!err.contains("last epoch 1/1000") && p.state() == QProcess::Running &&
               clock.elapsed() < 300000) {
            p.waitForReadyRead(1000);
            err += QString::fromUtf8(p.readAllStandardError());
        }
        QVERIFY2(err.contains("last epoch 1/1000"), qPrintable(err));
        QCOMPARE(::kill(static_cast<pid_t>(p.processId()), SIGINT), 0);
        QVERIFY(p.waitForFinished(120000));
        err += QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        const QString last = err.trimmed().split('\n').last();
        QVERIFY2(last.contains("interrupted") && last.contains("--resume --out"), qPrintable(err));

        const featurelab::RecipeResult stopped = featurelab::openRun(run.toStdString());
        QCOMPARE(stopped.stoppedDuring, std::string("last"));
        QCOMPARE(stopped.stages.size(), std::size_t(1));
        const auto shown = testsupport::runCli({"show", run});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.contains("Stopped during last"), qPrintable(shown.out));

        const auto resumed =
            testsupport::runCli(common + QStringList{"--epochs", "1,1", "--resume"});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.err.contains("Resuming after stage linear"), qPrintable(resumed.err));
        const featurelab::RecipeResult done = featurelab::openRun(run.toStdString());
        QCOMPARE(done.stoppedDuring, std::string());
        QCOMPARE(done.stages.size(), std::size_t(2));

        // The engine's hint, rendered as flags: this folder holds a run of another backbone.
        QStringList other = common + QStringList{"--epochs", "1,1", "--resume"};
        other[other.indexOf("resnet18@32")] = "resnet18@48";
        const auto refused = testsupport::runCli(other);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.trimmed().split('\n').last().contains("Give another --out folder"),
                 qPrintable(refused.err));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliInterrupt)
#include "test_cli_interrupt.moc"

// featurelab-cli and featurelab follow the command-line conventions: --version (the CMake
// project version), --help per command with an example, "did you mean" for typos, bounded
// numbers, exit code 2 for usage errors and 130 when Ctrl-C stops a running job.
#include <signal.h>

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "recipe_data.h"
#include "test_support.h"

namespace {

/// project(Featurelab VERSION x.y.z) in the top-level CMakeLists.txt.
QString projectVersion() {
    QFile f(QStringLiteral(FEATURELAB_SOURCE_DIR "/CMakeLists.txt"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    const auto m = QRegularExpression(QStringLiteral("project\\(Featurelab VERSION ([0-9.]+)"))
                       .match(QString::fromUtf8(f.readAll()));
    return m.hasMatch() ? m.captured(1) : QString();
}

QString guiPath() { return QFileInfo(QStringLiteral(FEATURELAB_CLI_PATH)).path() + "/featurelab"; }

}  // namespace

class TestCliConventions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version() {
        const QString expected = projectVersion();
        QVERIFY(!expected.isEmpty());
        const auto r = testsupport::runCli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), "featurelab-cli " + expected);
    }

    void guiVersionAndHelpWithoutDisplay() {
        if (!QFileInfo::exists(guiPath()))
            FEATURELAB_SKIP(QStringLiteral("the GUI is not built (FEATURELAB_BUILD_GUI=OFF)"));
        for (const QString& arg : {QStringLiteral("--version"), QStringLiteral("--help")}) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove("DISPLAY");  // answering must not need a display
            env.remove("WAYLAND_DISPLAY");
            env.remove("QT_QPA_PLATFORM");
            p.setProcessEnvironment(env);
            p.start(guiPath(), {arg});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            const QString out = QString::fromUtf8(p.readAllStandardOutput());
            if (arg == "--version")
                QCOMPARE(out.trimmed(), "Featurelab " + projectVersion());
            else
                QVERIFY2(out.contains("--data") && out.contains("Exit codes"), qPrintable(out));
        }
        QProcess typo;
        typo.start(guiPath(), {"--daat", "x"});
        QVERIFY(typo.waitForFinished(60000));
        QCOMPARE(typo.exitCode(), 2);
        QVERIFY(QString::fromUtf8(typo.readAllStandardError()).contains("Did you mean --data?"));
    }

    void overview() {
        const auto help = testsupport::runCli({"--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char* command :
             {"scan", "extract", "summary", "classify", "recipe", "predict", "show", "export"})
            QVERIFY2(help.out.contains(QRegularExpression(QString("\\n  %1 ").arg(command))),
                     command);
        QVERIFY(help.out.contains("130 interrupted"));
        const auto none = testsupport::runCli({});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("Usage: featurelab-cli"), qPrintable(none.err));
    }

    void commandHelp_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("option");  // one option its help must list
        QTest::newRow("scan") << "scan"
                              << "--json";
        QTest::newRow("extract") << "extract"
                                 << "--layer";
        QTest::newRow("summary") << "summary"
                                 << "--backbone";
        QTest::newRow("classify") << "classify"
                                  << "--top";
        QTest::newRow("recipe") << "recipe"
                                << "--stages";
        QTest::newRow("predict") << "predict"
                                 << "--submission";
        QTest::newRow("show") << "show"
                              << "RUN_DIR";
        QTest::newRow("export") << "export"
                                << "--format";
    }
    void commandHelp() {
        QFETCH(QString, command);
        QFETCH(QString, option);
        for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
            const auto r = testsupport::runCli({command, flag});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("Usage: featurelab-cli " + command), qPrintable(r.out));
            QVERIFY2(r.out.contains(option), qPrintable(r.out));
            QVERIFY2(r.out.contains("Example:\n  featurelab-cli " + command + " "),
                     qPrintable(r.out));
            QVERIFY(r.out.contains("Exit codes: 0 done, 1 the job failed, 2 usage error"));
        }
    }

    void typos_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("recipe --epoch")
            << QStringList{"recipe", "--data", "d", "--backbone", "b", "--out", "o", "--epoch", "3"}
            << "Unknown option --epoch; did you mean --epochs?";
        QTest::newRow("typo before a missing option")
            << QStringList{"recipe", "--dat", "d"} << "did you mean --data?";
        QTest::newRow("classify --tpo")
            << QStringList{"classify", "--backbone", "b", "--tpo", "3", "x.jpg"}
            << "did you mean --top?";
        QTest::newRow("extract --worker=2")
            << QStringList{"extract", "--data", "d", "--backbone", "b", "--worker=2"}
            << "did you mean --workers?";
        QTest::newRow("predict --modle")
            << QStringList{"predict", "--modle", "m"} << "did you mean --model?";
        QTest::newRow("command") << QStringList{"reciep"}
                                 << "unknown command 'reciep'; did you mean 'recipe'?";
        QTest::newRow("far from anything")
            << QStringList{"scan", "d", "--frobnicate"} << "Unknown option --frobnicate.";
    }
    void typos() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto r = testsupport::runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
        QVERIFY(r.out.isEmpty());
    }

    // Out of range is a usage error (2) before any work: the data folder does not even exist,
    // which would otherwise fail the job (1).
    void bounds_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("option");
        const QStringList recipe{"recipe",   "--data", "/no/data", "--backbone",
                                 "resnet18", "--out",  "/no/run"};
        const QStringList extract{"extract", "--data", "/no/data", "--backbone", "resnet18"};
        QTest::newRow("workers 0") << (extract + QStringList{"--workers", "0"}) << "--workers";
        QTest::newRow("workers 65") << (recipe + QStringList{"--workers", "65"}) << "--workers";
        QTest::newRow("threads 257") << (extract + QStringList{"--threads", "257"}) << "--threads";
        QTest::newRow("threads -1") << (recipe + QStringList{"--threads=-1"}) << "--threads";
        QTest::newRow("batch 0") << (extract + QStringList{"--batch-size", "0"}) << "--batch-size";
        QTest::newRow("epochs 0") << (recipe + QStringList{"--epochs", "0"}) << "--epochs";
        QTest::newRow("epochs per stage")
            << (recipe + QStringList{"--stages", "linear,last", "--epochs", "2,5000"})
            << "--epochs";
        QTest::newRow("lr 0") << (recipe + QStringList{"--lr", "0"}) << "--lr";
        QTest::newRow("top 0") << QStringList{"classify", "--backbone", "resnet18",
                                              "--top",    "0",          "/no/image.jpg"}
                               << "--top";
        QTest::newRow("workers not a number")
            << (extract + QStringList{"--workers", "two"}) << "--workers";
    }
    void bounds() {
        QFETCH(QStringList, args);
        QFETCH(QString, option);
        const auto r = testsupport::runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.trimmed().split('\n').last().contains(option), qPrintable(r.err));
    }

    // Ctrl-C on a running recipe: the engine stops at its next batch, exit code 130.
    void interruptedRecipe() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        recipedata::makeColourFolder(dir.filePath("data"), 8, 4, 0);
        QProcess p;
        p.start(QStringLiteral(FEATURELAB_CLI_PATH),
                {"recipe", "--data", dir.filePath("data"), "--backbone", "resnet18@32", "--out",
                 dir.filePath("run"), "--cache-dir", dir.filePath("cache"), "--stages", "conv",
                 "--epochs", "1000", "--batch-size", "8", "--workers", "1", "--threads", "1"});
        QVERIFY(p.waitForStarted());
        QString err;
        QElapsedTimer clock;
        clock.start();
        while (!err.contains("conv epoch 1/1000") && p.state() == QProcess::Running &&
               clock.elapsed() < 300000) {
            p.waitForReadyRead(1000);
            err += QString::fromUtf8(p.readAllStandardError());
        }
        QVERIFY2(err.contains("conv epoch 1/1000"), qPrintable(err));
        QVERIFY(p.state() == QProcess::Running);
        QCOMPARE(::kill(static_cast<pid_t>(p.processId()), SIGINT), 0);
        QVERIFY(p.waitForFinished(120000));
        err += QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);  // the handler ran, no default death
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.trimmed().split('\n').last().contains("featurelab-cli recipe: interrupted"),
                 qPrintable(err));
        QVERIFY(!err.contains("conv epoch 1000/1000"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliConventions)
#include "test_cli_conventions.moc"

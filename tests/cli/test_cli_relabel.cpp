// featurelab-cli relabel: move, quarantine, list, undo and redo headless, each checked against
// every file's place and checksum; usage and failure exit codes; a read-only data folder for a
// real unprivileged user (writes nothing); the next extract decodes only the moved image
// (with the shared MobileNet weights).
#include <unistd.h>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "relabel_data.h"
#include "test_support.h"

using relabeltest::Tree;

#define CHECK_TREE(root, expected)                                                              \
    do {                                                                                        \
        const QString diff_ = relabeltest::difference(relabeltest::snapshot(root), (expected)); \
        QVERIFY2(diff_.isEmpty(), qPrintable(diff_));                                           \
    } while (0)

namespace {

/// The train row of featurelab-cli extract's table: images, skipped, decoded, reused.
QList<int> trainRow(const QString& out) {
    const auto m =
        QRegularExpression(QStringLiteral("^train\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)"),
                           QRegularExpression::MultilineOption)
            .match(out);
    if (!m.hasMatch()) return {};
    return {m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt(),
            m.captured(4).toInt()};
}

}  // namespace

class TestCliRelabel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void moveListUndoRedo() {
        const QString root = tmp_.filePath("data");
        relabeltest::makeData(root);
        const Tree initial = relabeltest::snapshot(root);
        Tree expected = initial;

        auto r = testsupport::runCli(
            {"relabel", "--data", root, "--move", "train/blue/blue_0.bmp", "--to", "red"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("Moved train/blue/blue_0.bmp to train/red/blue_0.bmp"),
                 qPrintable(r.out));
        relabeltest::moveIn(expected, "train/blue/blue_0.bmp", "train/red/blue_0.bmp");
        CHECK_TREE(root, expected);

        r = testsupport::runCli({"relabel", "--data", root, "--quarantine",
                                 root + "/valid/red/red_1.bmp", "--reason", "two cats"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        relabeltest::moveIn(expected, "valid/red/red_1.bmp",
                            ".featurelab/quarantine/valid/red/red_1.bmp");
        CHECK_TREE(root, expected);
        const Tree afterBoth = expected;

        r = testsupport::runCli({"relabel", "--data", root, "--list"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QRegularExpression("1 .* move .* done .*train/blue/blue_0.bmp -> "
                                                   "train/red/blue_0.bmp")) &&
                     r.out.contains(QRegularExpression("2 .* quarantine .* done .* # two cats")),
                 qPrintable(r.out));

        for (int i = 0; i < 2; ++i) {
            r = testsupport::runCli({"relabel", "--data", root, "--undo"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        QVERIFY2(r.out.contains("Undid #1 (move): train/red/blue_0.bmp is back at "
                                "train/blue/blue_0.bmp"),
                 qPrintable(r.out));
        CHECK_TREE(root, initial);
        r = testsupport::runCli({"relabel", "--data", root, "--undo"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("Nothing to undo"), qPrintable(r.err));

        for (int i = 0; i < 2; ++i)
            QCOMPARE(testsupport::runCli({"relabel", "--data", root, "--redo"}).exitCode, 0);
        CHECK_TREE(root, afterBoth);
        r = testsupport::runCli({"relabel", "--data", root, "--list"});
        QVERIFY2(r.out.contains("nothing to redo"), qPrintable(r.out));
    }

    void usageAndFailures() {
        const QString root = tmp_.filePath("bad");
        relabeltest::makeData(root);
        QVERIFY(QFile::copy(root + "/train/blue/blue_1.bmp", root + "/train/red/blue_1.bmp"));
        const Tree before = relabeltest::snapshot(root);
        auto expectExit = [&](const QStringList& args, int code, const QString& words) {
            const auto r = testsupport::runCli(QStringList{"relabel", "--data", root} + args);
            QVERIFY2(r.exitCode == code && r.err.contains(words),
                     qPrintable(QString::number(r.exitCode) + " " + r.err));
            QVERIFY2(r.err.count('\n') == 1, qPrintable(r.err));  // one line
        };
        expectExit({}, 2, "exactly one of");
        expectExit({"--undo", "--redo"}, 2, "exactly one of");
        expectExit({"--move", "train/blue/blue_0.bmp"}, 2, "--to");
        expectExit({"--move", "train/blue/blue_0.bmp", "--to", "green"}, 2, "no class 'green'");
        expectExit({"--move", "/etc/passwd", "--to", "red"}, 2, "not inside the data folder");
        expectExit({"--move", "train/blue/blue_1.bmp", "--to", "red"}, 1, "already there");
        expectExit({"--quarantine", "train/blue/nothing.bmp"}, 1, "not there");
        CHECK_TREE(root, before);
        QVERIFY(!QFileInfo::exists(root + "/.featurelab"));
        QCOMPARE(
            testsupport::runCli({"relabel", "--data", tmp_.filePath("none"), "--list"}).exitCode,
            1);
    }

    // A data folder the user cannot write to: as root (whom chmod does not stop) the command
    // runs as the unprivileged user nobody through setpriv; otherwise the folder is chmod'ed.
    void readOnlyFolderWritesNothing() {
        const QString base = QStringLiteral("/tmp/featurelab-relabel-ro-%1").arg(::getpid());
        QDir(base).removeRecursively();
        const QString root = base + "/data";
        relabeltest::makeData(root);
        const Tree before = relabeltest::snapshot(root);
        QStringList dirs{base, root};
        QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) dirs << it.next();
        const auto readOnly = QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                              QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
        for (const QString& d : dirs) QFile::setPermissions(d, readOnly);

        QProcess p;
        const QStringList args{"relabel", "--data", root, "--move", "train/blue/blue_0.bmp",
                               "--to",    "red"};
        if (::geteuid() == 0) {
            const QString setpriv = QStandardPaths::findExecutable("setpriv");
            if (setpriv.isEmpty()) {
                QDir(base).removeRecursively();
                FEATURELAB_SKIP("running as root without setpriv: cannot act as another user");
            }
            p.start(setpriv, QStringList{"--reuid=65534", "--regid=65534", "--clear-groups",
                                         QStringLiteral(FEATURELAB_CLI_PATH)} +
                                 args);
        } else {
            p.start(QStringLiteral(FEATURELAB_CLI_PATH), args);
        }
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        const int code = p.exitCode();
        const bool wroteNothing = !QFileInfo::exists(root + "/.featurelab");
        const QString diff = relabeltest::difference(relabeltest::snapshot(root), before);
        for (const QString& d : dirs) QFile::setPermissions(d, readOnly | QFile::WriteOwner);
        QDir(base).removeRecursively();
        QVERIFY2(code == 1 && err.contains("read-only"), qPrintable(QString::number(code) + err));
        QVERIFY(wroteNothing);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Needs real weights: a random-init backbone is drawn anew by each process, so its cache
    // key (a hash of the weights) never repeats.
    void extractAfterAMoveDecodesOnlyThatImage() {
        SKIP_WITHOUT_SHARED();
        const QString root = tmp_.filePath("cache-data");
        relabeltest::makeData(root);
        qputenv("XDG_CACHE_HOME", tmp_.filePath("xdg").toUtf8());  // inherited by the CLI
        const QStringList extract{"extract",
                                  "--data",
                                  root,
                                  "--backbone",
                                  "mobilenet_v1_0.25:" + testsupport::mobilenetWeights(),
                                  "--workers",
                                  "1"};
        auto r = testsupport::runCli(extract);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(trainRow(r.out), (QList<int>{6, 0, 6, 0}));
        QCOMPARE(testsupport::runCli(
                     {"relabel", "--data", root, "--move", "train/red/red_2.bmp", "--to", "blue"})
                     .exitCode,
                 0);
        r = testsupport::runCli(extract);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(trainRow(r.out), (QList<int>{6, 0, 1, 5}));  // decoded 1, reused 5
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliRelabel)
#include "test_cli_relabel.moc"

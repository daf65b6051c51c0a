// The .deb installs and runs: unpacked with dpkg-deb -x into a temporary root, its
// featurelab-cli answers --version and classifies a shared photo with the shared MobileNet,
// and its GUI runs offscreen, each with a clean environment and nothing from the build tree.
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "test_support.h"

namespace {

const QString kAppId = QStringLiteral("io.github.featurelab.Featurelab");

struct Run {
    int exitCode = -1;
    QString out, err;
};

/// Runs program with only the given environment, in cwd.
Run run(const QString& program, const QStringList& args, const QProcessEnvironment& env,
        const QString& cwd, int timeoutMs = 300000) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(cwd);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace

class TestCliPackage : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString root_;             // the unpacked package
    QProcessEnvironment env_;  // what an installed user has: no build paths, own HOME
    QString buildDir_, sourceDir_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        buildDir_ = QFileInfo(QStringLiteral(FEATURELAB_BINARY_DIR)).canonicalFilePath();
        sourceDir_ = QFileInfo(QStringLiteral(FEATURELAB_SOURCE_DIR)).canonicalFilePath();
        const QString deb = QStringLiteral(FEATURELAB_DEB_FILE);
        if (!QFileInfo::exists(deb))
            FEATURELAB_SKIP(deb + " is missing: cmake --build build --target package");
        // A package older than the binaries would test yesterday's code.
        const QFileInfo cli(QStringLiteral(FEATURELAB_CLI_PATH));
        if (QFileInfo(deb).lastModified() < cli.lastModified())
            FEATURELAB_SKIP(deb + " is older than " + cli.filePath() +
                            ": cmake --build build --target package");
        const QString dpkgDeb = QStandardPaths::findExecutable("dpkg-deb");
        if (dpkgDeb.isEmpty()) FEATURELAB_SKIP("dpkg-deb is missing");
        root_ = dir_.filePath("root");
        QProcess x;
        x.start(dpkgDeb, {"-x", deb, root_});
        QVERIFY(x.waitForFinished(120000));
        QCOMPARE(x.exitCode(), 0);

        QDir().mkpath(dir_.filePath("home"));
        QDir().mkpath(dir_.filePath("runtime"));
        QFile::setPermissions(dir_.filePath("runtime"), QFileDevice::ReadOwner |
                                                            QFileDevice::WriteOwner |
                                                            QFileDevice::ExeOwner);
        env_.insert("PATH", root_ + "/usr/bin:/usr/bin:/bin");
        env_.insert("HOME", dir_.filePath("home"));
        env_.insert("XDG_RUNTIME_DIR", dir_.filePath("runtime"));
        env_.insert("LANG", "C.UTF-8");
        env_.insert("OMP_NUM_THREADS", "2");
    }

    void installsTheFiles() {
        QStringList files{"/usr/bin/featurelab",
                          "/usr/bin/featurelab-cli",
                          "/usr/share/applications/" + kAppId + ".desktop",
                          "/usr/share/metainfo/" + kAppId + ".metainfo.xml",
                          "/usr/share/icons/hicolor/scalable/apps/" + kAppId + ".svg",
                          "/usr/share/man/man1/featurelab.1.gz",
                          "/usr/share/man/man1/featurelab-cli.1.gz",
                          "/usr/share/doc/featurelab/changelog.gz"};
        for (int size : {16, 24, 32, 48, 64, 128, 256})
            files << QString("/usr/share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId);
        for (const QString& f : files) QVERIFY2(QFileInfo::exists(root_ + f), qPrintable(f));
        QProcess info;
        info.start("dpkg-deb", {"-f", QStringLiteral(FEATURELAB_DEB_FILE), "Depends"});
        QVERIFY(info.waitForFinished(60000));
        const QString depends = QString::fromUtf8(info.readAllStandardOutput());
        for (const char* package : {"libtorch1.13", "libqt6widgets6", "libqt6charts6",
                                    "libopencv-core406", "libhdf5-103", "libopenblas0-pthread"})
            QVERIFY2(depends.contains(package), qPrintable(depends));
    }

    // Nothing points into the build or source tree: no RPATH/RUNPATH there, and every library
    // resolves from the system.
    void noBuildTreePaths() {
        for (const QString bin : {"/usr/bin/featurelab", "/usr/bin/featurelab-cli"}) {
            const Run elf = run("readelf", {"-d", root_ + bin}, env_, dir_.path());
            QCOMPARE(elf.exitCode, 0);
            for (const QString& line : elf.out.split('\n'))
                if (line.contains("RPATH") || line.contains("RUNPATH"))
                    QVERIFY2(!line.contains(buildDir_) && !line.contains(sourceDir_) &&
                                 !line.contains("/work"),
                             qPrintable(line));
            const Run ldd = run("ldd", {root_ + bin}, env_, dir_.path());
            QCOMPARE(ldd.exitCode, 0);
            QVERIFY2(!ldd.out.contains("not found"), qPrintable(ldd.out));
            QVERIFY2(!ldd.out.contains(buildDir_) && !ldd.out.contains(sourceDir_),
                     qPrintable(ldd.out));
        }
    }

    void cliVersion() {
        const Run r = run(root_ + "/usr/bin/featurelab-cli", {"--version"}, env_, dir_.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QRegularExpression("^featurelab-cli \\d+\\.\\d+\\.\\d+\\n$")),
                 qPrintable(r.out));
    }

    void cliClassifiesASharedPhoto() {
        SKIP_WITHOUT_SHARED();
        const QString photo = testsupport::dogscatsDir() + "/valid/cats/cat.4001.jpg";
        const QString weights = testsupport::mobilenetWeights();
        if (!QFileInfo::exists(photo) || !QFileInfo::exists(weights))
            FEATURELAB_SKIP(photo + " or " + weights + " is missing");
        const Run r = run(root_ + "/usr/bin/featurelab-cli",
                          {"classify", "--backbone", "mobilenet_v1_0.25:" + weights, photo, "--top",
                           "5", "--threads", "2"},
                          env_, dir_.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(photo + "\n"), qPrintable(r.out));
        // Five ranked ImageNet classes with names (from imagenet_class_index.json).
        auto it = QRegularExpression("\\n  [1-5]\\.\\s+\\d+ \\S+").globalMatch(r.out);
        int count = 0;
        for (; it.hasNext(); it.next()) ++count;
        QCOMPARE(count, 5);
        qInfo("%s", qPrintable(r.out.trimmed()));
    }

    // The GUI starts offscreen and is still running after a few seconds (no missing plugin,
    // library or resource), and its help speaks German under a German locale.
    void guiRunsOffscreen() {
        QProcessEnvironment env = env_;
        env.insert("QT_QPA_PLATFORM", "offscreen");
        QProcess gui;
        gui.setProcessEnvironment(env);
        gui.setWorkingDirectory(dir_.path());
        gui.start(root_ + "/usr/bin/featurelab");
        QVERIFY(gui.waitForStarted());
        QVERIFY2(!gui.waitForFinished(4000), qPrintable(gui.readAllStandardError()));
        QCOMPARE(gui.state(), QProcess::Running);
        gui.terminate();
        if (!gui.waitForFinished(10000)) {
            gui.kill();
            gui.waitForFinished();
        }
        env.insert("LANG", "de_DE.UTF-8");
        const Run help = run(root_ + "/usr/bin/featurelab", {"--help"}, env, dir_.path());
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains("Transfer-Learning auf Bildordnern."), qPrintable(help.out));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliPackage)
#include "test_cli_package.moc"

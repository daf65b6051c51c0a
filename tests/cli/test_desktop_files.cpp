// The desktop entry, the AppStream metainfo and the hicolor icons: the validators accept them,
// they name each other consistently, and the metainfo's newest release is the project version.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include "test_support.h"

namespace {

const QString kAppId = QStringLiteral("io.github.featurelab.Featurelab");

QString resource(const QString& name) {
    return QStringLiteral(FEATURELAB_SOURCE_DIR "/resources/") + name;
}
QString desktopFile() { return resource("desktop/" + kAppId + ".desktop"); }
QString metainfoFile() { return resource("desktop/" + kAppId + ".metainfo.xml"); }

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

struct Run {
    int exitCode = -1;
    QString output;
};
Run run(const QString& program, const QStringList& args) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(120000)) return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = QString::fromUtf8(p.readAll());
    return r;
}

/// PNG width and height from the IHDR chunk (bytes 16..23, big-endian).
QSize pngSize(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray h = f.read(24);
    if (h.size() < 24 || !h.startsWith("\x89PNG")) return {};
    auto be32 = [&](int at) {
        quint32 v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | quint8(h[at + i]);
        return int(v);
    };
    return {be32(16), be32(20)};
}

}  // namespace

class TestDesktopFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void desktopEntryValidates() {
        const QString tool = QStandardPaths::findExecutable("desktop-file-validate");
        if (tool.isEmpty())
            FEATURELAB_SKIP("desktop-file-validate is missing: apt-get install desktop-file-utils");
        const Run r = run(tool, {desktopFile()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        QVERIFY2(!r.output.contains("error:") && !r.output.contains("warning:"),
                 qPrintable(r.output));
    }

    void metainfoValidates() {
        const QString tool = QStandardPaths::findExecutable("appstreamcli");
        if (tool.isEmpty()) FEATURELAB_SKIP("appstreamcli is missing: apt-get install appstream");
        const Run r = run(tool, {"validate", "--no-net", metainfoFile()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    }

    void namesAgree() {
        const QString entry = readAll(desktopFile());
        QVERIFY(entry.contains("\nIcon=" + kAppId + "\n"));
        QVERIFY(entry.contains(QRegularExpression("\\nExec=featurelab( |\\n)")));
        const QString meta = readAll(metainfoFile());
        QVERIFY(meta.contains("<id>" + kAppId + "</id>"));
        QVERIFY(meta.contains("<launchable type=\"desktop-id\">" + kAppId + ".desktop<"));
        QVERIFY(QFileInfo::exists(resource("icons/" + kAppId + ".svg")));
    }

    // The version lives in project(VERSION); the release history is written by hand.
    void newestReleaseIsTheProjectVersion() {
        const auto m =
            QRegularExpression("<release version=\"([^\"]+)\"").match(readAll(metainfoFile()));
        QVERIFY(m.hasMatch());
        QCOMPARE(m.captured(1), QStringLiteral(FEATURELAB_PROJECT_VERSION));
    }

    void screenshotsAreInTheRepository() {
        const QString meta = readAll(metainfoFile());
        auto it =
            QRegularExpression("<image>[^<]*/(docs/screenshots/[^<]+)</image>").globalMatch(meta);
        int count = 0;
        while (it.hasNext()) {
            const QString file = it.next().captured(1);
            QVERIFY2(QFileInfo::exists(QStringLiteral(FEATURELAB_SOURCE_DIR "/") + file),
                     qPrintable(file));
            ++count;
        }
        QVERIFY(count >= 1);
    }

    void iconsRendered() {
        const QString dir = QStringLiteral(FEATURELAB_ICON_DIR);
        if (!QFileInfo::exists(dir + "/256x256/apps/" + kAppId + ".png"))
            FEATURELAB_SKIP("no rendered icons: rsvg-convert is missing (librsvg2-bin)");
        for (int size : {16, 24, 32, 48, 64, 128, 256})
            QCOMPARE(pngSize(QString("%1/%2x%2/apps/%3.png").arg(dir).arg(size).arg(kAppId)),
                     QSize(size, size));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestDesktopFiles)
#include "test_desktop_files.moc"

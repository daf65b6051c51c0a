// German and French are complete: every string lupdate finds in the sources has a finished
// translation in translations/*.ts with the same placeholders, and the compiled .qm files are
// in the binary and change what the panels show.
#include <QDirIterator>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "training_panel.h"
#include "test_support.h"

namespace {
struct Message {
    QString context, source, translation, type;
};

QList<Message> readTs(const QString& file) {
    QList<Message> out;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return out;
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == QLatin1String("name")) context = xml.readElementText();
        if (xml.name() == QLatin1String("message")) m = Message{context, {}, {}, {}};
        if (xml.name() == QLatin1String("source")) m.source = xml.readElementText();
        if (xml.name() == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            m.translation = xml.readElementText();
            out << m;
        }
    }
    return out;
}

QSet<QString> placeholders(const QString& s) {
    QSet<QString> out;
    auto it = QRegularExpression(QStringLiteral("%\\d")).globalMatch(s);
    while (it.hasNext()) out << it.next().captured();
    return out;
}

const QString kTranslations = QStringLiteral(FEATURELAB_SOURCE_DIR "/translations");
}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tsFilesAreFinished_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("de") << kTranslations + "/featurelab_de.ts";
        QTest::newRow("fr") << kTranslations + "/featurelab_fr.ts";
    }
    void tsFilesAreFinished() {
        QFETCH(QString, file);
        const QList<Message> messages = readTs(file);
        QVERIFY2(messages.size() > 100, qPrintable(file));
        for (const Message& m : messages) {
            const QString where = m.context + ": " + m.source;
            QVERIFY2(m.type.isEmpty(), qPrintable("unfinished or obsolete: " + where));
            QVERIFY2(!m.translation.trimmed().isEmpty(), qPrintable("empty: " + where));
            QVERIFY2(placeholders(m.source) == placeholders(m.translation),
                     qPrintable("placeholders differ: " + where));
        }
    }
    void everySourceStringIsTranslated() {
        // lupdate over today's sources: a new tr() string that nobody translated fails here.
        QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + "/lupdate";
        if (!QFileInfo::exists(lupdate)) lupdate = QStringLiteral("/usr/lib/qt6/bin/lupdate");
        if (!QFileInfo::exists(lupdate)) FEATURELAB_SKIP(QStringLiteral("lupdate is not installed (qt6-l10n-tools)"));
        QTemporaryDir dir;
        const QString fresh = dir.filePath("fresh.ts");
        QProcess p;
        p.start(lupdate, {"-silent", "-locations", "none", FEATURELAB_SOURCE_DIR "/widgets",
                          FEATURELAB_SOURCE_DIR "/app/gui", "-ts", fresh});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QList<Message> found = readTs(fresh);
        QVERIFY(found.size() > 100);
        for (const QString lang : {"de", "fr"}) {
            QSet<QString> done;
            for (const Message& m : readTs(kTranslations + "/featurelab_" + lang + ".ts"))
                if (m.type.isEmpty() && !m.translation.isEmpty())
                    done << m.context + '\x1f' + m.source;
            for (const Message& m : found)
                QVERIFY2(done.contains(m.context + '\x1f' + m.source),
                         qPrintable(QString("%1 lacks %2: %3").arg(lang, m.context, m.source)));
        }
    }
    void compiledTranslationsChangeThePanels() {
        for (const auto& [lang, start] :
             {std::pair<QString, QString>{"de", "Starten"}, {"fr", "Démarrer"}}) {
            QTranslator t;
            QVERIFY2(t.load(":/i18n/featurelab_" + lang), qPrintable(lang));
            QCoreApplication::installTranslator(&t);
            TrainingPanel panel;
            QCOMPARE(panel.startButton()->text(), start);
            QCoreApplication::removeTranslator(&t);
        }
        TrainingPanel english;
        QCOMPARE(english.startButton()->text(), QString("Start"));
    }
};

FEATURELAB_TEST_MAIN(TestTranslations)
#include "test_translations.moc"

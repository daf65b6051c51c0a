// Relabel failures: a name already taken, a file gone meanwhile, a read-only data folder, paths
// outside the data folder or through a symlinked folder, a damaged journal. Each is refused with
// its documented code and a clear sentence, and leaves the files and the journal as they were.
#include <unistd.h>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/error.h"
#include "featurelab/relabel.h"
#include "relabel_support.h"
#include "test_support.h"

using namespace featurelab;
using relabeltest::Tree;

namespace {

/// The code and sentence of what call throws ("no error" when it returns).
QString failure(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return QStringLiteral("%1: %2").arg(errorCodeName(e.code()), e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("not an Error: %1").arg(e.what());
    }
    return QStringLiteral("no error");
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

#define CHECK_TREE(root, expected)                                                              \
    do {                                                                                        \
        const QString diff_ = relabeltest::difference(relabeltest::snapshot(root), (expected)); \
        QVERIFY2(diff_.isEmpty(), qPrintable(diff_));                                           \
    } while (0)

#define CHECK_FAILS(call, code, words)                                          \
    do {                                                                        \
        const QString what_ = failure([&] { call; });                           \
        QVERIFY2(what_.startsWith(QLatin1String(errorCodeName(code)) + ": ") && \
                     what_.contains(QLatin1String(words)),                      \
                 qPrintable(what_));                                            \
    } while (0)

class TestRelabelFailures : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    int made_ = 0;

    QString freshData() {
        const QString root = tmp_.filePath(QStringLiteral("data%1").arg(made_++));
        relabeltest::makeData(root);
        return root;
    }

private Q_SLOTS:
    void nameTakenInTheTarget() {
        const QString root = freshData();
        QVERIFY(QFile::copy(root + "/train/blue/blue_0.bmp", root + "/train/red/blue_0.bmp"));
        const Tree before = relabeltest::snapshot(root);
        DataJournal j = DataJournal::open(root.toStdString());
        CHECK_FAILS(j.move("train/blue/blue_0.bmp", "red"), ErrorCode::Io, "already there");
        CHECK_TREE(root, before);
        QVERIFY(!QFileInfo::exists(root + "/.featurelab"));  // refused before any write

        // Taken between the journal write and the rename (another program): the rename refuses
        // to replace it, and the journal goes back to what it said.
        j.move("train/blue/blue_1.bmp", "red");
        const QByteArray journal = readFile(root + "/.featurelab/journal.json");
        Tree expected = relabeltest::snapshot(root);
        {
            relabeltest::HookScope hooks;
            hooks.onStep([&](const std::string& step) {
                if (step == "journal-written")
                    QFile::copy(root + "/test/2.bmp", root + "/train/red/blue_2.bmp");
            });
            CHECK_FAILS(j.move("train/blue/blue_2.bmp", "red"), ErrorCode::Io, "already there");
        }
        expected.insert("train/red/blue_2.bmp", expected.value("test/2.bmp"));
        CHECK_TREE(root, expected);
        QCOMPARE(readFile(root + "/.featurelab/journal.json"), journal);
        QCOMPARE(j.list().size(), std::size_t(1));

        // Undo into a name taken since: refused, nothing changes.
        QVERIFY(QFile::copy(root + "/test/2.bmp", root + "/train/blue/blue_1.bmp"));
        expected = relabeltest::snapshot(root);
        CHECK_FAILS(j.undo(), ErrorCode::Io, "already there");
        CHECK_TREE(root, expected);
        QCOMPARE(readFile(root + "/.featurelab/journal.json"), journal);
    }

    void fileGoneMeanwhile() {
        const QString root = freshData();
        DataJournal j = DataJournal::open(root.toStdString());
        CHECK_FAILS(j.move("train/blue/blue_9.bmp", "red"), ErrorCode::NotFound, "not there");
        QVERIFY(!QFileInfo::exists(root + "/.featurelab"));

        j.move("train/blue/blue_0.bmp", "red");
        const QByteArray journal = readFile(root + "/.featurelab/journal.json");
        // Gone between the journal write and the rename.
        const QString outside = tmp_.filePath(QStringLiteral("away%1.bmp").arg(made_));
        {
            relabeltest::HookScope hooks;
            hooks.onStep([&](const std::string& step) {
                if (step == "journal-written")
                    QFile::rename(root + "/train/blue/blue_1.bmp", outside);
            });
            CHECK_FAILS(j.move("train/blue/blue_1.bmp", "red"), ErrorCode::NotFound, "not there");
        }
        QCOMPARE(readFile(root + "/.featurelab/journal.json"), journal);

        // The moved file gone: undo cannot bring it back and changes nothing.
        QVERIFY(QFile::rename(root + "/train/red/blue_0.bmp", outside + ".2"));
        const Tree before = relabeltest::snapshot(root);
        CHECK_FAILS(j.undo(), ErrorCode::NotFound, "not there");
        CHECK_TREE(root, before);
        QCOMPARE(readFile(root + "/.featurelab/journal.json"), journal);
        // Put back, undo works again.
        QVERIFY(QFile::rename(outside + ".2", root + "/train/red/blue_0.bmp"));
        QCOMPARE(j.undo().id, std::uint64_t(1));
        QVERIFY(QFileInfo::exists(root + "/train/blue/blue_0.bmp"));
    }

    // As root (tests often run so), chmod does not stop writes: the check then goes through the
    // test hook; as another user the folder is really made read-only. test_cli_relabel runs the
    // real check as an unprivileged user either way.
    void readOnlyDataFolderWritesNothing() {
        const QString root = freshData();
        const bool asRoot = ::geteuid() == 0;
        relabeltest::HookScope hooks;
        auto lock = [&](bool readOnly) {
            if (asRoot) {
                featurelab::relabel::testHooks().writable = nullptr;
                if (readOnly)
                    featurelab::relabel::testHooks().writable = [](const std::filesystem::path&) {
                        return false;
                    };
                return;
            }
            QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                            QDirIterator::Subdirectories);
            QStringList dirs{root};
            while (it.hasNext()) dirs << it.next();
            for (const QString& d : dirs)
                QFile::setPermissions(
                    d, readOnly ? QFile::ReadOwner | QFile::ExeOwner
                                : QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        };
        const Tree before = relabeltest::snapshot(root);
        lock(true);
        DataJournal j = DataJournal::open(root.toStdString());
        CHECK_FAILS(j.move("train/blue/blue_0.bmp", "red"), ErrorCode::Io, "read-only");
        CHECK_FAILS(j.quarantine("train/blue/blue_0.bmp"), ErrorCode::Io, "read-only");
        lock(false);
        CHECK_TREE(root, before);
        QVERIFY(!QFileInfo::exists(root + "/.featurelab"));

        // With a journal already there: undo and redo are refused the same way.
        j.move("train/blue/blue_0.bmp", "red");
        const QByteArray journal = readFile(root + "/.featurelab/journal.json");
        const Tree moved = relabeltest::snapshot(root);
        lock(true);
        CHECK_FAILS(j.undo(), ErrorCode::Io, "read-only");
        CHECK_FAILS(DataJournal::open(root.toStdString()).move("train/red/red_0.bmp", "blue"),
                    ErrorCode::Io, "read-only");
        lock(false);
        CHECK_TREE(root, moved);
        QCOMPARE(readFile(root + "/.featurelab/journal.json"), journal);
    }

    void pathsOutsideTheSplitsAreRefused() {
        const QString root = freshData();
        const QString outside = tmp_.filePath(QStringLiteral("outside%1").arg(made_));
        relabeltest::makeData(outside);
        // A class folder that is a link out of the data folder, and a link to it in train/.
        QVERIFY(QFile::link(outside + "/train/red", root + "/train/linked"));
        const Tree before = relabeltest::snapshot(root);
        const Tree outsideBefore = relabeltest::snapshot(outside);
        DataJournal j = DataJournal::open(root.toStdString());
        const auto invalid = ErrorCode::InvalidArgument;
        CHECK_FAILS(j.move((outside + "/train/blue/blue_0.bmp").toStdString(), "red"), invalid,
                    "not inside the data folder");
        CHECK_FAILS(j.move("../outside/train/blue/blue_0.bmp", "red"), invalid, "not inside");
        CHECK_FAILS(j.move("train/linked/red_0.bmp", "blue"), invalid, "link");
        CHECK_FAILS(j.move("train/blue/blue_0.bmp", "linked"), invalid, "link");
        CHECK_FAILS(j.quarantine("train/linked/red_0.bmp"), invalid, "link");
        CHECK_FAILS(j.move("train/blue/blue_0.bmp", "blue"), invalid, "already in blue");
        CHECK_FAILS(j.move("train/blue/blue_0.bmp", "green"), invalid, "no class 'green'");
        CHECK_FAILS(j.move("train/blue/blue_0.bmp", "../valid"), invalid, "no class");
        CHECK_FAILS(j.move("test/1.bmp", "red"), invalid, "quarantine it instead");
        CHECK_FAILS(j.move("train/blue", "red"), invalid, "");
        CHECK_FAILS(j.move("train/.hidden/x.bmp", "red"), invalid, "hidden");
        CHECK_FAILS(j.quarantine(".featurelab/journal.json"), invalid, "");
        CHECK_FAILS(j.quarantine("README"), invalid, "");
        CHECK_FAILS(DataJournal::open((root + "/nowhere").toStdString()), ErrorCode::NotFound,
                    "not there");
        CHECK_TREE(root, before);
        CHECK_TREE(outside, outsideBefore);
        QVERIFY(!QFileInfo::exists(root + "/.featurelab"));
    }

    void damagedOrHostileJournalIsRefusedAndKept() {
        const QString root = freshData();
        QDir().mkpath(root + "/.featurelab");
        const QString journal = root + "/.featurelab/journal.json";
        const QByteArray entry =
            R"({"id":1,"time":"2026-12-03T10:00:00Z","action":"move","from":"train/blue/blue_0.bmp","to":"%1","state":"done"})";
        const QList<QByteArray> bad{
            "not json",
            R"({"format_version":99,"entries":[]})",
            R"({"format_version":1,"entries":[)" + QByteArray(entry).replace("%1", "../../etc/x") +
                "]}",
            R"({"format_version":1,"entries":[)" +
                QByteArray(entry).replace("%1", "valid/red/blue_0.bmp") + "]}",
            R"({"format_version":1,"entries":{"id":1}})",
            R"({"format_version":1,"entries":[{"id":"one"}]})",
            R"({"format_version":1,"entries":[)" +
                QByteArray(entry).replace("%1", "train/red/blue_0.bmp") + "," +
                QByteArray(entry).replace("%1", "train/red/blue_0.bmp") + "]}",  // id twice
            R"({"format_version":1,"entries":[)" + QByteArray(200, '[') + QByteArray(200, ']') +
                "]}",
        };
        for (const QByteArray& text : bad) {
            QFile f(journal);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(text);
            f.close();
            const Tree before = relabeltest::snapshot(root);
            CHECK_FAILS(DataJournal::open(root.toStdString()), ErrorCode::Io, "damaged");
            QCOMPARE(readFile(journal), text);
            CHECK_TREE(root, before);
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRelabelFailures)
#include "test_relabel_failures.moc"

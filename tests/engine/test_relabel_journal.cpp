// Relabel journal: move, quarantine, undo and redo across simulated restarts (a new handle on
// the same folder), with every file's place and checksum checked after each step; a crash at
// either step of a rename leaves no half-done state once the journal is opened again.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/error.h"
#include "featurelab/relabel.h"
#include "featurelab/scan.h"
#include "relabel_support.h"
#include "test_support.h"

using namespace featurelab;
using relabeltest::Tree;

namespace {

/// "1:done 2:undone ...": the journal as a test reads it.
QString states(const DataJournal& j) {
    QStringList out;
    for (const JournalEntry& e : j.list())
        out << QStringLiteral("%1:%2").arg(e.id).arg(journalStateName(e.state));
    return out.join(QLatin1Char(' '));
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

DataJournal reopen(const QString& root) { return DataJournal::open(root.toStdString()); }

}  // namespace

#define CHECK_TREE(root, expected)                                                              \
    do {                                                                                        \
        const QString diff_ = relabeltest::difference(relabeltest::snapshot(root), (expected)); \
        QVERIFY2(diff_.isEmpty(), qPrintable(diff_));                                           \
    } while (0)

class TestRelabelJournal : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    int made_ = 0;

    QString freshData() {
        const QString root = tmp_.filePath(QStringLiteral("data%1").arg(made_++));
        relabeltest::makeData(root);
        return root;
    }

private Q_SLOTS:
    void moveQuarantineUndoRedoAcrossRestarts() {
        const QString root = freshData();
        const Tree initial = relabeltest::snapshot(root);
        QCOMPARE(initial.size(), 12);
        Tree expected = initial;

        // Opening writes nothing: DATA/.featurelab appears with the first action.
        DataJournal j = reopen(root);
        QVERIFY(!QFileInfo::exists(root + "/.featurelab"));
        QVERIFY(!j.canUndo() && !j.canRedo());
        QVERIFY(j.list().empty());
        QVERIFY_THROWS_EXCEPTION(Error, j.undo());

        // 1: a path relative to the data folder, to the other class of the same split.
        const JournalEntry a = j.move("train/blue/blue_0.bmp", "red");
        QCOMPARE(a.id, std::uint64_t(1));
        QCOMPARE(a.to, std::string("train/red/blue_0.bmp"));
        QCOMPARE(a.state, JournalState::Done);
        QVERIFY(!a.time.empty() && a.time.back() == 'Z');
        relabeltest::moveIn(expected, "train/blue/blue_0.bmp", "train/red/blue_0.bmp");
        CHECK_TREE(root, expected);
        QVERIFY(QFileInfo::exists(root + "/.featurelab/journal.json"));

        // 2: quarantine keeps split/class/name below .featurelab/quarantine.
        const JournalEntry b = j.quarantine("valid/red/red_1.bmp", "blurry");
        QCOMPARE(b.to, std::string(".featurelab/quarantine/valid/red/red_1.bmp"));
        relabeltest::moveIn(expected, "valid/red/red_1.bmp",
                            ".featurelab/quarantine/valid/red/red_1.bmp");
        CHECK_TREE(root, expected);

        // 3: an absolute path, in valid/.
        j.move((root + "/valid/blue/blue_0.bmp").toStdString(), "red");
        relabeltest::moveIn(expected, "valid/blue/blue_0.bmp", "valid/red/blue_0.bmp");
        CHECK_TREE(root, expected);
        // 4: a test/ image can be quarantined (it has no class to change).
        j.quarantine("test/1.bmp");
        relabeltest::moveIn(expected, "test/1.bmp", ".featurelab/quarantine/test/1.bmp");
        CHECK_TREE(root, expected);

        // Restart: a new handle reads the same four actions.
        j = reopen(root);
        QCOMPARE(states(j), QStringLiteral("1:done 2:done 3:done 4:done"));
        QCOMPARE(j.list()[1].reason, std::string("blurry"));
        QCOMPARE(j.list()[1].action, RelabelAction::Quarantine);

        QCOMPARE(j.undo().id, std::uint64_t(4));
        relabeltest::moveIn(expected, ".featurelab/quarantine/test/1.bmp", "test/1.bmp");
        CHECK_TREE(root, expected);
        QCOMPARE(j.undo().id, std::uint64_t(3));
        relabeltest::moveIn(expected, "valid/red/blue_0.bmp", "valid/blue/blue_0.bmp");
        CHECK_TREE(root, expected);
        QCOMPARE(j.undo().id, std::uint64_t(2));
        relabeltest::moveIn(expected, ".featurelab/quarantine/valid/red/red_1.bmp",
                            "valid/red/red_1.bmp");
        CHECK_TREE(root, expected);
        QCOMPARE(states(j), QStringLiteral("1:done 2:undone 3:undone 4:undone"));

        // Restart, then redo: the oldest undone entry first.
        j = reopen(root);
        QVERIFY(j.canUndo() && j.canRedo());
        QCOMPARE(j.redo().id, std::uint64_t(2));
        relabeltest::moveIn(expected, "valid/red/red_1.bmp",
                            ".featurelab/quarantine/valid/red/red_1.bmp");
        CHECK_TREE(root, expected);
        QCOMPARE(states(j), QStringLiteral("1:done 2:done 3:undone 4:undone"));

        // A new action drops the redo tail (3 and 4), as in any editor; ids keep rising.
        const JournalEntry c = j.move("train/red/red_2.bmp", "blue");
        QCOMPARE(c.id, std::uint64_t(5));
        relabeltest::moveIn(expected, "train/red/red_2.bmp", "train/blue/red_2.bmp");
        CHECK_TREE(root, expected);
        QCOMPARE(states(j), QStringLiteral("1:done 2:done 5:done"));
        QVERIFY(!j.canRedo());

        // Undo everything across another restart: every file back where it started.
        j = reopen(root);
        while (j.canUndo()) j.undo();
        CHECK_TREE(root, initial);
        QCOMPARE(states(j), QStringLiteral("1:undone 2:undone 5:undone"));
        j = reopen(root);
        while (j.canRedo()) j.redo();
        CHECK_TREE(root, expected);
        QCOMPARE(states(reopen(root)), QStringLiteral("1:done 2:done 5:done"));
    }

    // A crash after the in-flight entry is written but before the rename, or after the rename
    // but before the entry is marked: reopening settles the entry by where the file is, and
    // the journal goes on working.
    void crashBetweenJournalAndRename_data() {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("step");
        for (const char* op : {"move", "quarantine", "undo", "redo"})
            for (const char* step : {"journal-written", "renamed"})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(op, step))) << op << step;
    }
    void crashBetweenJournalAndRename() {
        QFETCH(QString, operation);
        QFETCH(QString, step);
        const QString root = freshData();
        const Tree initial = relabeltest::snapshot(root);
        DataJournal j = reopen(root);
        j.move("train/blue/blue_1.bmp", "red");
        if (operation == "redo") j.undo();
        const Tree before = relabeltest::snapshot(root);
        const QString statesBefore = states(j);

        Tree after = before;
        QString statesAfter;
        if (operation == "move") {
            relabeltest::moveIn(after, "train/red/red_0.bmp", "train/blue/red_0.bmp");
            statesAfter = "1:done 2:done";
        } else if (operation == "quarantine") {
            relabeltest::moveIn(after, "valid/blue/blue_1.bmp",
                                ".featurelab/quarantine/valid/blue/blue_1.bmp");
            statesAfter = "1:done 2:done";
        } else if (operation == "undo") {
            relabeltest::moveIn(after, "train/red/blue_1.bmp", "train/blue/blue_1.bmp");
            statesAfter = "1:undone";
        } else {
            relabeltest::moveIn(after, "train/blue/blue_1.bmp", "train/red/blue_1.bmp");
            statesAfter = "1:done";
        }
        {
            relabeltest::HookScope hooks;
            hooks.crashAt(step.toStdString());
            bool crashed = false;
            try {
                if (operation == "move") j.move("train/red/red_0.bmp", "blue");
                if (operation == "quarantine") j.quarantine("valid/blue/blue_1.bmp");
                if (operation == "undo") j.undo();
                if (operation == "redo") j.redo();
            } catch (const std::exception&) {
                crashed = true;
            }
            QVERIFY(crashed);
        }
        const bool renamed = step == "renamed";
        CHECK_TREE(root, renamed ? after : before);
        // The file on disk still holds the step in flight: a reader settles it ...
        const QByteArray raw = readFile(root + "/.featurelab/journal.json");
        QVERIFY2(raw.contains("\"pending\"") || raw.contains("\"undoing\"") ||
                     raw.contains("\"redoing\""),
                 raw.constData());
        QCOMPARE(states(j), renamed ? statesAfter : statesBefore);
        // ... and opening writes the settled journal back.
        DataJournal restarted = reopen(root);
        const QByteArray settled = readFile(root + "/.featurelab/journal.json");
        QVERIFY2(!settled.contains("pending") && !settled.contains("undoing") &&
                     !settled.contains("redoing"),
                 settled.constData());
        QCOMPARE(states(restarted), renamed ? statesAfter : statesBefore);
        CHECK_TREE(root, renamed ? after : before);

        // The journal still works: undo everything, and the folder is as generated.
        while (restarted.canUndo()) restarted.undo();
        CHECK_TREE(root, initial);
    }

    // DATA/.featurelab is never taken for a split, a class or an image by the scan.
    void scanIgnoresTheFeaturelabFolder() {
        const QString root = freshData();
        DataJournal j = reopen(root);
        j.quarantine("train/blue/blue_2.bmp", "not a photo");
        j.quarantine("valid/red/red_0.bmp");
        const DatasetScan scan = scanImageFolder(root.toStdString());
        QCOMPARE(scan.imageCount(), std::size_t(10));  // 12 generated, 2 quarantined
        QCOMPARE(scan.classes, (std::vector<std::string>{"blue", "red"}));
        QCOMPARE(scan.splits.size(), std::size_t(3));
        for (const SkippedFile& s : scan.skipped)
            QVERIFY2(s.path.find(".featurelab") == std::string::npos, s.path.c_str());
        for (const SplitInfo& split : scan.splits)
            for (const ImageEntry& e : split.images)
                QVERIFY2(e.relativePath.find(".featurelab") == std::string::npos,
                         e.relativePath.c_str());
        QCOMPARE(scan.split("train")->perClass, (std::vector<std::size_t>{2, 3}));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestRelabelJournal)
#include "test_relabel_journal.moc"

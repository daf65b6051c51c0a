// Faults (issue 16, item 5): images deleted or replaced while a job runs are skipped with a
// reason, never a crash or a failed job. The observer changes the files at a known point
// (mid-train extraction, or between two epochs), so each run is deterministic.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

#include "featurelab/error.h"
#include "featurelab/features.h"
#include "featurelab/recipe.h"
#include "featurelab/scan.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

/// Runs `act` once, at the first report that matches, and keeps every message.
struct Hook : JobObserver {
    std::function<bool(const Progress&)> onProgressMatch;
    std::function<bool(const EpochMetrics&)> onEpochMatch;
    std::function<void()> act;
    bool done = false;
    QStringList messages;
    void fire() {
        if (!done && act) act();
        done = true;
    }
    void onProgress(const Progress& p) override {
        if (onProgressMatch && onProgressMatch(p)) fire();
    }
    void onEpoch(const EpochMetrics& m) override {
        if (onEpochMatch && onEpochMatch(m)) fire();
    }
    void onMessage(const std::string& line) override { messages << QString::fromStdString(line); }
};

/// Deletes one file and overwrites another with bytes that are no image.
void deleteAndReplace(const QString& gone, const QString& garbage) {
    QVERIFY(QFile::remove(gone));
    QFile f(garbage);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QByteArray(300, 'x'));
}

}  // namespace

class TestFaultFilesVanish : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // valid/ is scanned before the extraction starts and decoded after train: the files change
    // in between, while train is being extracted.
    void extractSkipsFilesChangedMidRun() {
        const QString data = dir_.filePath(QStringLiteral("data-extract"));
        recipedata::makeColourFolder(data, 24, 4, 0);
        const QString gone = data + "/valid/red/1.bmp", garbage = data + "/valid/blue/2.bmp";
        Hook hook;
        hook.onProgressMatch = [](const Progress& p) {
            return p.phase == "extract train" && p.done > 0 && p.done < p.total;
        };
        hook.act = [&] { deleteAndReplace(gone, garbage); };
        ExtractOptions o;
        o.dataDir = data.toStdString();
        o.backbone = "resnet18@128";  // slow enough for a progress report mid-train (~1 s)
        o.cacheDir = dir_.filePath(QStringLiteral("cache-extract")).toStdString();
        o.workers = 1;
        o.batchSize = 4;
        const ExtractSummary s = extractFeatures(o, {nullptr, &hook});
        QVERIFY2(hook.done, "no progress report arrived mid-train");
        QCOMPARE(s.splits.size(), std::size_t(2));
        const SplitExtractSummary& valid = s.splits[1];
        QCOMPARE(valid.split, std::string("valid"));
        QCOMPARE(valid.images, std::size_t(6));
        QStringList skipped;
        for (const auto& k : valid.skipped)
            skipped << QString::fromStdString(k.path + ": " + k.reason);
        QCOMPARE(skipped.size(), 2);
        skipped.sort();
        QVERIFY2(skipped[0].startsWith("valid/blue/2.bmp: ") && skipped[0].size() > 20,
                 qPrintable(skipped.join('\n')));
        QVERIFY2(skipped[1].startsWith("valid/red/1.bmp: ") && skipped[1].size() > 20,
                 qPrintable(skipped.join('\n')));
        QCOMPARE(s.splits[0].images, std::size_t(48));  // train is untouched
    }

    // A conv stage that streams augmented images decodes them every epoch: one deleted and one
    // replaced between epochs are skipped with a message and the run finishes.
    void recipeSkipsFilesChangedBetweenEpochs() {
        const QString data = dir_.filePath(QStringLiteral("data-recipe"));
        recipedata::makeColourFolder(data, 8, 4, 0);
        const QString gone = data + "/train/red/3.bmp", garbage = data + "/train/blue/5.bmp";
        Hook hook;
        hook.onEpochMatch = [](const EpochMetrics& m) { return m.stage == "conv" && m.epoch == 1; };
        hook.act = [&] { deleteAndReplace(gone, garbage); };
        auto cfg =
            recipedata::tinyRecipe(data, dir_.filePath(QStringLiteral("run")),
                                   dir_.filePath(QStringLiteral("cache-recipe")), {"conv"}, 2);
        cfg.stages[0].augment = true;  // the default trains on features cached once
        const RecipeResult r = runRecipe(cfg, {nullptr, &hook});
        QVERIFY(hook.done);
        QCOMPARE(r.stages.size(), std::size_t(1));
        QCOMPARE(r.stoppedDuring, std::string());
        // One message per file, naming it and why, the first time it fails (each later epoch
        // skips it again silently); the stage's note counts them.
        QStringList skipped;
        for (const QString& m : hook.messages)
            if (m.startsWith("Stage conv skipped ")) skipped << m;
        skipped.sort();
        QCOMPARE(skipped.size(), 2);
        QVERIFY2(skipped[0].contains("train/blue/5.bmp (") && skipped[0].size() > 50,
                 qPrintable(skipped.join('\n')));
        QVERIFY2(skipped[1].contains("train/red/3.bmp (") && skipped[1].size() > 50,
                 qPrintable(skipped.join('\n')));
        qInfo().noquote() << skipped.join('\n');
        const QString note = QString::fromStdString(r.stages[0].note);
        QVERIFY2(note.contains("2 file(s) could not be read mid-stage"), qPrintable(note));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestFaultFilesVanish)
#include "test_fault_files_vanish.moc"

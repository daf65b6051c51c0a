// One feature cache for both front ends: after featurelab-cli extract, a GUI run on the same
// data and backbone decodes no image; nothing is written into the data folder; the Feature
// cache dialog lists the data folder with its size and clears it.
#include <QDirIterator>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "app_settings.h"
#include "cache_dialog.h"
#include "engine_bridge.h"
#include "featurelab/cache.h"
#include "featurelab/runtime.h"
#include "gui_test_util.h"
#include "main_window.h"
#include "recipe_data.h"
#include "test_support.h"
#include "training_panel.h"

namespace {
QStringList filesUnder(const QString& dir) {
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) out << it.next();
    out.sort();
    return out;
}
}  // namespace

class TestSharedCache : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_shared_cache");
        appsettings::setCacheDir(QString());
        // This test's own cache root, inherited by the CLI it starts.
        qputenv("XDG_CACHE_HOME", tmp_.filePath("xdg-cache").toUtf8());
        recipedata::makeColourFolder(tmp_.filePath("data"), 6, 3, 0);
    }

    void aGuiRunAfterCliExtractDecodesNothing() {
        // Real weights: a randomly initialised backbone is a different network in each process.
        SKIP_WITHOUT_SHARED();
        const QString spec = "mobilenet_v1_0.25:" + testsupport::mobilenetWeights();
        const QString data = tmp_.filePath("data");
        const QStringList before = filesUnder(data);
        const auto extracted =
            testsupport::runCli({"extract", "--data", data, "--backbone", spec, "--workers", "1"});
        QVERIFY2(extracted.exitCode == 0, qPrintable(extracted.err));

        MainWindow w;
        const Panels& p = w.panels();
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data);
        QVERIFY(scanned.wait(30000));
        w.workbench()->setBackbone(spec);
        TrainingSettings s = p.training->settings();
        s.setTicked({"last"});
        guitest::setEpochs(s, 1, 8);
        p.training->setSettings(s);
        const std::uint64_t decoded = featurelab::decodedImageCount();
        QSignalSpy finished(w.bridge(), &EngineBridge::recipeFinished);
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        QVERIFY(w.workbench()->start());
        QVERIFY(finished.wait(120000) || !failed.isEmpty());
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first()[1].toString()));
        QCOMPARE(featurelab::decodedImageCount(), decoded);  // every feature from the CLI's cache
        QCOMPARE(filesUnder(data), before);                  // the data folder is untouched
    }

    void theCacheDialogListsAndClears() {
        SKIP_WITHOUT_SHARED();
        const QString data = tmp_.filePath("data");
        CacheDialog dialog(data);
        QCOMPARE(dialog.entries()->topLevelItemCount(), 1);
        QCOMPARE(dialog.entries()->topLevelItem(0)->text(0), QDir(data).absolutePath());
        QVERIFY(!featurelab::listFeatureCaches().empty());
        QVERIFY(featurelab::listFeatureCaches().front().bytes > 0);
        dialog.findChild<QPushButton*>("clearThis")->click();
        QCOMPARE(dialog.entries()->topLevelItemCount(), 0);
        QVERIFY(featurelab::listFeatureCaches().empty());
    }
};

FEATURELAB_TEST_MAIN(TestSharedCache)
#include "test_shared_cache.moc"

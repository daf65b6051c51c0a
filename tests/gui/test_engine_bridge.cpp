// EngineBridge: a scan runs on the job thread and arrives as plain values; engine errors
// arrive as failed() with the engine's sentence; progress is throttled; a second job is
// refused while one runs; shutdown joins the threads and refuses further work; weights that crash
// libhdf5 are a failed description, not a dead workbench.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "engine_bridge.h"
#include "featurelab/recipe.h"
#include "featurelab/runtime.h"
#include "gui_test_util.h"
#include "recipe_data.h"
#include "test_support.h"

class TestEngineBridge : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString root_;
private Q_SLOTS:
    void initTestCase() {
        root_ = dir_.filePath("pets");
        guitest::writeImages(root_ + "/train/cats", 12);
        guitest::writeImages(root_ + "/train/dogs", 8);
        guitest::writeImages(root_ + "/valid/cats", 3);
        guitest::writeImages(root_ + "/valid/dogs", 3);
        QFile empty(root_ + "/train/cats/empty.jpg");
        QVERIFY(empty.open(QIODevice::WriteOnly));
    }
    void scanArrivesAsPlainValues() {
        EngineBridge bridge;
        QSignalSpy done(&bridge, &EngineBridge::scanFinished);
        QSignalSpy started(&bridge, &EngineBridge::jobStarted);
        QSignalSpy finished(&bridge, &EngineBridge::jobFinished);
        QSignalSpy progress(&bridge, &EngineBridge::progress);
        QVERIFY(bridge.scan(root_));
        QVERIFY(bridge.isBusy());
        QVERIFY(!bridge.scan(root_));  // one job at a time
        QVERIFY(done.wait(20000));
        QCOMPARE(started.count(), 1);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!bridge.isBusy());
        const auto d = done.first().first().value<DatasetSummary>();
        QCOMPARE(d.classes, (QStringList{"cats", "dogs"}));
        QCOMPARE(d.splits.size(), 2);
        QCOMPARE(d.splits[0].perClass, (QVector<qint64>{12, 8}));
        QCOMPARE(d.splits[1].total, qint64(6));
        QCOMPARE(d.skipped.size(), 1);
        QVERIFY(d.skipped[0].path.endsWith("empty.jpg"));
        QVERIFY(!d.skipped[0].reason.isEmpty());
        QVERIFY2(progress.count() <= 5, "progress must be throttled, not per file");
    }
    void engineErrorsBecomeSignals() {
        EngineBridge bridge;
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        QVERIFY(bridge.scan(dir_.filePath("does-not-exist")));
        QVERIFY(failed.wait(10000));
        QVERIFY(!failed.first()[1].toString().isEmpty());
        QCOMPARE(failed.first()[2].toBool(), false);  // an error, not a cancel
        QTRY_VERIFY(!bridge.isBusy());
        // A folder without train/ is a bad dataset, again with the engine's own sentence.
        failed.clear();
        QVERIFY(bridge.scan(root_ + "/train"));
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first()[1].toString().contains("train"));
    }
    void describesAndClassifiesWithTheRealBackbone() {
        SKIP_WITHOUT_SHARED();
        EngineBridge bridge;
        QSignalSpy described(&bridge, &EngineBridge::backboneDescribed);
        QSignalSpy describeFailed(&bridge, &EngineBridge::describeFailed);
        const QString spec = "mobilenet_v1_0.25:" + testsupport::mobilenetWeights();
        bridge.describeBackbone("no_such_architecture");  // starts at once, fails
        bridge.describeBackbone(spec);                    // waits for the lane...
        bridge.describeBackbone(spec);                    // ...and replaces the waiting one
        QTRY_VERIFY_WITH_TIMEOUT(described.count() == 1, 60000);
        QTest::qWait(200);
        QCOMPARE(described.count(), 1);
        QCOMPARE(describeFailed.count(), 1);
        QCOMPARE(describeFailed.first()[0].toString(), QString("no_such_architecture"));
        QVERIFY(!describeFailed.first()[1].toString().isEmpty());
        const auto info = described.first().first().value<BackboneInfo>();
        QCOMPARE(info.spec, spec);
        QVERIFY(!info.randomInit);
        QCOMPARE(info.totalParams, qint64(475544));  // the Keras-published count
        QVERIFY(info.layers.size() > 20);
        QVERIFY(!info.layers.first().outputShape.isEmpty());

        // The inspector asks about a run: a small one trained from the real backbone.
        const QString data = dir_.filePath("inspect-data"), run = dir_.filePath("inspect-run");
        QVERIFY(recipedata::linkDogsCats(testsupport::dogscatsDir(), data, 4, 2));
        featurelab::RecipeConfig c =
            recipedata::tinyRecipe(data, run, dir_.filePath("cache"), {"last"}, 1);
        c.backbone = spec.toStdString();
        featurelab::runRecipe(c);

        QSignalSpy classified(&bridge, &EngineBridge::classified);
        const QString cat = testsupport::dogscatsDir() + "/valid/cats/cat.4001.jpg";
        const std::uint64_t loads = featurelab::weightsLoadCount();
        bridge.classify(run, cat);
        QVERIFY(classified.wait(60000));
        QCOMPARE(classified.first()[0].toString(), cat);
        const auto top = classified.first()[1].value<TopClasses>();
        QCOMPARE(top.size(), 5);
        QVERIFY(!top[0].first.isEmpty() && !top[0].first.startsWith('#'));  // named classes
        for (int i = 1; i < top.size(); ++i) QVERIFY(top[i - 1].second >= top[i].second);
        QCOMPARE(featurelab::weightsLoadCount(), loads + 2);  // the run's model, its backbone
        // A second click on the same run: answered from the kept model, no weights read.
        const QString dog = testsupport::dogscatsDir() + "/valid/dogs/dog.4001.jpg";
        bridge.classify(run, dog);
        QVERIFY(classified.wait(60000));
        QCOMPARE(classified.last()[0].toString(), dog);
        QCOMPARE(featurelab::weightsLoadCount(), loads + 2);
    }
    /// Weights on which libhdf5 1.10.8 crashes (class B of tests/fuzz/README.md: the seed with
    /// a local heap at an undefined address) are one failed description with the engine's
    /// sentence: the crash ends the probe's child (features/h5_sandbox.h), not the workbench.
    void libhdf5CrashIsADescribeFailure() {
        QFile in(QStringLiteral(FEATURELAB_SOURCE_DIR "/tests/fuzz/corpus/keras_h5/model.h5"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        QCOMPARE(bytes.mid(10040, 4), QByteArray("HEAP"));
        bytes.replace(10064, 8, QByteArray(8, '\xff'));
        const QString path = dir_.filePath("class_b.h5");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size());
        out.close();
        EngineBridge bridge;
        QSignalSpy failed(&bridge, &EngineBridge::describeFailed);
        bridge.describeBackbone("mobilenet_v1_0.25:" + path);
        QVERIFY(failed.wait(60000));
        const QString m = failed.first()[1].toString();
        QVERIFY2(m.contains(path) && m.contains("libhdf5 crashed while reading it (signal 11") &&
                     !m.contains('\n'),
                 qPrintable(m));
    }
    void shutdownJoinsAndRefuses() {
        auto* bridge = new EngineBridge;
        QVERIFY(bridge->scan(root_));
        bridge->shutdown();
        QVERIFY(!bridge->scan(root_));
        delete bridge;  // must not hang or crash with a queued result pending
    }
};

FEATURELAB_TEST_MAIN(TestEngineBridge)
#include "test_engine_bridge.moc"

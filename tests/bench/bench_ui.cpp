// Benchmark: UI responsiveness. The workbench's main window (offscreen unless QT_QPA_PLATFORM
// says otherwise) runs the recipe on a small real dogs-vs-cats folder linked from ../shared,
// through the Training panel's Start button as a user would, while a 5 ms timer measures the
// longest gap between two returns to the event loop (e2e::StallMeter, as test_workbench_e2e).
// Prints one JSON line; not a test: the figure depends on the machine and its load.
//
//   bench_ui [--train N] [--valid N] [--stages linear,last,dense,conv] [--epochs E]
//
// N photos per class (default 500 and 100). The default is the Training panel's whole ladder
// with its own settings (E > 0 overrides every stage's epochs): extracting and caching
// features, then training each stage, while the window shows progress and curves.
#include <QApplication>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

#include "e2e_support.h"
#include "engine_bridge.h"
#include "main_window.h"
#include "training_panel.h"
#include "workbench.h"

namespace {

int fail(const char* what) {
    std::fprintf(stderr, "bench_ui: %s\n", what);
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int train = 500, valid = 100, epochs = 0;
    QStringList stages{"linear", "last", "dense", "conv"};
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == "--train")
            train = args[i + 1].toInt();
        else if (args[i] == "--valid")
            valid = args[i + 1].toInt();
        else if (args[i] == "--epochs")
            epochs = args[i + 1].toInt();
        else if (args[i] == "--stages")
            stages = args[i + 1].split(',');
        else
            return fail("unknown option");
    }
    if (!testsupport::haveShared()) return fail("no ../shared/data/dogscats");
    // Settings of this program, not the user's workbench.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("FeaturelabBench");
    QCoreApplication::setApplicationName("bench_ui");
    QTemporaryDir tmp;
    // Its runs go to a temporary runs folder, not the user's history.
    qputenv("XDG_DATA_HOME", tmp.filePath("xdg-data").toUtf8());
    const QString root = tmp.filePath("dogscats");
    if (!e2e::linkSubset(root, train, valid)) return fail("cannot link the photos");

    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return fail("the window was never exposed");
    QSignalSpy described(w.bridge(), &EngineBridge::backboneDescribed);
    w.workbench()->setBackbone("mobilenet_v1_0.25:" + testsupport::mobilenetWeights());
    if (!described.wait(60000)) return fail("the backbone was not described");
    QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
    w.workbench()->openFolder(root);
    if (!scanned.wait(60000)) return fail("the folder was not scanned");

    TrainingPanel* training = w.panels().training;
    TrainingSettings s = training->settings();
    s.setTicked(stages);
    if (epochs > 0)
        for (StageSettings& st : s.stages) st.epochs = epochs;
    training->setSettings(s);
    QSignalSpy finished(w.bridge(), &EngineBridge::recipeFinished);
    QSignalSpy failed(w.bridge(), &EngineBridge::failed);
    QSignalSpy epochsDone(w.bridge(), &EngineBridge::epochFinished);
    e2e::StallMeter meter;
    QElapsedTimer clock;
    clock.start();
    meter.start();
    // The panels take the backbone's and the folder's details from queued signals: click Start
    // once it can start.
    for (int i = 0; i < 100 && !training->isRunning(); ++i) {
        if (training->startButton()->isEnabled())
            QTest::mouseClick(training->startButton(), Qt::LeftButton);
        if (!training->isRunning()) QTest::qWait(100);
    }
    if (!training->isRunning()) return fail("Start did not start the recipe within 10 s");
    while (finished.isEmpty() && failed.isEmpty() && clock.elapsed() < 600000) QTest::qWait(100);
    meter.stop();
    if (!failed.isEmpty())
        return fail(qPrintable("the recipe failed: " + failed.first().value(1).toString()));
    if (finished.isEmpty())
        return fail(qPrintable(QString("the recipe did not finish within 10 minutes (%1 epochs "
                                       "reported)")
                                   .arg(epochsDone.count())));
    std::printf(
        "{\"worst_stall_ms\": %lld, \"worst_busy_ms\": %.1f, \"load_per_core\": %.2f, "
        "\"seconds\": %.1f, \"stages\": \"%s\", \"epochs_reported\": %lld, "
        "\"train_per_class\": %d, \"valid_per_class\": %d}\n",
        static_cast<long long>(meter.worstStallMs()), meter.worstBusyMs(),
        e2e::StallMeter::loadPerCore(), clock.elapsed() / 1000.0, qPrintable(stages.join(',')),
        static_cast<long long>(epochsDone.count()), train, valid);
    return 0;
}

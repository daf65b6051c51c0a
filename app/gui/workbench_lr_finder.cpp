// Workbench: the LR finder, from the Training panel's "Find LR..." to the engine's sweep and
// back as a dialog whose "Use this LR" sets the stage's LR cell.
#include "engine_bridge.h"
#include "featurelab/error.h"
#include "lr_finder_dialog.h"
#include "model_panel.h"
#include "training_panel.h"
#include "workbench.h"

#include <QLocale>

void Workbench::connectLrFinder() {
    connect(p_.training, &TrainingPanel::findLrRequested, this, &Workbench::findLr);
    connect(bridge_, &EngineBridge::lrFound, this, [this](const LrCurve& curve) {
        auto* dialog = new LrFinderDialog(curve, p_.training);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &LrFinderDialog::useLr, p_.training, &TrainingPanel::setStageLr);
        dialog->show();
        Q_EMIT statusMessage(tr("Suggested learning rate for stage %1: %2")
                                 .arg(curve.stage, QLocale().toString(dialog->suggestedLr())));
    });
}

bool Workbench::findLr(const QString& stage) {
    if (!haveDataAndBackbone()) return false;
    featurelab::LrFindOptions options;
    try {
        // The stage exactly as Start would run it (its row's cells, the hand-ticked layers).
        options.run = runConfig({stage}, QString(), false);
    } catch (const featurelab::Error& e) {
        Q_EMIT error(tr("Cannot find the LR"), QString::fromStdString(e.what()));
        return false;
    }
    options.stage = stage.toStdString();
    if (!bridge_->findLearningRate(options)) {
        reportBusy();
        return false;
    }
    p_.training->setRunning(true);  // Stop cancels the sweep; the ladder waits for its result
    return true;
}

// Workbench: the label-error finder, from the gallery's "Likely mislabeled" tab to the engine
// and back, and its images in the Inspector.
#include <QDir>
#include <QSet>

#include "app_settings.h"
#include "engine_bridge.h"
#include "featurelab/cache.h"
#include "gallery_panel.h"
#include "inspector_panel.h"
#include "label_issues_view.h"
#include "model_panel.h"
#include "training_panel.h"
#include "workbench.h"

void Workbench::connectLabelIssues() {
    LabelIssuesView* view = p_.gallery->labelIssuesView();
    connect(view, &LabelIssuesView::findRequested, this, &Workbench::findLabelIssues);
    connect(view, &LabelIssuesView::itemSelected, this, &Workbench::onLabelIssueSelected);
    connect(bridge_, &EngineBridge::labelIssuesFound, this, [this, view](const LabelIssueList& l) {
        view->setIssues(l);
        p_.gallery->setCurrentView(GalleryPanel::Mislabeled);
        Q_EMIT statusMessage(
            tr("%1 likely mislabeled images in %2/").arg(l.items.size()).arg(l.split));
    });
    // One engine job at a time: Find waits while any runs.
    connect(bridge_, &EngineBridge::jobStarted, view, [view] { view->setBusy(true); });
    connect(bridge_, &EngineBridge::jobFinished, view, [view] { view->setBusy(false); });
    connect(bridge_, &EngineBridge::failed, view, [view] { view->setBusy(false); });
    // Another folder (or the same one scanned again, its files perhaps moved): old results go.
    connect(bridge_, &EngineBridge::scanFinished, view, [view] { view->clear(); });
}

bool Workbench::findLabelIssues(const QString& split) {
    if (!haveDataAndBackbone()) return false;
    featurelab::LabelIssuesOptions o;
    o.dataDir = dataFolder_.toStdString();
    o.backbone = p_.model->backboneSpec().toStdString();
    o.split = split.toStdString();
    o.seed = p_.training->settings().seed;
    // The same feature cache as a run's (the CLI's too): features a run extracted are reused.
    if (!appsettings::cacheDir().isEmpty())
        o.cacheDir =
            featurelab::defaultFeatureCacheDir(o.dataDir, appsettings::cacheDir().toStdString());
    if (!bridge_->findLabelIssues(o)) {
        reportBusy();
        return false;
    }
    return true;
}

void Workbench::forgetMovedLabelIssues(const QVector<QPair<QString, QString>>& moves) {
    const QDir root(imagesFolder());
    QSet<QString> moved;
    for (const auto& [from, to] : moves) moved.insert(QDir::cleanPath(root.filePath(from)));
    p_.gallery->labelIssuesView()->removePaths(moved);
}

void Workbench::onLabelIssueSelected(int index) {
    const LabelIssueList& issues = p_.gallery->labelIssuesView()->issues();
    if (index < 0 || index >= issues.items.size()) return;
    const PredictionItem& item = issues.items[index];
    p_.inspector->showItem(item, issues.classes);
    // The ImageNet top-5 comes from a run's model; the finder trains none.
    if (hasOutcome())
        bridge_->classify(outcome_.runDir, item.path);
    else
        p_.inspector->setImageNetMessage(tr("Open or train a run for the ImageNet top-5."));
}

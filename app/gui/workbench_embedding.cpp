// Workbench: the Embedding map, from the dock's Compute to the engine and back; its points in
// the Inspector and its selections in the gallery's "Selected on map" tab.
#include <QDir>
#include <QSet>

#include "app_settings.h"
#include "embedding_panel.h"
#include "engine_bridge.h"
#include "featurelab/cache.h"
#include "gallery_panel.h"
#include "inspector_panel.h"
#include "map_selection_view.h"
#include "model_panel.h"
#include "training_panel.h"
#include "workbench.h"

void Workbench::connectEmbedding() {
    EmbeddingPanel* map = p_.embedding;
    if (!map) return;
    MapSelectionView* picked = p_.gallery->mapSelectionView();
    connect(map, &EmbeddingPanel::computeRequested, this, &Workbench::computeEmbedding);
    connect(bridge_, &EngineBridge::embeddingFrame, map, &EmbeddingPanel::setFrame);
    connect(bridge_, &EngineBridge::embeddingComputed, this, [this, map](const EmbeddingResult& r) {
        map->setResult(r);
        Q_EMIT statusMessage(
            tr("Embedding map of %1/: %2 points").arg(r.split).arg(r.items.size()));
    });
    connect(
        map, &EmbeddingPanel::openRequested, this,
        [this](const PredictionItem& item, const QStringList& classes) {
            p_.inspector->showItem(item, classes);
            if (hasOutcome())
                bridge_->classify(outcome_.runDir, item.path);
            else
                p_.inspector->setImageNetMessage(tr("Open or train a run for the ImageNet top-5."));
        });
    connect(map, &EmbeddingPanel::pointsSelected, this,
            [this, map, picked](const QVector<PredictionItem>& items) {
                picked->setItems(map->result().split, map->result().classes, items);
                p_.gallery->setCurrentView(GalleryPanel::MapSelection);
            });
    connect(picked, &MapSelectionView::itemSelected, this, [this, picked](int index) {
        if (index < 0 || index >= picked->items().size()) return;
        const PredictionItem& item = picked->items()[index];
        p_.inspector->showItem(item, picked->classes());
        if (hasOutcome())
            bridge_->classify(outcome_.runDir, item.path);
        else
            p_.inspector->setImageNetMessage(tr("Open or train a run for the ImageNet top-5."));
    });
    // One engine job at a time: Compute waits while any runs.
    connect(bridge_, &EngineBridge::jobStarted, map, [map] { map->setBusy(true); });
    connect(bridge_, &EngineBridge::jobFinished, map, [map] { map->setBusy(false); });
    connect(bridge_, &EngineBridge::failed, map,
            [map](const QString&, const QString& message, bool cancelled) {
                map->setBusy(false);
                map->setFailed(cancelled ? tr("Cancelled.") : message);
            });
    // Another folder (or the same one scanned again, its files perhaps moved): old maps go.
    connect(bridge_, &EngineBridge::scanFinished, map, [map, picked](const DatasetSummary& d) {
        QStringList splits;
        for (const SplitSummary& s : d.splits) splits << s.name;
        map->setSplits(splits);
        map->clear();
        picked->clear();
    });
    connect(this, &Workbench::outcomeChanged, this, &Workbench::showRunOnMap);
}

bool Workbench::computeEmbedding(const QString& split, const QString& method) {
    if (!haveDataAndBackbone()) return false;
    featurelab::EmbeddingOptions o;
    o.dataDir = dataFolder_.toStdString();
    o.backbone = p_.model->backboneSpec().toStdString();
    o.split = split.toStdString();
    o.method = method == QLatin1String("pca") ? featurelab::EmbeddingMethod::Pca
                                              : featurelab::EmbeddingMethod::Tsne;
    o.seed = p_.training->settings().seed;
    // The same feature cache as a run's (the CLI's too): features a run extracted are reused.
    if (!appsettings::cacheDir().isEmpty())
        o.cacheDir =
            featurelab::defaultFeatureCacheDir(o.dataDir, appsettings::cacheDir().toStdString());
    if (!bridge_->computeEmbedding(o)) {
        reportBusy();
        return false;
    }
    p_.embedding->setComputing(split, method);
    return true;
}

void Workbench::showRunOnMap() {
    if (!p_.embedding) return;
    RunPredictions run;
    if (hasOutcome()) {
        run.dataDir = imagesFolder();
        run.classes = outcome_.classes;
        run.items = outcome_.valid;
    }
    p_.embedding->setRunPredictions(run);
}

void Workbench::relocateOnMap(const QVector<QPair<QString, QString>>& moves) {
    if (!p_.embedding || moves.isEmpty()) return;
    const QDir root(imagesFolder());
    QSet<QString> moved;
    for (const auto& [from, to] : moves) moved.insert(QDir::cleanPath(root.filePath(from)));
    p_.gallery->mapSelectionView()->removePaths(moved);
    p_.embedding->relocate(imagesFolder(), moves);
    showRunOnMap();  // the run's predictions followed the moves too
}

// "Selected on map" tab: summary line and the picked images' thumbnails.
#include "map_selection_view.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QSharedPointer>
#include <QVBoxLayout>

#include "gallery_model.h"
#include "thumbnail_cache.h"

MapSelectionView::MapSelectionView(ThumbnailCache* cache, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("mapSelectionSummary"));
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    model_ = new GalleryModel(cache, this);
    list_ = new QListView(this);
    list_->setObjectName(QStringLiteral("mapSelectionList"));
    list_->setViewMode(QListView::IconMode);
    list_->setMovement(QListView::Static);
    list_->setResizeMode(QListView::Adjust);
    list_->setUniformItemSizes(true);
    list_->setLayoutMode(QListView::Batched);
    list_->setBatchSize(200);
    const QSize icon = cache->size();
    list_->setIconSize(icon);
    list_->setGridSize(QSize(icon.width() + 16, icon.height() + 2 * fontMetrics().height() + 8));
    list_->setWordWrap(true);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setModel(model_);
    layout->addWidget(list_, 1);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    Q_EMIT itemSelected(current.data(GalleryModel::PredictionIndexRole).toInt());
            });
    clear();
}

void MapSelectionView::clear() { setItems(QString(), {}, {}); }

void MapSelectionView::setItems(const QString& split, const QStringList& classes,
                                const QVector<PredictionItem>& items) {
    split_ = split;
    classes_ = classes;
    items_ = items;
    model_->setPredictions(classes, QSharedPointer<const QVector<PredictionItem>>::create(items));
    QVector<int> all(items.size());
    for (int i = 0; i < all.size(); ++i) all[i] = i;
    model_->setIndices(all);
    if (items.isEmpty()) {
        summary_->setText(
            tr("Shift+drag on the Embedding map (or use its Rectangle or Lasso tool) to "
               "see a group of points here."));
    } else {
        int wrong = 0, predicted = 0;
        for (const PredictionItem& item : items)
            if (item.predicted >= 0) {
                ++predicted;
                wrong += item.trueLabel >= 0 && item.predicted != item.trueLabel;
            }
        QString text = tr("Images selected on the Embedding map: %1 (in %2/).")
                           .arg(QLocale().toString(items.size()), split);
        if (predicted > 0)
            text += QLatin1Char(' ') + tr("%1 of them predicted wrong (in red).").arg(wrong);
        summary_->setText(text);
    }
    list_->scrollToTop();
}

void MapSelectionView::removePaths(const QSet<QString>& paths) {
    QVector<PredictionItem> kept;
    for (const PredictionItem& item : items_)
        if (!paths.contains(QDir::cleanPath(item.path))) kept << item;
    if (kept.size() == items_.size()) return;
    const int row = list_->currentIndex().isValid() ? list_->currentIndex().row() : -1;
    setItems(split_, classes_, kept);
    if (row >= 0) selectRow(qMin(row, model_->rowCount() - 1));
}

int MapSelectionView::selectedItem() const {
    const QModelIndex i = list_->currentIndex();
    return i.isValid() ? i.data(GalleryModel::PredictionIndexRole).toInt() : -1;
}

void MapSelectionView::selectRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    const QModelIndex i = model_->index(row);
    list_->setCurrentIndex(i);
    list_->scrollTo(i);
}

void MapSelectionView::step(int delta) {
    const int n = model_->rowCount();
    if (n == 0) return;
    const int row = list_->currentIndex().isValid() ? list_->currentIndex().row() : -delta;
    selectRow(qBound(0, row + delta, n - 1));
}

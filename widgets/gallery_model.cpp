// Gallery model: rows, captions and lazily loaded thumbnails.
#include "gallery_model.h"

#include <QBrush>
#include <QColor>
#include <QPixmap>

#include "thumbnail_cache.h"

GalleryModel::GalleryModel(ThumbnailCache* cache, QObject* parent)
    : QAbstractListModel(parent), cache_(cache), blank_(cache->size()) {
    blank_.fill(Qt::transparent);
    connect(cache_, &ThumbnailCache::ready, this, &GalleryModel::thumbnailReady);
}

void GalleryModel::setPredictions(const QStringList& classes,
                                  QSharedPointer<const QVector<PredictionItem>> predictions) {
    beginResetModel();
    classes_ = classes;
    predictions_ = std::move(predictions);
    indices_.clear();
    rowOfPath_.clear();
    endResetModel();
}

void GalleryModel::setIndices(const QVector<int>& indices) {
    cache_->cancelPending();
    beginResetModel();
    indices_.clear();
    rowOfPath_.clear();
    const int n = predictions_ ? predictions_->size() : 0;
    for (int i : indices)
        if (i >= 0 && i < n) {
            rowOfPath_.insert(predictions_->at(i).path, indices_.size());
            indices_ << i;
        }
    endResetModel();
}

QString GalleryModel::caption(int i) const {
    if (!predictions_ || i < 0 || i >= predictions_->size()) return {};
    const PredictionItem& item = predictions_->at(i);
    if (style_ == Caption::Suggestion)
        return tr("%1 → %2\np(%1) %3%")
            .arg(classes_.value(item.trueLabel), classes_.value(item.predicted))
            .arg(item.probs.value(item.trueLabel) * 100, 0, 'f', 1);
    const float p = item.probs.value(item.predicted);
    return QStringLiteral("%1 %2%").arg(classes_.value(item.predicted)).arg(p * 100, 0, 'f', 1);
}

int GalleryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : indices_.size();
}

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= indices_.size() || !predictions_) return {};
    const int i = indices_[index.row()];
    const PredictionItem& item = predictions_->at(i);
    switch (role) {
        case Qt::DisplayRole:
            return caption(i);
        case Qt::DecorationRole: {
            const QImage img = cache_->thumbnail(item.path);
            if (!img.isNull()) return img;
            return blank_;  // keeps the grid steady while the image loads
        }
        case Qt::ToolTipRole:
            if (style_ == Caption::Suggestion)
                return tr("%1\ngiven: %2, suggested: %3\nout-of-fold p(%2) = %4")
                    .arg(item.displayPath, classes_.value(item.trueLabel),
                         classes_.value(item.predicted))
                    .arg(item.probs.value(item.trueLabel), 0, 'f', 4);
            return tr("%1\ntrue: %2, predicted: %3")
                .arg(item.displayPath, classes_.value(item.trueLabel),
                     classes_.value(item.predicted));
        case Qt::ForegroundRole:
            if (item.trueLabel >= 0 && item.trueLabel != item.predicted)
                return QBrush(QColor(200, 30, 30));
            return {};
        case PredictionIndexRole:
            return i;
        case PathRole:
            return item.path;
        case TrueLabelRole:
            return item.trueLabel;
        default:
            return {};
    }
}

void GalleryModel::thumbnailReady(const QString& path) {
    const auto it = rowOfPath_.constFind(path);
    if (it == rowOfPath_.constEnd()) return;
    const QModelIndex idx = index(it.value());
    Q_EMIT dataChanged(idx, idx, {Qt::DecorationRole});
}

// Gallery model: rows, captions and lazily loaded thumbnails.
#include "gallery_model.h"

#include <QBrush>
#include <QColor>
#include <QPainter>
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
    // Images without a prediction (the Embedding map's selection before any run): the class.
    if (item.predicted < 0) return classes_.value(item.trueLabel);
    const float p = item.probs.value(item.predicted);
    return QStringLiteral("%1 %2%").arg(classes_.value(item.predicted)).arg(p * 100, 0, 'f', 1);
}

QImage GalleryModel::centred(const QImage& img) const {
    // Every row's decoration has the cache's full size: the list's uniform item size comes
    // from its first row, and a landscape first thumbnail would otherwise clip the caption
    // under every taller (portrait) one.
    const QSize full = cache_->size();
    const qreal dpr = img.devicePixelRatio();
    if (img.size() == full * dpr) return img;
    QImage out(full * dpr, QImage::Format_ARGB32_Premultiplied);
    out.setDevicePixelRatio(dpr);
    out.fill(Qt::transparent);
    QPainter p(&out);
    const QSizeF logical = QSizeF(img.size()) / dpr;
    p.drawImage(
        QPointF((full.width() - logical.width()) / 2, (full.height() - logical.height()) / 2), img);
    return out;
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
            if (!img.isNull()) return centred(img);
            return blank_;  // keeps the grid steady while the image loads
        }
        case Qt::ToolTipRole:
            if (style_ == Caption::Suggestion)
                return tr("%1\ngiven: %2, suggested: %3\nout-of-fold p(%2) = %4")
                    .arg(item.displayPath, classes_.value(item.trueLabel),
                         classes_.value(item.predicted))
                    .arg(item.probs.value(item.trueLabel), 0, 'f', 4);
            if (item.predicted < 0)
                return tr("%1\ntrue: %2").arg(item.displayPath, classes_.value(item.trueLabel));
            return tr("%1\ntrue: %2, predicted: %3")
                .arg(item.displayPath, classes_.value(item.trueLabel),
                     classes_.value(item.predicted));
        case Qt::ForegroundRole:
            if (item.trueLabel >= 0 && item.predicted >= 0 && item.trueLabel != item.predicted)
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

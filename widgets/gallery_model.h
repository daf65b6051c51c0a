// A list model over a subset of the validation predictions: thumbnail, probability caption and
// tooltip per item. Thumbnails come from a ThumbnailCache, so rows are cheap at 2,000+ items.
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QPixmap>
#include <QSharedPointer>
#include <QStringList>

#include "panel_types.h"

class ThumbnailCache;

class GalleryModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles {
        PredictionIndexRole = Qt::UserRole + 1,
        PathRole,       // the image's absolute path
        TrueLabelRole,  // its class index (-1: none)
    };
    /// What a caption says: the predicted class and its probability, or (the "Likely
    /// mislabeled" tab) "given → suggested" over the probability of the given label.
    enum class Caption { Predicted, Suggestion };

    GalleryModel(ThumbnailCache* cache, QObject* parent = nullptr);

    void setPredictions(const QStringList& classes,
                        QSharedPointer<const QVector<PredictionItem>> predictions);
    void setIndices(const QVector<int>& indices);
    const QVector<int>& indices() const { return indices_; }
    const QStringList& classes() const { return classes_; }
    void setCaption(Caption style) { style_ = style; }
    /// Caption under a thumbnail, as setCaption says.
    QString caption(int predictionIndex) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    void thumbnailReady(const QString& path);
    /// img in the middle of a transparent image of the cache's size.
    QImage centred(const QImage& img) const;

    ThumbnailCache* cache_;
    QStringList classes_;
    QSharedPointer<const QVector<PredictionItem>> predictions_;
    QVector<int> indices_;
    QHash<QString, int> rowOfPath_;
    QPixmap blank_;
    Caption style_ = Caption::Predicted;
};

// The gallery's "Selected on map" tab: the images a rectangle or lasso picked on the Embedding
// map, as thumbnails captioned with their class (and prediction, when a run has one).
#pragma once

#include <QSet>
#include <QWidget>

#include "panel_types.h"

class GalleryModel;
class QLabel;
class QListView;
class ThumbnailCache;

class MapSelectionView : public QWidget {
    Q_OBJECT
public:
    /// cache: the gallery's thumbnails (shared with the other tabs and the map's hover card).
    explicit MapSelectionView(ThumbnailCache* cache, QWidget* parent = nullptr);

    /// split names where the images come from, for the summary line.
    void setItems(const QString& split, const QStringList& classes,
                  const QVector<PredictionItem>& items);
    /// Drops the images that were moved on disk (absolute paths, QDir::cleanPath form).
    void removePaths(const QSet<QString>& paths);
    void clear();
    const QVector<PredictionItem>& items() const { return items_; }
    const QStringList& classes() const { return classes_; }

    /// The index into items() of the selected thumbnail, -1 when none.
    int selectedItem() const;
    void selectRow(int row);
    void step(int delta);

    QListView* listView() const { return list_; }
    GalleryModel* model() const { return model_; }
    QLabel* summaryLabel() const { return summary_; }

Q_SIGNALS:
    void itemSelected(int index);

private:
    QString split_;
    QStringList classes_;
    QVector<PredictionItem> items_;
    QLabel* summary_ = nullptr;
    QListView* list_ = nullptr;
    GalleryModel* model_ = nullptr;
};

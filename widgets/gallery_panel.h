// The Gallery panel: the lesson's five views plus "all of a confusion cell" as tabs over one
// virtualised QListView of thumbnails with probability captions.
#pragma once

#include <QSharedPointer>
#include <QWidget>

#include "panel_types.h"

class GalleryModel;
class QLabel;
class QListView;
class QTabBar;
class ThumbnailCache;

class GalleryPanel : public QWidget {
    Q_OBJECT
public:
    enum View {
        RandomCorrect,
        RandomIncorrect,
        ConfidentCorrect,
        ConfidentWrong,
        Uncertain,
        Cell,
        ViewCount
    };

    explicit GalleryPanel(QWidget* parent = nullptr);

    void setPredictions(const QStringList& classes, const QVector<PredictionItem>& predictions);
    QSharedPointer<const QVector<PredictionItem>> predictions() const { return predictions_; }
    const QStringList& classes() const { return classes_; }
    /// The prediction indices one tab shows.
    void setView(View view, const QVector<int>& indices);
    /// Fills the "confusion cell" tab with these images and switches to it.
    void showCell(int trueLabel, int predicted, const QVector<int>& indices);

    View currentView() const;
    void setCurrentView(View view);
    QVector<int> currentIndices() const;
    /// The prediction index of the selected thumbnail, -1 when none.
    int selectedPrediction() const;
    void selectRow(int row);
    /// Moves the selection by delta within the current view (the inspector's arrow keys).
    void step(int delta);

    QListView* listView() const { return list_; }
    QTabBar* tabBar() const { return tabs_; }
    GalleryModel* model() const { return model_; }
    ThumbnailCache* cache() const { return cache_; }

Q_SIGNALS:
    void predictionSelected(int predictionIndex);

private:
    void showView(int view);

    QTabBar* tabs_ = nullptr;
    QListView* list_ = nullptr;
    QLabel* empty_ = nullptr;
    ThumbnailCache* cache_ = nullptr;
    GalleryModel* model_ = nullptr;
    QStringList classes_;
    QSharedPointer<const QVector<PredictionItem>> predictions_;
    QVector<QVector<int>> views_;
};

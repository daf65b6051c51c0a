// The Gallery panel: the lesson's five views plus "all of a confusion cell" as tabs over one
// virtualised QListView of thumbnails with probability captions, and a "Likely mislabeled" tab
// (LabelIssuesView) with the label-error finder's images, and a "Selected on map" tab
// (MapSelectionView) with the images picked on the Embedding map.
#pragma once

#include <QSet>
#include <QSharedPointer>
#include <QWidget>

#include "panel_types.h"

class GalleryModel;
class LabelIssuesView;
class MapSelectionView;
class QLabel;
class QListView;
class QMenu;
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
        Mislabeled,    // LabelIssuesView: the label-error finder's images
        MapSelection,  // MapSelectionView: the images selected on the Embedding map
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
    /// Gives list (its model a GalleryModel: this panel's, or another tab's own list) the
    /// right-click menu of addRelabelActions.
    void enableRelabelMenu(QListView* list);
    /// Appends "Move to class ▸" and "Quarantine" for the image at path (in class currentClass
    /// of classes) to menu; they emit moveToClassRequested and quarantineRequested.
    void addRelabelActions(QMenu* menu, const QString& path, int currentClass,
                           const QStringList& classes);
    /// The same for one of the run's predictions.
    void addRelabelActions(QMenu* menu, int predictionIndex);
    /// The image of prediction index moved on disk: item has its new path and true label;
    /// hidden (quarantined) takes it out of every tab until it is updated again.
    void updatePrediction(int index, const PredictionItem& item, bool hidden);

    QListView* listView() const { return list_; }
    QTabBar* tabBar() const { return tabs_; }
    GalleryModel* model() const { return model_; }
    LabelIssuesView* labelIssuesView() const { return issues_; }
    MapSelectionView* mapSelectionView() const { return mapSelection_; }
    ThumbnailCache* cache() const { return cache_; }

Q_SIGNALS:
    void predictionSelected(int predictionIndex);
    /// The user asked to move the image file at path into className's folder.
    void moveToClassRequested(const QString& path, const QString& className);
    /// The user asked to move the image file at path into quarantine.
    void quarantineRequested(const QString& path);

private:
    void showView(int view);

    QTabBar* tabs_ = nullptr;
    QListView* list_ = nullptr;
    QLabel* empty_ = nullptr;
    LabelIssuesView* issues_ = nullptr;  // the Mislabeled tab's own list
    MapSelectionView* mapSelection_ = nullptr;  // the MapSelection tab's own list
    ThumbnailCache* cache_ = nullptr;
    GalleryModel* model_ = nullptr;
    QStringList classes_;
    QSharedPointer<const QVector<PredictionItem>> predictions_;
    QVector<QVector<int>> views_;
    QSet<int> hidden_;  // predictions whose image is in quarantine
};

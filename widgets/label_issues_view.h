// The gallery's "Likely mislabeled" tab: the images of one split whose given label the
// label-error finder doubts, most doubtful first, each captioned with its suggested class; the
// split chooser and Find button that ask for them; the per-class noise estimate.
#pragma once

#include <QMetaType>
#include <QSet>
#include <QWidget>

#include "panel_types.h"

class GalleryModel;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class ThumbnailCache;

/// What the label-error finder found in one split, as the tab shows it.
struct LabelIssueList {
    QString split;  // "train" or "valid"
    QStringList classes;
    /// The images flagged as likely mislabeled, most likely first: trueLabel is the given
    /// label, predicted the suggested class, probs the out-of-fold probabilities.
    QVector<PredictionItem> items;
    int images = 0;             // images in the split
    QVector<qint64> perClass;   // images labelled with each class
    QVector<double> noiseRate;  // per class: estimated share of wrong labels
    double outOfFoldAccuracy = 0;
};
Q_DECLARE_METATYPE(LabelIssueList)

class LabelIssuesView : public QWidget {
    Q_OBJECT
public:
    /// cache: the gallery's thumbnails (shared: an image shown in both tabs decodes once).
    explicit LabelIssuesView(ThumbnailCache* cache, QWidget* parent = nullptr);

    void setIssues(const LabelIssueList& issues);
    /// Drops the items whose image was moved (relabelled or quarantined; absolute paths,
    /// QDir::cleanPath form): the finder judged them where they were. The selection stays on
    /// the same row, which now holds the next image.
    void removePaths(const QSet<QString>& paths);
    void clear();
    /// While a job runs the Find button waits (the engine runs one job at a time).
    void setBusy(bool busy);
    const LabelIssueList& issues() const { return issues_; }

    /// The index into issues().items of the selected thumbnail, -1 when none.
    int selectedItem() const;
    void selectRow(int row);
    /// Moves the selection by delta (the inspector's arrow keys).
    void step(int delta);

    QListView* listView() const { return list_; }
    GalleryModel* model() const { return model_; }
    QComboBox* splitBox() const { return split_; }
    QPushButton* findButton() const { return find_; }
    QLabel* summaryLabel() const { return summary_; }

Q_SIGNALS:
    /// The user asked to look for label errors in split ("train" or "valid").
    void findRequested(const QString& split);
    void itemSelected(int index);

private:
    LabelIssueList issues_;
    QComboBox* split_ = nullptr;
    QPushButton* find_ = nullptr;
    QLabel* summary_ = nullptr;
    QListView* list_ = nullptr;
    GalleryModel* model_ = nullptr;
};

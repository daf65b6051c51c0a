// "Likely mislabeled" tab: split chooser, Find button, noise summary and the ranked thumbnails.
#include "label_issues_view.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSharedPointer>
#include <QVBoxLayout>

#include "gallery_model.h"
#include "thumbnail_cache.h"

LabelIssuesView::LabelIssuesView(ThumbnailCache* cache, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    auto* splitLabel = new QLabel(tr("Split:"), this);
    split_ = new QComboBox(this);
    split_->setObjectName(QStringLiteral("labelIssuesSplit"));
    split_->addItem(QStringLiteral("train"), QStringLiteral("train"));
    split_->addItem(QStringLiteral("valid"), QStringLiteral("valid"));
    splitLabel->setBuddy(split_);
    find_ = new QPushButton(tr("Find likely mislabeled"), this);
    find_->setObjectName(QStringLiteral("labelIssuesFind"));
    find_->setToolTip(
        tr("Fits a logistic regression on the backbone's cached features of the "
           "other folds and ranks each image by how likely its given label is"));
    bar->addWidget(splitLabel);
    bar->addWidget(split_);
    bar->addWidget(find_);
    bar->addStretch(1);
    layout->addLayout(bar);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("labelIssuesSummary"));
    summary_->setWordWrap(true);
    layout->addWidget(summary_);

    model_ = new GalleryModel(cache, this);
    model_->setCaption(GalleryModel::Caption::Suggestion);
    list_ = new QListView(this);
    list_->setObjectName(QStringLiteral("labelIssuesList"));
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

    connect(find_, &QPushButton::clicked, this,
            [this] { Q_EMIT findRequested(split_->currentData().toString()); });
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    Q_EMIT itemSelected(current.data(GalleryModel::PredictionIndexRole).toInt());
            });
    clear();
}

void LabelIssuesView::clear() {
    issues_ = {};
    model_->setPredictions({}, {});
    summary_->setText(
        tr("Looks for images whose given label the rest of the split disagrees with: a "
           "5-fold logistic regression on the backbone's cached features, ranked the "
           "confident-learning way. Choose a split and press Find."));
}

void LabelIssuesView::setIssues(const LabelIssueList& issues) {
    issues_ = issues;
    model_->setPredictions(issues.classes,
                           QSharedPointer<const QVector<PredictionItem>>::create(issues.items));
    QVector<int> all(issues.items.size());
    for (int i = 0; i < all.size(); ++i) all[i] = i;
    model_->setIndices(all);
    QStringList noise;
    for (int c = 0; c < issues.classes.size(); ++c)
        noise << QStringLiteral("%1 %2%")
                     .arg(issues.classes[c])
                     .arg(issues.noiseRate.value(c) * 100, 0, 'f', 1);
    const QString found =
        issues.items.isEmpty()
            ? tr("No image of the %1 images in %2/ looks mislabeled.")
                  .arg(issues.images)
                  .arg(issues.split)
            : tr("%1 of the %2 images in %3/ look mislabeled, most likely first; each caption "
                 "reads given → suggested class.")
                  .arg(issues.items.size())
                  .arg(issues.images)
                  .arg(issues.split);
    summary_->setText(found + QLatin1Char(' ') +
                      tr("Estimated label noise: %1. Out-of-fold accuracy: %2%.")
                          .arg(noise.join(QStringLiteral(", ")))
                          .arg(issues.outOfFoldAccuracy * 100, 0, 'f', 1));
    const int at = split_->findData(issues.split);
    if (at >= 0) split_->setCurrentIndex(at);
    list_->scrollToTop();
}

void LabelIssuesView::removePaths(const QSet<QString>& paths) {
    LabelIssueList kept = issues_;
    kept.items.clear();
    for (const PredictionItem& item : issues_.items)
        if (!paths.contains(QDir::cleanPath(item.path))) kept.items << item;
    if (kept.items.size() == issues_.items.size()) return;
    const int row = list_->currentIndex().isValid() ? list_->currentIndex().row() : -1;
    setIssues(kept);
    if (row >= 0) selectRow(qMin(row, model_->rowCount() - 1));
}

void LabelIssuesView::setBusy(bool busy) { find_->setEnabled(!busy); }

int LabelIssuesView::selectedItem() const {
    const QModelIndex i = list_->currentIndex();
    return i.isValid() ? i.data(GalleryModel::PredictionIndexRole).toInt() : -1;
}

void LabelIssuesView::selectRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    const QModelIndex i = model_->index(row);
    list_->setCurrentIndex(i);
    list_->scrollTo(i);
}

void LabelIssuesView::step(int delta) {
    const int n = model_->rowCount();
    if (n == 0) return;
    const int row = list_->currentIndex().isValid() ? list_->currentIndex().row() : -delta;
    selectRow(qBound(0, row + delta, n - 1));
}

// Gallery panel: tabs, list view and selection.
#include "gallery_panel.h"

#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QTabBar>
#include <QVBoxLayout>

#include "gallery_model.h"
#include "label_issues_view.h"
#include "map_selection_view.h"
#include "relabel_menu.h"
#include "thumbnail_cache.h"

GalleryPanel::GalleryPanel(QWidget* parent) : QWidget(parent), views_(ViewCount) {
    auto* layout = new QVBoxLayout(this);
    tabs_ = new QTabBar(this);
    tabs_->setObjectName(QStringLiteral("galleryTabs"));
    tabs_->setExpanding(false);
    tabs_->setUsesScrollButtons(true);
    for (const QString& t :
         {tr("Random correct"), tr("Random incorrect"), tr("Most confident correct"),
          tr("Most confident wrong"), tr("Most uncertain"), tr("Confusion cell"),
          tr("Likely mislabeled"), tr("Selected on map")})
        tabs_->addTab(t);
    layout->addWidget(tabs_);

    // Thumbnails are decoded at device pixels so they stay sharp on high-DPI screens.
    cache_ = new ThumbnailCache(QSize(112, 112), devicePixelRatioF(), 4000, this);
    model_ = new GalleryModel(cache_, this);
    list_ = new QListView(this);
    list_->setObjectName(QStringLiteral("galleryList"));
    list_->setViewMode(QListView::IconMode);
    list_->setMovement(QListView::Static);
    list_->setResizeMode(QListView::Adjust);
    list_->setUniformItemSizes(true);  // lets the view lay out 2,000+ rows without asking each one
    list_->setLayoutMode(QListView::Batched);
    list_->setBatchSize(200);
    list_->setIconSize(QSize(112, 112));
    list_->setGridSize(QSize(112 + 16, 112 + 2 * fontMetrics().height() + 8));
    list_->setWordWrap(true);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setModel(model_);
    enableRelabelMenu(list_);
    layout->addWidget(list_, 1);
    empty_ = new QLabel(tr("No images in this view yet. Train a stage to fill the gallery."), this);
    empty_->setObjectName(QStringLiteral("galleryEmpty"));
    empty_->setAlignment(Qt::AlignCenter);
    layout->addWidget(empty_);
    issues_ = new LabelIssuesView(cache_, this);
    layout->addWidget(issues_, 1);
    enableRelabelMenu(issues_->listView());  // the likely mislabeled images: the point of it
    mapSelection_ = new MapSelectionView(cache_, this);
    layout->addWidget(mapSelection_, 1);
    enableRelabelMenu(mapSelection_->listView());

    connect(tabs_, &QTabBar::currentChanged, this, &GalleryPanel::showView);
    connect(
        list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid())
                Q_EMIT predictionSelected(current.data(GalleryModel::PredictionIndexRole).toInt());
        });
    showView(0);
}

void GalleryPanel::setPredictions(const QStringList& classes,
                                  const QVector<PredictionItem>& predictions) {
    classes_ = classes;
    predictions_ = QSharedPointer<const QVector<PredictionItem>>::create(predictions);
    model_->setPredictions(classes, predictions_);
    views_ = QVector<QVector<int>>(ViewCount);
    hidden_.clear();
    tabs_->setTabText(Cell, tr("Confusion cell"));
    showView(tabs_->currentIndex());
}

void GalleryPanel::setView(View view, const QVector<int>& indices) {
    views_[view] = indices;
    if (tabs_->currentIndex() == view) showView(view);
}

void GalleryPanel::showCell(int t, int p, const QVector<int>& indices) {
    views_[Cell] = indices;
    tabs_->setTabText(Cell, tr("true %1 / predicted %2 (%3)")
                                .arg(classes_.value(t), classes_.value(p))
                                .arg(indices.size()));
    if (tabs_->currentIndex() == Cell)
        showView(Cell);
    else
        tabs_->setCurrentIndex(Cell);
}

void GalleryPanel::showView(int view) {
    if (view < 0 || view >= ViewCount) return;
    // The label-error finder's and the map's images are not the run's predictions: those tabs
    // have their own lists.
    issues_->setVisible(view == Mislabeled);
    mapSelection_->setVisible(view == MapSelection);
    list_->setVisible(view != Mislabeled && view != MapSelection);
    if (view == Mislabeled || view == MapSelection) return empty_->hide();
    QVector<int> shown;
    for (int i : views_[view])
        if (!hidden_.contains(i)) shown << i;
    model_->setIndices(shown);
    empty_->setVisible(model_->rowCount() == 0);
    list_->scrollToTop();
}

GalleryPanel::View GalleryPanel::currentView() const { return View(tabs_->currentIndex()); }
void GalleryPanel::setCurrentView(View view) { tabs_->setCurrentIndex(view); }
QVector<int> GalleryPanel::currentIndices() const { return model_->indices(); }

int GalleryPanel::selectedPrediction() const {
    const QModelIndex i = list_->currentIndex();
    return i.isValid() ? i.data(GalleryModel::PredictionIndexRole).toInt() : -1;
}

void GalleryPanel::selectRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    const QModelIndex i = model_->index(row);
    list_->setCurrentIndex(i);
    list_->scrollTo(i);
}

void GalleryPanel::step(int delta) {
    if (currentView() == Mislabeled) return issues_->step(delta);
    if (currentView() == MapSelection) return mapSelection_->step(delta);
    const int n = model_->rowCount();
    if (n == 0) return;
    const int row = list_->currentIndex().isValid() ? list_->currentIndex().row() : -delta;
    selectRow(qBound(0, row + delta, n - 1));
}

void GalleryPanel::addRelabelActions(QMenu* menu, const QString& path, int currentClass,
                                     const QStringList& classes) {
    relabelmenu::addActions(
        menu, classes, currentClass,
        [this, path](const QString& c) { Q_EMIT moveToClassRequested(path, c); },
        [this, path] { Q_EMIT quarantineRequested(path); });
}

void GalleryPanel::addRelabelActions(QMenu* menu, int predictionIndex) {
    if (!predictions_ || predictionIndex < 0 || predictionIndex >= predictions_->size()) return;
    const PredictionItem& item = predictions_->at(predictionIndex);
    addRelabelActions(menu, item.path, item.trueLabel, classes_);
}

void GalleryPanel::enableRelabelMenu(QListView* list) {
    list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(list, &QListView::customContextMenuRequested, this, [this, list](const QPoint& pos) {
        const QModelIndex index = list->indexAt(pos);
        const auto* model = qobject_cast<const GalleryModel*>(list->model());
        if (!index.isValid() || !model) return;
        QMenu menu(this);
        addRelabelActions(&menu, index.data(GalleryModel::PathRole).toString(),
                          index.data(GalleryModel::TrueLabelRole).toInt(), model->classes());
        menu.exec(list->viewport()->mapToGlobal(pos));
    });
}

void GalleryPanel::updatePrediction(int index, const PredictionItem& item, bool hidden) {
    if (!predictions_ || index < 0 || index >= predictions_->size()) return;
    auto next = QSharedPointer<QVector<PredictionItem>>::create(*predictions_);
    (*next)[index] = item;
    predictions_ = next;
    if (hidden)
        hidden_.insert(index);
    else
        hidden_.remove(index);
    const int row = list_->currentIndex().row();
    model_->setPredictions(classes_, predictions_);
    showView(tabs_->currentIndex());
    selectRow(qMin(row, model_->rowCount() - 1));
}

// Embedding map dock: controls, the prediction join, legend and status around the scatter view.
#include "embedding_panel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

/// The class folder of a data-folder path ("valid/dogs/x.jpg" -> "dogs"); "" outside the
/// splits (quarantine).
QString classOf(const QString& relative) {
    const QStringList parts = relative.split(QLatin1Char('/'));
    if (parts.size() < 3 || parts.first().startsWith(QLatin1Char('.'))) return QString();
    return parts.at(1);
}

/// The same folder, however it was written (a symlinked or relative path included).
bool sameFolder(const QString& a, const QString& b) {
    if (QDir::cleanPath(a) == QDir::cleanPath(b)) return true;
    const QString ca = QFileInfo(a).canonicalFilePath();
    return !ca.isEmpty() && ca == QFileInfo(b).canonicalFilePath();
}

QString swatch(const QColor& c) {
    return QStringLiteral("<span style=\"color:%1\">&#9679;</span>").arg(c.name());
}

}  // namespace

EmbeddingPanel::EmbeddingPanel(ThumbnailCache* cache, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);

    auto* first = new QHBoxLayout;
    auto* splitLabel = new QLabel(tr("Split:"), this);
    split_ = new QComboBox(this);
    split_->setObjectName(QStringLiteral("embeddingSplit"));
    splitLabel->setBuddy(split_);
    auto* methodLabel = new QLabel(tr("Method:"), this);
    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("embeddingMethod"));
    method_->addItem(methodText(QStringLiteral("pca")), QStringLiteral("pca"));
    method_->addItem(methodText(QStringLiteral("tsne")), QStringLiteral("tsne"));
    method_->setItemData(0, tr("The two leading principal components: instant and linear"),
                         Qt::ToolTipRole);
    method_->setItemData(1,
                         tr("Barnes-Hut t-SNE: keeps neighbourhoods, takes a while; the map "
                            "moves while it converges"),
                         Qt::ToolTipRole);
    methodLabel->setBuddy(method_);
    compute_ = new QPushButton(tr("Compute"), this);
    compute_->setObjectName(QStringLiteral("embeddingCompute"));
    compute_->setToolTip(tr("Lays out the split's cached backbone features in two dimensions"));
    first->addWidget(splitLabel);
    first->addWidget(split_);
    first->addWidget(methodLabel);
    first->addWidget(method_);
    first->addWidget(compute_);
    first->addStretch(1);
    layout->addLayout(first);

    auto* second = new QHBoxLayout;
    auto* colourLabel = new QLabel(tr("Colour by:"), this);
    colour_ = new QComboBox(this);
    colour_->setObjectName(QStringLiteral("embeddingColour"));
    colour_->addItem(tr("True class"), int(EmbeddingMapView::Colouring::TrueClass));
    colour_->addItem(tr("Predicted class"), int(EmbeddingMapView::Colouring::Predicted));
    colour_->addItem(tr("Wrong predictions"), int(EmbeddingMapView::Colouring::Wrong));
    colourLabel->setBuddy(colour_);
    second->addWidget(colourLabel);
    second->addWidget(colour_);
    second->addSpacing(12);
    tools_ = new QButtonGroup(this);
    const struct {
        EmbeddingMapView::Tool tool;
        QString text, tip;
        const char* name;
    } tools[] = {
        {EmbeddingMapView::Tool::Pan, tr("Pan"),
         tr("Drag to move the map, the wheel zooms; Shift+drag selects a rectangle, Ctrl+drag "
            "a lasso"),
         "embeddingPan"},
        {EmbeddingMapView::Tool::Rectangle, tr("Rectangle"),
         tr("Drag a rectangle: its images go to the gallery's Selected on map tab"),
         "embeddingRectangle"},
        {EmbeddingMapView::Tool::Lasso, tr("Lasso"),
         tr("Draw around points: their images go to the gallery's Selected on map tab"),
         "embeddingLasso"},
    };
    for (const auto& t : tools) {
        auto* b = new QToolButton(this);
        b->setObjectName(QLatin1String(t.name));
        b->setText(t.text);
        b->setToolTip(t.tip);
        b->setCheckable(true);
        tools_->addButton(b, int(t.tool));
        second->addWidget(b);
    }
    tools_->button(int(EmbeddingMapView::Tool::Pan))->setChecked(true);
    fit_ = new QPushButton(tr("Fit"), this);
    fit_->setObjectName(QStringLiteral("embeddingFit"));
    fit_->setToolTip(tr("Show every point (double-clicking the map does the same)"));
    second->addWidget(fit_);
    second->addStretch(1);
    layout->addLayout(second);

    view_ = new EmbeddingMapView(cache, this);
    view_->setObjectName(QStringLiteral("embeddingMap"));
    view_->setPlaceholder(
        tr("Choose a split and a method and press Compute: each image of the split becomes a "
           "point, placed by its backbone features."));
    layout->addWidget(view_, 1);

    legend_ = new QLabel(this);
    legend_->setObjectName(QStringLiteral("embeddingLegend"));
    legend_->setWordWrap(true);
    legend_->setTextFormat(Qt::RichText);
    layout->addWidget(legend_);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("embeddingStatus"));
    status_->setWordWrap(true);
    layout->addWidget(status_);

    connect(compute_, &QPushButton::clicked, this, [this] {
        Q_EMIT computeRequested(split_->currentData().toString(),
                                method_->currentData().toString());
    });
    connect(colour_, &QComboBox::currentIndexChanged, this, [this] {
        view_->setColouring(EmbeddingMapView::Colouring(colour_->currentData().toInt()));
        updateLegend();
    });
    connect(tools_, &QButtonGroup::idClicked, this,
            [this](int id) { view_->setTool(EmbeddingMapView::Tool(id)); });
    connect(fit_, &QPushButton::clicked, view_, &EmbeddingMapView::fitToData);
    connect(view_, &EmbeddingMapView::pointClicked, this, [this](int i) {
        if (i >= 0 && i < view_->items().size() && !view_->items()[i].path.isEmpty())
            Q_EMIT openRequested(view_->items()[i], view_->classes());
    });
    connect(view_, &EmbeddingMapView::selectionMade, this, [this](const QVector<int>& indices) {
        QVector<PredictionItem> picked;
        for (int i : indices)
            if (!view_->items()[i].path.isEmpty()) picked << view_->items()[i];
        if (!picked.isEmpty()) {
            showSummary(tr("Images selected: %1. The gallery's Selected on map tab shows them.")
                            .arg(QLocale().toString(picked.size())));
            Q_EMIT pointsSelected(picked);
        } else {
            showSummary();
        }
    });
    setSplits({QStringLiteral("train"), QStringLiteral("valid")});
    split_->setCurrentIndex(split_->findData(QStringLiteral("valid")));
    clear();
}

QString EmbeddingPanel::methodText(const QString& method) {
    return method == QLatin1String("pca") ? tr("PCA") : tr("t-SNE");
}

QToolButton* EmbeddingPanel::toolButton(EmbeddingMapView::Tool tool) const {
    return qobject_cast<QToolButton*>(tools_->button(int(tool)));
}

void EmbeddingPanel::setSplits(const QStringList& splits) {
    const QString current = split_->currentData().toString();
    split_->clear();
    for (const QString& s : splits) split_->addItem(s, s);
    const int keep = split_->findData(current);
    // The validation split by default: the run's predictions are for it.
    const int valid = split_->findData(QStringLiteral("valid"));
    split_->setCurrentIndex(keep >= 0 ? keep : valid >= 0 ? valid : 0);
    compute_->setEnabled(!busy_ && split_->count() > 0);
}

void EmbeddingPanel::setBusy(bool busy) {
    busy_ = busy;
    compute_->setEnabled(!busy && split_->count() > 0);
}

void EmbeddingPanel::clear() {
    result_ = {};  // the run's predictions stay: a run is not tied to the open folder
    itemsMatchFrames_ = false;
    computingSplit_.clear();
    view_->clear();
    join();
    status_->setText(
        tr("Hover a point for its thumbnail, click it to inspect the image, "
           "Shift+drag to send a group of images to the gallery."));
}

void EmbeddingPanel::setComputing(const QString& split, const QString& method) {
    // Frames of the same split arrive in the shown points' order when nothing moved since:
    // they keep their colours. Another split's frames are grey until its labels arrive.
    framesKeepColours_ = itemsMatchFrames_ && split == result_.split;
    greyFrames_ = false;
    computingSplit_ = split;
    status_->setText(tr("Computing the %1 of %2/…").arg(methodText(method), split));
}

void EmbeddingPanel::setFrame(const EmbeddingFrameUpdate& frame) {
    if (framesKeepColours_ && frame.coords.size() == view_->count()) {
        view_->setCoordinates(frame.coords);
    } else if (greyFrames_ && frame.coords.size() == view_->count()) {
        view_->setCoordinates(frame.coords);
    } else {
        framesKeepColours_ = false;
        greyFrames_ = true;
        view_->setPoints({}, {}, frame.coords);
        legend_->setText(tr("Colours appear when the layout is done."));
    }
    status_->setText((frame.exaggerated
                          ? tr("t-SNE of %1/: iteration %2 of %3 (early exaggeration: "
                               "clusters look tighter than they are)")
                          : tr("t-SNE of %1/: iteration %2 of %3"))
                         .arg(computingSplit_)
                         .arg(frame.iteration)
                         .arg(frame.iterations));
}

void EmbeddingPanel::setResult(const EmbeddingResult& result) {
    result_ = result;
    computingSplit_.clear();
    // After frames of the same points the user's zoom stays; otherwise the map fits them.
    const bool keepView = (framesKeepColours_ || greyFrames_) && !view_->followsData() &&
                          view_->count() == result.coords.size();
    view_->setPoints(result.classes, result.items, result.coords, keepView);
    framesKeepColours_ = greyFrames_ = false;
    itemsMatchFrames_ = true;
    const int at = split_->findData(result.split);
    if (at >= 0) split_->setCurrentIndex(at);
    join();
    showSummary();
}

void EmbeddingPanel::setFailed(const QString& message) {
    if (computingSplit_.isEmpty()) return;
    computingSplit_.clear();
    status_->setText(message);
}

void EmbeddingPanel::setRunPredictions(const RunPredictions& run) {
    run_ = run;
    join();
}

void EmbeddingPanel::join() {
    QVector<PredictionItem> items = result_.items;
    for (PredictionItem& item : items) {
        item.predicted = -1;
        item.probs.clear();
    }
    noPredictions_.clear();
    if (run_.dataDir.isEmpty()) {
        noPredictions_ = tr("No run: train a stage or open a run to colour by its predictions.");
    } else if (!result_.dataDir.isEmpty() && !sameFolder(run_.dataDir, result_.dataDir)) {
        noPredictions_ = tr("The shown run was trained on another data folder.");
    } else if (!result_.split.isEmpty() && result_.split != run_.split) {
        noPredictions_ = tr("The run has predictions for %1/ only.").arg(run_.split);
    } else if (!result_.items.isEmpty()) {
        // Relative paths join the two; class indices go through the names (the same folder
        // scanned twice gives the same order, but a run opened later might not).
        QHash<QString, int> at;
        for (int i = 0; i < items.size(); ++i) at.insert(items[i].displayPath, i);
        QVector<int> classMap(run_.classes.size());
        for (int c = 0; c < run_.classes.size(); ++c)
            classMap[c] = int(result_.classes.indexOf(run_.classes[c]));
        int joined = 0;
        for (const PredictionItem& p : run_.items) {
            const auto it = at.constFind(p.displayPath);
            if (it == at.constEnd()) continue;
            PredictionItem& item = items[it.value()];
            item.predicted = classMap.value(p.predicted, -1);
            item.probs.resize(result_.classes.size());
            item.probs.fill(0);
            for (int c = 0; c < p.probs.size() && c < classMap.size(); ++c)
                if (classMap[c] >= 0) item.probs[classMap[c]] = p.probs[c];
            ++joined;
        }
        if (joined == 0) noPredictions_ = tr("The run has no prediction for these images.");
    }
    if (!result_.items.isEmpty()) view_->setItems(items);
    updateColourChoices();
    updateLegend();
}

void EmbeddingPanel::updateColourChoices() {
    auto* model = qobject_cast<QStandardItemModel*>(colour_->model());
    const bool available = noPredictions_.isEmpty();
    for (int row = 1; row < colour_->count(); ++row) {
        QStandardItem* item = model->item(row);
        item->setEnabled(available);
        item->setToolTip(noPredictions_);
    }
    colour_->setToolTip(available ? tr("What the points' colours show") : noPredictions_);
    if (!available && colour_->currentIndex() != 0) colour_->setCurrentIndex(0);
}

void EmbeddingPanel::updateLegend() {
    const QVector<PredictionItem>& items = view_->items();
    if (items.isEmpty() || result_.items.isEmpty()) {
        legend_->clear();
        return;
    }
    // One entry per colour the map uses, with how many points have it.
    QVector<int> perClass(result_.classes.size());
    int correct = 0, wrong = 0, unknown = 0;
    const auto mode = view_->colouring();
    for (const PredictionItem& item : items) {
        const int c =
            mode == EmbeddingMapView::Colouring::Predicted ? item.predicted : item.trueLabel;
        if (mode == EmbeddingMapView::Colouring::Wrong) {
            if (item.trueLabel < 0 || item.predicted < 0)
                ++unknown;
            else if (item.trueLabel == item.predicted)
                ++correct;
            else
                ++wrong;
        } else if (c >= 0 && c < perClass.size()) {
            ++perClass[c];
        } else {
            ++unknown;
        }
    }
    const QLocale locale;
    QStringList entries;
    auto entry = [&](const QColor& colour, const QString& name, int n) {
        entries << swatch(colour) + QStringLiteral("&nbsp;") +
                       QString(name).toHtmlEscaped().replace(QLatin1Char(' '),
                                                             QStringLiteral("&nbsp;")) +
                       QStringLiteral("&nbsp;(%1)").arg(locale.toString(n));
    };
    if (mode == EmbeddingMapView::Colouring::Wrong) {
        entry(EmbeddingMapView::correctColour(), tr("correct"), correct);
        entry(EmbeddingMapView::wrongColour(), tr("wrong"), wrong);
    } else {
        for (int c = 0; c < perClass.size(); ++c)
            entry(EmbeddingMapView::classColour(c), result_.classes[c], perClass[c]);
    }
    if (unknown > 0)
        entry(
            EmbeddingMapView::unknownColour(),
            mode == EmbeddingMapView::Colouring::TrueClass ? tr("unlabelled") : tr("no prediction"),
            unknown);
    legend_->setText(entries.join(QStringLiteral(" &nbsp; ")));
}

void EmbeddingPanel::showSummary(const QString& extra) {
    const EmbeddingResult& r = result_;
    if (r.items.isEmpty()) return;
    const QLocale locale;
    QString text;
    if (r.method == QLatin1String("pca"))
        text = tr("PCA of %1/: %2 images, %3 features at %4; the axes hold %5% and %6% of the "
                  "variance.")
                   .arg(r.split, locale.toString(r.items.size()), locale.toString(r.featureDim),
                        r.layer)
                   .arg(r.explained[0] * 100, 0, 'f', 1)
                   .arg(r.explained[1] * 100, 0, 'f', 1);
    else
        text =
            tr("t-SNE of %1/: %2 images, %3 features at %4; perplexity %5, %6 iterations, "
               "KL divergence %7.")
                .arg(r.split, locale.toString(r.items.size()), locale.toString(r.featureDim),
                     r.layer, locale.toString(r.perplexity, 'g', 3), locale.toString(r.iterations))
                .arg(r.klDivergence, 0, 'f', 3);
    text += QLatin1Char(' ') + tr("%1 s.").arg(locale.toString(r.seconds, 'f', 1));
    if (r.skipped > 0) text += QLatin1Char(' ') + tr("Files skipped: %1.").arg(r.skipped);
    for (const QString& n : r.notes) text += QLatin1Char(' ') + n;
    if (!extra.isEmpty()) text += QLatin1Char('\n') + extra;
    status_->setText(text);
}

void EmbeddingPanel::relocate(const QString& dataDir,
                              const QVector<QPair<QString, QString>>& moves) {
    if (result_.items.isEmpty() || moves.isEmpty() || !sameFolder(dataDir, result_.dataDir)) return;
    QHash<QString, int> at;
    for (int i = 0; i < result_.items.size(); ++i) at.insert(result_.items[i].displayPath, i);
    QVector<bool> gone(result_.items.size(), false);
    bool changed = false;
    const QDir root(result_.dataDir);
    for (const auto& [from, to] : moves) {
        const auto it = at.find(from);
        if (it == at.end()) continue;
        const int i = it.value();
        at.erase(it);
        PredictionItem& item = result_.items[i];
        const QString cls = classOf(to);
        changed = true;
        if (cls.isEmpty()) {  // quarantined: out of the splits, off the map
            gone[i] = true;
            continue;
        }
        item.path = root.filePath(to);
        item.displayPath = to;
        item.trueLabel = int(result_.classes.indexOf(cls));
        at.insert(to, i);
    }
    if (!changed) return;
    // Paths now differ from the engine's order: later frames cannot borrow these colours.
    itemsMatchFrames_ = false;
    EmbeddingResult kept = result_;
    kept.items.clear();
    kept.coords.clear();
    for (int i = 0; i < result_.items.size(); ++i)
        if (!gone[i]) {
            kept.items << result_.items[i];
            kept.coords << result_.coords[i];
        }
    const bool sameCount = kept.items.size() == result_.items.size();
    result_ = kept;
    if (sameCount)
        view_->setItems(result_.items);  // keeps the zoom and the selection rings
    else
        view_->setPoints(result_.classes, result_.items, result_.coords, true);
    join();
}

// Inspector panel: the selected image and everything known about it.
#include "inspector_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "grad_cam_controls.h"
#include "probability_bars.h"
#include "relabel_menu.h"

InspectorPanel::InspectorPanel(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);  // arrow keys step through the gallery
    auto* layout = new QHBoxLayout(this);
    picture_ = new QLabel(this);
    picture_->setObjectName(QStringLiteral("inspectorImage"));
    picture_->setAlignment(Qt::AlignCenter);
    picture_->setMinimumSize(160, 160);
    // The placeholder sentence is wider than a narrow dock (German): wrap it, never clip it.
    picture_->setWordWrap(true);
    picture_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    auto* left = new QVBoxLayout;
    left->addWidget(picture_, 1);
    gradCam_ = new GradCamControls(this);
    gradCam_->setObjectName(QStringLiteral("gradCam"));
    left->addWidget(gradCam_);
    layout->addLayout(left, 3);
    connect(gradCam_, &GradCamControls::selectionChanged, this, &InspectorPanel::requestGradCam);
    connect(gradCam_, &GradCamControls::opacityChanged, this, [this] { updatePixmap(); });

    auto* side = new QVBoxLayout;
    path_ = new QLabel(this);
    path_->setObjectName(QStringLiteral("inspectorPath"));
    path_->setWordWrap(true);
    path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    labels_ = new QLabel(this);
    labels_->setObjectName(QStringLiteral("inspectorLabels"));
    labels_->setTextFormat(Qt::RichText);
    side->addWidget(path_);
    side->addWidget(labels_);
    side->addWidget(new QLabel(tr("Class probabilities"), this));
    classBars_ = new ProbabilityBars(this);
    classBars_->setObjectName(QStringLiteral("classBars"));
    side->addWidget(classBars_);
    side->addWidget(new QLabel(tr("Backbone ImageNet top-5"), this));
    imageNet_ = new ProbabilityBars(this);
    imageNet_->setObjectName(QStringLiteral("imageNetBars"));
    side->addWidget(imageNet_);
    auto* buttons = new QHBoxLayout;
    open_ = new QPushButton(tr("Open containing folder"), this);
    open_->setObjectName(QStringLiteral("openFolder"));
    copy_ = new QPushButton(tr("Copy path"), this);
    copy_->setObjectName(QStringLiteral("copyPath"));
    connect(open_, &QPushButton::clicked, this, &InspectorPanel::openContainingFolder);
    connect(copy_, &QPushButton::clicked, this, &InspectorPanel::copyPath);
    buttons->addWidget(open_);
    buttons->addWidget(copy_);
    side->addLayout(buttons);
    // The image's class folder can change from here, as from the gallery's context menu.
    auto* relabel = new QHBoxLayout;
    moveTo_ = new QToolButton(this);
    moveTo_->setObjectName(QStringLiteral("relabelMove"));
    moveTo_->setText(tr("Move to class"));
    moveTo_->setPopupMode(QToolButton::InstantPopup);
    moveTo_->setMenu(new QMenu(moveTo_));
    quarantine_ = new QPushButton(tr("Quarantine"), this);
    quarantine_->setObjectName(QStringLiteral("relabelQuarantine"));
    quarantine_->setToolTip(
        tr("Move the image file out of the splits into "
           ".featurelab/quarantine (Ctrl+Z undoes it)"));
    connect(quarantine_, &QPushButton::clicked, this, [this] {
        if (!item_.path.isEmpty()) Q_EMIT quarantineRequested(item_.path);
    });
    relabel->addWidget(moveTo_);
    relabel->addWidget(quarantine_);
    relabel->addStretch(1);
    side->addLayout(relabel);
    side->addStretch(1);
    auto* hint = new QLabel(tr("← → step through the gallery"), this);
    hint->setEnabled(false);
    side->addWidget(hint);
    layout->addLayout(side, 2);
    clear();
}

void InspectorPanel::clear() {
    item_ = {};
    image_ = {};
    heat_ = {};
    gradCam_->setStatus(QString());
    picture_->clear();
    picture_->setText(tr("Click a thumbnail in the gallery"));
    path_->clear();
    labels_->clear();
    classBars_->setPlaceholder(QString());
    imageNet_->setPlaceholder(QString());
    open_->setEnabled(false);
    copy_->setEnabled(false);
    moveTo_->setEnabled(false);
    quarantine_->setEnabled(false);
}

void InspectorPanel::showItem(const PredictionItem& item, const QStringList& classes) {
    item_ = item;
    classes_ = classes;
    heat_ = {};
    // One image at display size decodes in a few milliseconds; thumbnails are the costly part
    // and those are decoded off the UI thread.
    QImageReader reader(item.path);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > 1024 || full.height() > 1024))
        reader.setScaledSize(full.scaled(1024, 1024, Qt::KeepAspectRatio));
    image_ = reader.read();
    if (image_.isNull())
        picture_->setText(tr("Cannot read this image: %1").arg(reader.errorString()));
    updatePixmap();

    path_->setText(
        QDir::toNativeSeparators(item.displayPath.isEmpty() ? item.path : item.displayPath));
    path_->setToolTip(item.path);
    const QString truth = classes.value(item.trueLabel, tr("unknown"));
    const QString pred = classes.value(item.predicted, tr("unknown"));
    const bool wrong = item.trueLabel >= 0 && item.trueLabel != item.predicted;
    labels_->setText(tr("True: <b>%1</b><br>Predicted: <b><span style=\"color:%3\">%2</span></b>")
                         .arg(truth.toHtmlEscaped(), pred.toHtmlEscaped(),
                              wrong ? QStringLiteral("#c0392b") : QStringLiteral("#2e8b57")));
    QVector<QPair<QString, double>> bars;
    for (int c = 0; c < item.probs.size(); ++c) bars.append({classes.value(c), item.probs[c]});
    classBars_->setBars(bars, truth);
    imageNet_->setPlaceholder(tr("computing…"));
    open_->setEnabled(true);
    copy_->setEnabled(true);
    relabelmenu::fillClassMenu(
        moveTo_->menu(), classes, item.trueLabel,
        [this, path = item.path](const QString& c) { Q_EMIT moveToClassRequested(path, c); });
    moveTo_->setEnabled(moveTo_->menu()->isEnabled());
    quarantine_->setEnabled(true);
    gradCam_->setClasses(classes);
    requestGradCam();
}

void InspectorPanel::requestGradCam() {
    if (item_.path.isEmpty()) return;
    if (!heat_.isEmpty()) {
        heat_ = {};
        updatePixmap();
    }
    gradCam_->setStatus(tr("computing…"));
    Q_EMIT gradCamRequested(item_.path, gradCam_->classIndex(), gradCam_->layer());
}

void InspectorPanel::setHeatMap(const HeatMap& map) {
    const int wantedClass = gradCam_->classIndex();
    const QString wantedLayer = gradCam_->layer();
    // A late answer to an earlier choice would show the wrong map: "predicted" and "default"
    // mean the predicted class and the last of the layers.
    if (map.path != item_.path ||
        map.classIndex != (wantedClass >= 0 ? wantedClass : map.predicted) ||
        map.layer !=
            (wantedLayer.isEmpty() ? map.layers.value(map.layers.size() - 1) : wantedLayer))
        return;
    heat_ = map;
    gradCam_->setLayers(map.layers);
    gradCam_->setStatus(tr("Evidence for %1 at %2 (%3×%4)")
                            .arg(classes_.value(map.classIndex, tr("unknown")), map.layer)
                            .arg(map.layerSize.width())
                            .arg(map.layerSize.height()));
    updatePixmap();
}

void InspectorPanel::setHeatMapMessage(const QString& path, const QString& text) {
    if (path == item_.path) gradCam_->setStatus(text);
}

QImage InspectorPanel::composedImage() const {
    return overlayHeatMap(image_, heat_, gradCam_->opacity());
}

void InspectorPanel::setImageNetTop(const QString& path,
                                    const QVector<QPair<QString, double>>& top) {
    if (path != item_.path) return;
    imageNet_->setBars(top, QString(), 5);
}

void InspectorPanel::setImageNetMessage(const QString& text) { imageNet_->setPlaceholder(text); }

void InspectorPanel::updatePixmap() {
    if (image_.isNull()) return;
    const qreal dpr = devicePixelRatioF();
    QPixmap pm = QPixmap::fromImage(composedImage().scaled(
        (picture_->size() - QSize(4, 4)) * dpr, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    pm.setDevicePixelRatio(dpr);
    picture_->setPixmap(pm);
}

void InspectorPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updatePixmap();
}

void InspectorPanel::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_Left:
        case Qt::Key_Up:
            Q_EMIT stepRequested(-1);
            return;
        case Qt::Key_Right:
        case Qt::Key_Down:
            Q_EMIT stepRequested(1);
            return;
        default:
            QWidget::keyPressEvent(event);
    }
}

void InspectorPanel::openContainingFolder() {
    if (item_.path.isEmpty()) return;
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(item_.path).absolutePath()));
}

void InspectorPanel::copyPath() {
    if (!item_.path.isEmpty()) QApplication::clipboard()->setText(item_.path);
}

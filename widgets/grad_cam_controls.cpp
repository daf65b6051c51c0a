// Grad-CAM controls: two combo boxes, a slider and a status line.
#include "grad_cam_controls.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

GradCamControls::GradCamControls(QWidget* parent) : QGroupBox(tr("Grad-CAM"), parent) {
    // Two compact rows under the image: the Inspector's side column is already full.
    auto* grid = new QGridLayout(this);
    class_ = new QComboBox(this);
    class_->setObjectName(QStringLiteral("gradCamClass"));
    class_->addItem(tr("Predicted class"), -1);
    layer_ = new QComboBox(this);
    layer_->setObjectName(QStringLiteral("gradCamLayer"));
    layer_->addItem(tr("Last conv block"), QString());
    layer_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    layer_->setMinimumContentsLength(12);
    opacity_ = new QSlider(Qt::Horizontal, this);
    opacity_->setObjectName(QStringLiteral("gradCamOpacity"));
    opacity_->setRange(0, 100);
    opacity_->setValue(50);
    opacity_->setToolTip(tr("How strongly the heat map covers the image (0: the image alone)"));
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("gradCamStatus"));
    status_->setWordWrap(true);
    grid->addWidget(new QLabel(tr("Class"), this), 0, 0);
    grid->addWidget(class_, 0, 1);
    grid->addWidget(new QLabel(tr("Layer"), this), 0, 2);
    grid->addWidget(layer_, 0, 3);
    grid->addWidget(new QLabel(tr("Opacity"), this), 1, 0);
    grid->addWidget(opacity_, 1, 1);
    grid->addWidget(status_, 1, 2, 1, 2);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 2);
    setToolTip(
        tr("Where the evidence for the class lies: the gradients of its score weight the "
           "channels of a conv layer (red: strong, blue: none)."));
    connect(class_, &QComboBox::currentIndexChanged, this, &GradCamControls::selectionChanged);
    connect(layer_, &QComboBox::currentIndexChanged, this, &GradCamControls::selectionChanged);
    connect(opacity_, &QSlider::valueChanged, this,
            [this](int v) { Q_EMIT opacityChanged(v / 100.0); });
}

void GradCamControls::setClasses(const QStringList& classes) {
    if (classes == classes_) return;
    classes_ = classes;
    const QSignalBlocker block(class_);
    class_->setCurrentIndex(0);
    while (class_->count() > 1) class_->removeItem(1);
    for (int i = 0; i < classes.size(); ++i) class_->addItem(classes[i], i);
}

void GradCamControls::setLayers(const QStringList& layers) {
    if (layers == layers_) return;
    layers_ = layers;
    const QString chosen = layer();
    const QSignalBlocker block(layer_);
    while (layer_->count() > 1) layer_->removeItem(1);
    // Deepest first: the layers near the default are the ones worth comparing.
    for (int i = int(layers.size()) - 2; i >= 0; --i) layer_->addItem(layers[i], layers[i]);
    // The default's name goes into its tooltip: the combo stays narrow in a docked Inspector,
    // and the status line names the layer of the map shown.
    layer_->setItemData(
        0, layers.isEmpty() ? QString() : tr("Last conv block (%1)").arg(layers.last()),
        Qt::ToolTipRole);
    const int keep = layer_->findData(chosen);
    layer_->setCurrentIndex(keep >= 0 ? keep : 0);
}

void GradCamControls::setStatus(const QString& text) { status_->setText(text); }

int GradCamControls::classIndex() const { return class_->currentData().toInt(); }
QString GradCamControls::layer() const { return layer_->currentData().toString(); }
double GradCamControls::opacity() const { return opacity_->value() / 100.0; }

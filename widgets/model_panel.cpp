// Model panel: backbone choice and per-layer trainability.
#include "model_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* grid = new QGridLayout;
    arch_ = new QComboBox(this);
    arch_->setObjectName(QStringLiteral("architecture"));
    arch_->setEditable(true);  // an architecture this list does not know yet can still be typed
    grid->addWidget(new QLabel(tr("Architecture"), this), 0, 0);
    grid->addWidget(arch_, 0, 1, 1, 2);
    weights_ = new QLineEdit(this);
    weights_->setObjectName(QStringLiteral("weightsPath"));
    weights_->setPlaceholderText(tr("Weights file (.h5, .safetensors, .pt)"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a weights file"));
    connect(browse, &QToolButton::clicked, this, &ModelPanel::browseWeights);
    grid->addWidget(new QLabel(tr("Weights"), this), 1, 0);
    grid->addWidget(weights_, 1, 1);
    grid->addWidget(browse, 1, 2);
    layout->addLayout(grid);

    warning_ = new QLabel(this);
    warning_->setObjectName(QStringLiteral("weightsWarning"));
    warning_->setWordWrap(true);
    warning_->setStyleSheet(QStringLiteral("color: #c0392b; font-weight: bold;"));
    layout->addWidget(warning_);

    // A changed backbone is undescribed until the engine answers: its notop note goes.
    auto emitSpec = [this] {
        untrainedTop_.clear();
        updateWarning();
        Q_EMIT backboneChanged(backboneSpec());
    };
    connect(arch_, &QComboBox::currentTextChanged, this, emitSpec);
    connect(weights_, &QLineEdit::editingFinished, this, emitSpec);
    connect(weights_, &QLineEdit::textChanged, this, [this] {
        untrainedTop_.clear();
        updateWarning();
    });

    presetRow_ = new QHBoxLayout;
    presetRow_->addWidget(new QLabel(tr("Stage presets:"), this));
    presetRow_->addStretch(1);
    layout->addLayout(presetRow_);
    presetNote_ = new QLabel(this);
    presetNote_->setObjectName(QStringLiteral("presetNote"));
    presetNote_->setWordWrap(true);
    layout->addWidget(presetNote_);

    table_ = new QTableWidget(0, 4, this);
    table_->setObjectName(QStringLiteral("layerTable"));
    table_->setHorizontalHeaderLabels({tr("Layer"), tr("Kind"), tr("Output shape"), tr("Params")});
    table_->verticalHeader()->setVisible(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setStretchLastSection(true);
    connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (updating_ || item->column() != 0) return;
        layers_[item->row()].trainable = item->checkState() == Qt::Checked;
        custom_ = true;
        updatePresetNote();
        updateParams();
    });
    layout->addWidget(table_, 1);

    auto* bottom = new QHBoxLayout;
    auto* freeze = new QPushButton(tr("Freeze all below selected"), this);
    freeze->setObjectName(QStringLiteral("freezeBelow"));
    freeze->setToolTip(
        tr("Freeze every layer above the selected one; the selected layer and "
           "all later layers train"));
    connect(freeze, &QPushButton::clicked, this, [this] {
        if (table_->currentRow() >= 0) freezeAllBelow(table_->currentRow());
    });
    auto* copy = new QPushButton(tr("Copy summary"), this);
    copy->setObjectName(QStringLiteral("copySummary"));
    connect(copy, &QPushButton::clicked, this, &ModelPanel::copySummary);
    bottom->addWidget(freeze);
    bottom->addWidget(copy);
    bottom->addStretch(1);
    layout->addLayout(bottom);
    params_ = new QLabel(this);
    params_->setObjectName(QStringLiteral("paramsLabel"));
    layout->addWidget(params_);
    updateWarning();
    updateParams();
}

void ModelPanel::setArchitectures(const QStringList& names) {
    const QString current = arch_->currentText();
    QSignalBlocker block(arch_);
    arch_->clear();
    arch_->addItems(names);
    arch_->setCurrentText(current.isEmpty() ? names.value(0) : current);
}

void ModelPanel::setBackbone(const QString& architecture, const QString& weightsPath) {
    {
        QSignalBlocker b1(arch_), b2(weights_);
        if (arch_->findText(architecture) < 0) arch_->addItem(architecture);
        arch_->setCurrentText(architecture);
        weights_->setText(weightsPath);
    }
    untrainedTop_.clear();
    updateWarning();
    Q_EMIT backboneChanged(backboneSpec());
}

QString ModelPanel::architecture() const { return arch_->currentText().trimmed(); }
QString ModelPanel::weightsPath() const { return weights_->text().trimmed(); }

QString ModelPanel::backboneSpec() const {
    return weightsPath().isEmpty() ? architecture()
                                   : architecture() + QLatin1Char(':') + weightsPath();
}

QString ModelPanel::weightsWarning() const { return warning_->text(); }

void ModelPanel::updateWarning() {
    const QString w = weightsPath();
    if (w.isEmpty())
        warning_->setText(
            tr("No weights file: the backbone starts from random weights, so its "
               "features carry no ImageNet knowledge and accuracy will be poor."));
    else if (!QFileInfo(w).isFile())
        warning_->setText(tr("Weights file not found: %1").arg(w));
    else if (!untrainedTop_.isEmpty())
        warning_->setText(
            tr("This weights file has no ImageNet classifier (Keras include_top=False): %1 "
               "start from random weights. The 'linear' stage and the ImageNet top-5 need the "
               "full file; start at 'last'.")
                .arg(untrainedTop_.join(QStringLiteral(", "))));
    else
        warning_->clear();
    warning_->setVisible(!warning_->text().isEmpty());
}

void ModelPanel::browseWeights() {
    const QString f = QFileDialog::getOpenFileName(
        this, tr("Choose a weights file"), QFileInfo(weightsPath()).absolutePath(),
        tr("Weights (*.h5 *.hdf5 *.safetensors *.pt *.pth);;All files (*)"));
    if (f.isEmpty()) return;
    weights_->setText(f);
    Q_EMIT backboneChanged(backboneSpec());
}

void ModelPanel::setLayers(const QVector<LayerRow>& layers) {
    layers_ = layers;
    custom_ = false;
    updating_ = true;
    table_->setRowCount(layers.size());
    const QLocale loc;
    for (int r = 0; r < layers.size(); ++r) {
        const LayerRow& l = layers[r];
        table_->setItem(r, 0, new QTableWidgetItem(l.name));
        table_->setItem(r, 1, new QTableWidgetItem(l.kind));
        table_->setItem(r, 2, new QTableWidgetItem(l.outputShape));
        auto* params = new QTableWidgetItem(loc.toString(l.params));
        params->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table_->setItem(r, 3, params);
    }
    updating_ = false;
    updateCheckboxes();
    table_->resizeColumnsToContents();
    updateParams();
}

bool ModelPanel::canTrain(int row) const {
    if (layers_[row].params > 0) return true;
    // A layer without parameters yet that a stage trains: a classifier the stage creates.
    for (const StagePreset& p : presets_)
        if (p.layers.contains(layers_[row].name)) return true;
    return false;
}

void ModelPanel::updateCheckboxes() {
    updating_ = true;
    for (int r = 0; r < layers_.size(); ++r) {
        QTableWidgetItem* name = table_->item(r, 0);
        if (!name) continue;
        if (canTrain(r)) {
            name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            name->setCheckState(layers_[r].trainable ? Qt::Checked : Qt::Unchecked);
        } else {
            // Nothing to train (activation, pooling): no checkbox to tick in vain.
            name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            name->setData(Qt::CheckStateRole, QVariant());
            layers_[r].trainable = false;
        }
    }
    updating_ = false;
}

QVector<LayerRow> ModelPanel::layers() const { return layers_; }

QStringList ModelPanel::trainableLayerNames() const {
    QStringList out;
    for (const LayerRow& l : layers_)
        if (l.trainable) out << l.name;
    return out;
}

qint64 ModelPanel::trainableParams() const {
    qint64 n = 0;
    for (const LayerRow& l : layers_)
        if (l.trainable) n += l.params;
    return n;
}

qint64 ModelPanel::totalParams() const {
    qint64 n = 0;
    for (const LayerRow& l : layers_) n += l.params;
    return n;
}

void ModelPanel::setChecked(int row, bool on) {
    on = on && canTrain(row);
    layers_[row].trainable = on;
    QTableWidgetItem* item = table_->item(row, 0);
    if (item && (item->flags() & Qt::ItemIsUserCheckable))
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}

void ModelPanel::freezeAllBelow(int row) {
    updating_ = true;
    for (int r = 0; r < layers_.size(); ++r) setChecked(r, r >= row);
    updating_ = false;
    custom_ = true;
    updatePresetNote();
    updateParams();
}

void ModelPanel::setUntrainedTop(const QStringList& layers) {
    untrainedTop_ = layers;
    updateWarning();
}

void ModelPanel::setStages(const QStringList& names, const QStringList& descriptions) {
    for (QPushButton* b : std::as_const(presetButtons_)) delete b;
    presetButtons_.clear();
    descriptions_.clear();
    for (int i = 0; i < names.size(); ++i) {
        const QString stage = names[i];
        descriptions_.insert(stage, descriptions.value(i));
        auto* b = new QPushButton(stage, this);
        b->setObjectName(QStringLiteral("preset_") + stage);
        connect(b, &QPushButton::clicked, this, [this, stage] { applyPreset(stage); });
        presetRow_->insertWidget(presetRow_->count() - 1, b);  // before the stretch
        presetButtons_.insert(stage, b);
    }
    updatePresetButtons();
}

void ModelPanel::setStagePresets(const QVector<StagePreset>& presets) {
    presets_.clear();
    for (const StagePreset& p : presets) presets_.insert(p.stage, p);
    if (!presets_.contains(preset_)) preset_.clear();
    updateCheckboxes();
    updatePresetButtons();
    updatePresetNote();
}

void ModelPanel::updatePresetButtons() {
    for (auto it = presetButtons_.begin(); it != presetButtons_.end(); ++it) {
        const auto p = presets_.constFind(it.key());
        const bool usable = p != presets_.constEnd() && p->unavailable.isEmpty();
        it.value()->setEnabled(usable);
        QString tip = descriptions_.value(it.key());
        if (p == presets_.constEnd())
            tip += QStringLiteral("\n") + tr("Shown once the backbone is loaded.");
        else if (!p->unavailable.isEmpty())
            tip += QStringLiteral("\n") + p->unavailable;
        else
            tip +=
                QStringLiteral("\n") +
                tr("Tick the layers the \"%1\" stage trains and select that stage").arg(it.key());
        it.value()->setToolTip(tip);
    }
}

void ModelPanel::applyPreset(const QString& stage, bool select) {
    // The engine decided what the stage trains on this backbone; the panel only shows it.
    const auto p = presets_.constFind(stage);
    if (p == presets_.constEnd() || !p->unavailable.isEmpty()) return;
    updating_ = true;
    int first = -1;
    for (int r = 0; r < layers_.size(); ++r) {
        setChecked(r, p->layers.contains(layers_[r].name));
        if (first < 0 && layers_[r].trainable) first = r;
    }
    updating_ = false;
    // The ticks are the answer: show where they start (conv's are near the bottom).
    if (first >= 0) table_->scrollToItem(table_->item(first, 0), QAbstractItemView::PositionAtTop);
    custom_ = false;
    preset_ = stage;
    updatePresetNote();
    updateParams();
    if (select) Q_EMIT stageSelected(stage);
}

void ModelPanel::updatePresetNote() {
    const auto p = presets_.constFind(preset_);
    if (custom_ || p == presets_.constEnd()) {
        presetNote_->setText(
            custom_ ? tr("Ticked by hand: every stage after 'linear' trains exactly these "
                         "layers.")
                    : QString());
        return;
    }
    if (p->layers.isEmpty())
        presetNote_->setText(
            tr("\"%1\" trains a new layer on the backbone's outputs; no backbone layer trains.")
                .arg(preset_));
    else if (p->batchNormFrozen)
        presetNote_->setText(
            tr("\"%1\" trains the ticked layers; BatchNorm layers stay frozen.").arg(preset_));
    else
        presetNote_->setText(tr("\"%1\" trains the ticked layers.").arg(preset_));
}

void ModelPanel::updateParams() {
    const QLocale loc;
    params_->setText(tr("Trainable backbone parameters: %1 of %2")
                         .arg(loc.toString(trainableParams()), loc.toString(totalParams())));
    Q_EMIT trainableChanged();
}

QString ModelPanel::summaryText() const {
    QStringList lines;
    lines << tr("Backbone: %1").arg(backboneSpec());
    lines << QStringLiteral("%1\t%2\t%3\t%4\t%5")
                 .arg(tr("Layer"), tr("Kind"), tr("Output shape"), tr("Params"), tr("Trainable"));
    for (const LayerRow& l : layers_)
        lines << QStringLiteral("%1\t%2\t%3\t%4\t%5")
                     .arg(l.name, l.kind, l.outputShape)
                     .arg(l.params)
                     .arg(l.trainable ? tr("yes") : tr("no"));
    lines << params_->text();
    return lines.join(QLatin1Char('\n'));
}

void ModelPanel::copySummary() { QApplication::clipboard()->setText(summaryText()); }

// Training panel: run settings and the stage table.
#include "training_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

QStringList TrainingPanel::stageNames() {
    return {QStringLiteral("linear"), QStringLiteral("last"), QStringLiteral("dense"),
            QStringLiteral("conv")};
}

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    optimizer_ = new QComboBox(this);
    optimizer_->setObjectName(QStringLiteral("optimizer"));
    optimizer_->addItem(tr("Adam"), QStringLiteral("adam"));
    optimizer_->addItem(tr("SGD with momentum"), QStringLiteral("sgd"));
    optimizer_->addItem(tr("RMSprop"), QStringLiteral("rmsprop"));
    form->addRow(tr("Optimizer"), optimizer_);
    lr_ = new QDoubleSpinBox(this);
    lr_->setObjectName(QStringLiteral("learningRate"));
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1.0);
    lr_->setSingleStep(1e-4);
    form->addRow(tr("Learning rate"), lr_);
    epochs_ = new QSpinBox(this);
    epochs_->setObjectName(QStringLiteral("epochs"));
    epochs_->setRange(1, 1000);
    form->addRow(tr("Epochs per stage"), epochs_);
    batch_ = new QSpinBox(this);
    batch_->setObjectName(QStringLiteral("batchSize"));
    batch_->setRange(1, 4096);
    form->addRow(tr("Batch size"), batch_);
    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, 2147483647);
    form->addRow(tr("Seed"), seed_);
    augment_ = new QCheckBox(tr("Augment images (random crop and flip)"), this);
    augment_->setObjectName(QStringLiteral("augment"));
    form->addRow(QString(), augment_);

    auto* stages = new QHBoxLayout;
    for (const QString& s : stageNames()) {
        auto* box = new QCheckBox(s, this);
        box->setObjectName(QStringLiteral("stage_") + s);
        stageBoxes_ << box;
        stages->addWidget(box);
        connect(box, &QCheckBox::toggled, this, [this] {
            if (!selecting_) Q_EMIT stagesChanged(settings().stages);
        });
    }
    form->addRow(tr("Stages"), stages);
    layout->addLayout(form);

    auto* buttons = new QHBoxLayout;
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName(QStringLiteral("start"));
    start_->setToolTip(tr("Train the ticked stages (Ctrl+R)"));
    stop_ = new QPushButton(tr("Stop"), this);
    stop_->setObjectName(QStringLiteral("stop"));
    stop_->setToolTip(tr("Stop after the current batch (Esc)"));
    connect(start_, &QPushButton::clicked, this, &TrainingPanel::startRequested);
    connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stopRequested);
    buttons->addWidget(start_);
    buttons->addWidget(stop_);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    runtime_ = new QLabel(this);
    runtime_->setObjectName(QStringLiteral("runtime"));
    layout->addWidget(runtime_);

    table_ = new QTableWidget(0, 7, this);
    table_->setObjectName(QStringLiteral("stageTable"));
    table_->setHorizontalHeaderLabels({tr("Stage"), tr("Trainable params"), tr("Epochs"),
                                       tr("Seconds"), tr("Train acc"), tr("Valid acc"),
                                       tr("Valid loss")});
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(table_, 1);

    setSettings(TrainingSettings{});
    selectStage(QStringLiteral("linear"));
    setRunning(false);
}

TrainingSettings TrainingPanel::settings() const {
    TrainingSettings s;
    s.optimizer = optimizer_->currentData().toString();
    s.lr = lr_->value();
    s.epochs = epochs_->value();
    s.batchSize = batch_->value();
    s.seed = quint64(seed_->value());
    s.augment = augment_->isChecked();
    for (QCheckBox* b : stageBoxes_)
        if (b->isChecked()) s.stages << b->text();
    return s;
}

void TrainingPanel::setSettings(const TrainingSettings& s) {
    optimizer_->setCurrentIndex(qMax(0, optimizer_->findData(s.optimizer)));
    lr_->setValue(s.lr);
    epochs_->setValue(s.epochs);
    batch_->setValue(s.batchSize);
    seed_->setValue(int(s.seed));
    augment_->setChecked(s.augment);
    if (!s.stages.isEmpty()) {
        selecting_ = true;  // programmatic: no stagesChanged, so no defaults overwrite s
        for (QCheckBox* b : stageBoxes_) b->setChecked(s.stages.contains(b->text()));
        selecting_ = false;
    }
}

void TrainingPanel::selectStage(const QString& stage) {
    selecting_ = true;
    for (QCheckBox* b : stageBoxes_) b->setChecked(b->text() == stage);
    selecting_ = false;
    augment_->setChecked(stage == QLatin1String("conv"));
    Q_EMIT stagesChanged(settings().stages);
}

void TrainingPanel::setRunning(bool running) {
    running_ = running;
    start_->setEnabled(!running);
    stop_->setEnabled(running);
    for (QWidget* w :
         std::initializer_list<QWidget*>{optimizer_, lr_, epochs_, batch_, seed_, augment_})
        w->setEnabled(!running);
    for (QCheckBox* b : stageBoxes_) b->setEnabled(!running);
}

void TrainingPanel::clearStages() { table_->setRowCount(0); }

void TrainingPanel::addStage(const StageRow& row) {
    const int r = table_->rowCount();
    table_->insertRow(r);
    const QLocale loc;
    const QStringList cells{row.stage,
                            loc.toString(row.trainableParams),
                            QString::number(row.epochs),
                            QString::number(row.seconds, 'f', 1),
                            QString::number(row.trainAcc * 100, 'f', 2) + QLatin1Char('%'),
                            QString::number(row.validAcc * 100, 'f', 2) + QLatin1Char('%'),
                            QString::number(row.validLoss, 'f', 4)};
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (!row.note.isEmpty()) item->setToolTip(row.note);
        table_->setItem(r, c, item);
    }
}

void TrainingPanel::setBestStage(int index) {
    for (int r = 0; r < table_->rowCount(); ++r)
        for (int c = 0; c < table_->columnCount(); ++c)
            if (QTableWidgetItem* item = table_->item(r, c)) {
                QFont f = item->font();
                f.setBold(r == index);
                item->setFont(f);
            }
}

void TrainingPanel::setRuntime(const QString& text) {
    runtime_->setText(text.isEmpty() ? QString() : tr("Device: %1").arg(text));
}

// Training panel: the stage ladder, the seed, Start/Stop and the stage table.
#include "training_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace {

enum Column { StageCol, OptimizerCol, LrCol, EpochsCol, BatchCol, AugmentCol, ColumnCount };

/// Learning rates span decades: shown as 0.0003 or 1e-05, stepped 1, 2, 5, 10, 20, ...
class LrSpinBox : public QDoubleSpinBox {
public:
    explicit LrSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
        setDecimals(12);  // the value keeps what was typed; the text shows 4 digits
        setRange(1e-7, 1.0);
        setKeyboardTracking(false);
    }
    QString textFromValue(double v) const override { return locale().toString(v, 'g', 4); }
    /// Wide enough for four significant digits below 1e-3 ("0.0001234", "1.234e-05"), not just
    /// for the range's ends, which QAbstractSpinBox measures.
    QSize sizeHint() const override { return widened(QDoubleSpinBox::sizeHint()); }
    QSize minimumSizeHint() const override { return widened(QDoubleSpinBox::minimumSizeHint()); }
    double valueFromText(const QString& text) const override {
        return locale().toDouble(text.trimmed());
    }
    QValidator::State validate(QString& text, int&) const override {
        bool ok = false;
        const double v = locale().toDouble(text.trimmed(), &ok);
        return ok && v >= minimum() && v <= maximum() ? QValidator::Acceptable
                                                      : QValidator::Intermediate;
    }
    void stepBy(int steps) override {
        double v = value();
        for (int i = 0; i < std::abs(steps); ++i) v = step(v, steps > 0);
        setValue(qBound(minimum(), v, maximum()));
    }

private:
    QSize widened(QSize s) const {
        const QFontMetrics fm(font());
        const int wanted = fm.horizontalAdvance(textFromValue(0.0001234));
        const int measured = std::max(fm.horizontalAdvance(textFromValue(minimum())),
                                      fm.horizontalAdvance(textFromValue(maximum())));
        if (wanted > measured) s.rwidth() += wanted - measured;
        return s;
    }
    /// The next value of the 1-2-5 series above (or below) v.
    static double step(double v, bool up) {
        const double decade = std::pow(10.0, std::floor(std::log10(v)));
        const double series[] = {0.5, 1, 2, 5, 10, 20};
        if (up) {
            for (double m : series)
                if (m * decade > v * (1 + 1e-9)) return m * decade;
        } else {
            for (int i = 5; i >= 0; --i)
                if (series[i] * decade < v * (1 - 1e-9)) return series[i] * decade;
        }
        return v;
    }
};

bool sameLr(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(a, b); }

/// A widget centred in its table cell.
QWidget* centred(QWidget* w, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* l = new QHBoxLayout(box);
    l->setContentsMargins(4, 0, 4, 0);
    l->addWidget(w, 0, Qt::AlignCenter);
    return box;
}

void setBold(QWidget* w, bool on) {
    QFont f = w->font();
    f.setBold(on);
    w->setFont(f);
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    ladder_ = new QTableWidget(0, ColumnCount, this);
    ladder_->setObjectName(QStringLiteral("ladder"));
    ladder_->setHorizontalHeaderLabels({tr("Stage"), tr("Optimizer"), tr("Learning rate"),
                                        tr("Epochs"), tr("Batch size"), tr("Augment")});
    ladder_->horizontalHeaderItem(AugmentCol)
        ->setToolTip(tr("Train on randomly cropped and flipped images"));
    ladder_->verticalHeader()->setVisible(false);
    ladder_->setSelectionMode(QAbstractItemView::NoSelection);
    ladder_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ladder_->setFocusPolicy(Qt::NoFocus);
    ladder_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    ladder_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    ladder_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(ladder_, 0, Qt::AlignLeft);

    // One row of controls under the ladder keeps room for the stage table.
    auto* controls = new QHBoxLayout;
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName(QStringLiteral("start"));
    start_->setToolTip(tr("Train the ticked stages (Ctrl+R)"));
    stop_ = new QPushButton(tr("Stop"), this);
    stop_->setObjectName(QStringLiteral("stop"));
    stop_->setToolTip(tr("Stop after the current batch (Esc)"));
    connect(start_, &QPushButton::clicked, this, &TrainingPanel::startRequested);
    connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stopRequested);
    controls->addWidget(start_);
    controls->addWidget(stop_);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Seed"), this));
    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, 2147483647);
    connect(seed_, &QSpinBox::valueChanged, this, &TrainingPanel::markOverrides);
    controls->addWidget(seed_);
    reset_ = new QPushButton(tr("Reset to defaults"), this);
    reset_->setObjectName(QStringLiteral("resetDefaults"));
    reset_->setToolTip(tr("Every stage's settings and the seed back to the recipe's defaults"));
    connect(reset_, &QPushButton::clicked, this, &TrainingPanel::resetToDefaults);
    controls->addWidget(reset_);
    // One menu entry per stage row: the ladder has no row selection to act on.
    findLr_ = new QPushButton(tr("Find LR…"), this);
    findLr_->setObjectName(QStringLiteral("findLr"));
    findLr_->setToolTip(
        tr("Sweep a stage's learning rate over 100 batches and "
           "suggest one (the model is not changed)"));
    findLr_->setMenu(new QMenu(findLr_));
    controls->addWidget(findLr_);
    controls->addSpacing(16);
    runtime_ = new QLabel(this);
    runtime_->setObjectName(QStringLiteral("runtime"));
    controls->addWidget(runtime_);
    controls->addStretch(1);
    layout->addLayout(controls);

    table_ = new QTableWidget(0, 7, this);
    table_->setObjectName(QStringLiteral("stageTable"));
    table_->setHorizontalHeaderLabels({tr("Stage"), tr("Trainable params"), tr("Epochs"),
                                       tr("Seconds"), tr("Train acc"), tr("Valid acc"),
                                       tr("Valid loss")});
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(table_, 1);
    setRunning(false);
}

void TrainingPanel::setStages(const QVector<StageDefaults>& stages, quint64 defaultSeed) {
    ladder_->setRowCount(0);
    rows_.clear();
    rows_.reserve(stages.size());
    ladder_->setRowCount(stages.size());
    for (int r = 0; r < stages.size(); ++r) {
        Row row;
        row.defaults = stages[r];
        const QString name = stages[r].settings.stage;
        row.run = new QCheckBox(name, ladder_);
        row.run->setObjectName(QStringLiteral("stage_") + name);
        row.run->setToolTip(stages[r].description);
        auto* runCell = new QWidget(ladder_);
        auto* runLayout = new QHBoxLayout(runCell);
        runLayout->setContentsMargins(6, 0, 6, 0);
        runLayout->addWidget(row.run);
        ladder_->setCellWidget(r, StageCol, runCell);
        connect(row.run, &QCheckBox::toggled, this, [this] {
            if (!selecting_) Q_EMIT stagesChanged(settings().ticked());
        });

        row.optimizer = new QComboBox(ladder_);
        row.optimizer->setObjectName(QStringLiteral("optimizer_") + name);
        row.optimizer->addItem(tr("Adam"), QStringLiteral("adam"));
        row.optimizer->addItem(tr("SGD with momentum"), QStringLiteral("sgd"));
        row.optimizer->addItem(tr("RMSprop"), QStringLiteral("rmsprop"));
        row.optimizer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        ladder_->setCellWidget(r, OptimizerCol, row.optimizer);
        connect(row.optimizer, &QComboBox::currentIndexChanged, this,
                &TrainingPanel::markOverrides);

        row.lr = new LrSpinBox(ladder_);
        row.lr->setObjectName(QStringLiteral("lr_") + name);
        ladder_->setCellWidget(r, LrCol, row.lr);
        connect(row.lr, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::markOverrides);

        row.epochs = new QSpinBox(ladder_);
        row.epochs->setObjectName(QStringLiteral("epochs_") + name);
        row.epochs->setRange(1, 1000);  // the engine's limits (featurelab/recipe_config.h)
        ladder_->setCellWidget(r, EpochsCol, row.epochs);
        connect(row.epochs, &QSpinBox::valueChanged, this, &TrainingPanel::markOverrides);

        row.batch = new QSpinBox(ladder_);
        row.batch->setObjectName(QStringLiteral("batch_") + name);
        row.batch->setRange(1, 4096);
        ladder_->setCellWidget(r, BatchCol, row.batch);
        connect(row.batch, &QSpinBox::valueChanged, this, &TrainingPanel::markOverrides);

        row.augment = new QCheckBox(ladder_);
        row.augment->setObjectName(QStringLiteral("augment_") + name);
        row.augment->setEnabled(stages[r].augmentable);
        if (!stages[r].augmentable)
            row.augment->setToolTip(tr("This stage trains on stored features, not on images"));
        ladder_->setCellWidget(r, AugmentCol, centred(row.augment, ladder_));
        connect(row.augment, &QCheckBox::toggled, this, &TrainingPanel::markOverrides);

        rows_ << row;
        setRow(rows_.last(), stages[r].settings);
    }
    findLr_->menu()->clear();
    for (const Row& r : rows_) {
        const QString stage = r.defaults.settings.stage;
        findLr_->menu()->addAction(tr("Stage %1").arg(stage), this,
                                   [this, stage] { Q_EMIT findLrRequested(stage); });
    }
    defaultSeed_ = defaultSeed;
    {
        const QSignalBlocker block(seed_);
        seed_->setValue(int(defaultSeed));
    }
    selecting_ = true;
    for (int r = 0; r < rows_.size(); ++r) rows_[r].run->setChecked(r == 0);
    selecting_ = false;
    markOverrides();
    fitLadder();
    setRunning(running_);
}

QStringList TrainingPanel::stageNames() const {
    QStringList out;
    for (const Row& r : rows_) out << r.defaults.settings.stage;
    return out;
}

void TrainingPanel::setRow(Row& row, const StageSettings& s) {
    for (QWidget* w :
         std::initializer_list<QWidget*>{row.optimizer, row.lr, row.epochs, row.batch, row.augment})
        w->blockSignals(true);
    row.optimizer->setCurrentIndex(qMax(0, row.optimizer->findData(s.optimizer)));
    row.lr->setValue(s.lr);
    row.epochs->setValue(s.epochs);
    row.batch->setValue(s.batchSize);
    row.augment->setChecked(s.augment && row.defaults.augmentable);
    for (QWidget* w :
         std::initializer_list<QWidget*>{row.optimizer, row.lr, row.epochs, row.batch, row.augment})
        w->blockSignals(false);
}

StageSettings TrainingPanel::rowSettings(const Row& row) const {
    StageSettings s;
    s.stage = row.defaults.settings.stage;
    s.run = row.run->isChecked();
    s.optimizer = row.optimizer->currentData().toString();
    s.lr = row.lr->value();
    s.epochs = row.epochs->value();
    s.batchSize = row.batch->value();
    s.augment = row.augment->isChecked();
    return s;
}

TrainingSettings TrainingPanel::settings() const {
    TrainingSettings s;
    s.seed = quint64(seed_->value());
    for (const Row& r : rows_) s.stages << rowSettings(r);
    return s;
}

void TrainingPanel::setSettings(const TrainingSettings& s) {
    selecting_ = true;  // programmatic: no stagesChanged
    for (const StageSettings& st : s.stages)
        for (Row& r : rows_)
            if (r.defaults.settings.stage == st.stage) {
                setRow(r, st);
                r.run->setChecked(st.run);
            }
    selecting_ = false;
    seed_->setValue(int(s.seed));
    markOverrides();
}

TrainingOverrides TrainingPanel::overrides() const {
    TrainingOverrides o;
    for (const Row& r : rows_) {
        const StageSettings d = r.defaults.settings, v = rowSettings(r);
        QVariantMap m;
        if (v.optimizer != d.optimizer) m.insert(QStringLiteral("optimizer"), v.optimizer);
        if (!sameLr(v.lr, d.lr)) m.insert(QStringLiteral("lr"), v.lr);
        if (v.epochs != d.epochs) m.insert(QStringLiteral("epochs"), v.epochs);
        if (v.batchSize != d.batchSize) m.insert(QStringLiteral("batch_size"), v.batchSize);
        if (v.augment != d.augment) m.insert(QStringLiteral("augment"), v.augment);
        if (!m.isEmpty()) o.stages.insert(d.stage, m);
        if (v.run) o.ticked << d.stage;
    }
    if (quint64(seed_->value()) != defaultSeed_) o.seed = quint64(seed_->value());
    return o;
}

void TrainingPanel::setOverrides(const TrainingOverrides& o) {
    TrainingSettings s = settings();
    for (StageSettings& st : s.stages) {
        StageSettings d;
        for (const Row& r : rows_)
            if (r.defaults.settings.stage == st.stage) d = r.defaults.settings;
        const QVariantMap m = o.stages.value(st.stage);
        st.optimizer = m.value(QStringLiteral("optimizer"), d.optimizer).toString();
        st.lr = m.value(QStringLiteral("lr"), d.lr).toDouble();
        st.epochs = m.value(QStringLiteral("epochs"), d.epochs).toInt();
        st.batchSize = m.value(QStringLiteral("batch_size"), d.batchSize).toInt();
        st.augment = m.value(QStringLiteral("augment"), d.augment).toBool();
        if (!o.ticked.isEmpty()) st.run = o.ticked.contains(st.stage);
    }
    s.seed = o.seed.isValid() ? o.seed.toULongLong() : defaultSeed_;
    setSettings(s);
    if (!o.ticked.isEmpty()) Q_EMIT stagesChanged(settings().ticked());
}

void TrainingPanel::resetToDefaults() {
    TrainingOverrides o;
    o.ticked = settings().ticked();
    setOverrides(o);
}

void TrainingPanel::markOverrides() {
    const QLocale loc;
    auto mark = [](QWidget* w, bool changed, const QString& defaultText) {
        setBold(w, changed);
        w->setToolTip(changed ? tr("Changed; the recipe's default is %1").arg(defaultText)
                              : tr("The recipe's default"));
    };
    for (Row& r : rows_) {
        const StageSettings d = r.defaults.settings, v = rowSettings(r);
        mark(r.optimizer, v.optimizer != d.optimizer,
             r.optimizer->itemText(qMax(0, r.optimizer->findData(d.optimizer))));
        QString lrDefault = loc.toString(d.lr, 'g', 4);
        for (const auto& [epoch, factor] : r.defaults.lrSteps)
            lrDefault +=
                tr(", times %1 from epoch %2").arg(loc.toString(factor, 'g', 4)).arg(epoch);
        mark(r.lr, !sameLr(v.lr, d.lr), lrDefault);
        if (sameLr(v.lr, d.lr) && !r.defaults.lrSteps.isEmpty())
            r.lr->setToolTip(tr("The recipe's default: %1").arg(lrDefault));
        mark(r.epochs, v.epochs != d.epochs, QString::number(d.epochs));
        mark(r.batch, v.batchSize != d.batchSize, QString::number(d.batchSize));
        if (r.defaults.augmentable)
            mark(r.augment, v.augment != d.augment, d.augment ? tr("on") : tr("off"));
    }
    setBold(seed_, quint64(seed_->value()) != defaultSeed_);
}

void TrainingPanel::fitLadder() {
    ladder_->resizeColumnsToContents();
    ladder_->resizeRowsToContents();
    int h = ladder_->horizontalHeader()->sizeHint().height() + 2 * ladder_->frameWidth();
    for (int r = 0; r < ladder_->rowCount(); ++r) h += ladder_->rowHeight(r);
    ladder_->setFixedHeight(h);
    int w = 2 * ladder_->frameWidth();
    for (int c = 0; c < ladder_->columnCount(); ++c) w += ladder_->columnWidth(c);
    ladder_->setFixedWidth(w);  // as wide as its columns: no empty grid, nothing cut off
}

void TrainingPanel::selectStage(const QString& stage) {
    selecting_ = true;
    for (Row& r : rows_) r.run->setChecked(r.defaults.settings.stage == stage);
    selecting_ = false;
    Q_EMIT stagesChanged(settings().ticked());
}

void TrainingPanel::setRunning(bool running) {
    running_ = running;
    start_->setEnabled(!running);
    stop_->setEnabled(running);
    ladder_->setEnabled(!running);
    seed_->setEnabled(!running);
    reset_->setEnabled(!running);
    findLr_->setEnabled(!running);
}

void TrainingPanel::setStageLr(const QString& stage, double lr) {
    for (Row& r : rows_)
        if (r.defaults.settings.stage == stage) r.lr->setValue(lr);  // markOverrides follows
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

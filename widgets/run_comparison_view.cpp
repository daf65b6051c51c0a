// Runs side by side: stage tables next to each other, and their settings with differences marked.
#include "run_comparison_view.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "curves_panel.h"

namespace {
// Marks a differing setting in either theme: amber behind dark text.
const QColor kDiffBackground(255, 214, 120);
const QColor kDiffText(20, 20, 20);

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignLeft) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setTextAlignment(align | Qt::AlignVCenter);
    return item;
}

QTableWidget* makeTable(const QStringList& headers, QWidget* parent) {
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setWordWrap(false);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    return t;
}
}  // namespace

RunComparisonView::RunComparisonView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    hint_ = new QLabel(tr("Select runs above to compare them: their valid curves appear in the "
                          "Curves panel, their stage tables and settings here."),
                       this);
    hint_->setWordWrap(true);
    hint_->setObjectName(QStringLiteral("comparisonHint"));
    problems_ = new QLabel(this);
    problems_->setWordWrap(true);
    problems_->setObjectName(QStringLiteral("comparisonProblems"));
    problems_->hide();
    tabs_ = new QTabWidget(this);

    auto* scroll = new QScrollArea(tabs_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    stagesPage_ = new QWidget(scroll);
    stagesLayout_ = new QHBoxLayout(stagesPage_);
    stagesLayout_->setContentsMargins(2, 2, 2, 2);
    scroll->setWidget(stagesPage_);
    tabs_->addTab(scroll, tr("Stage tables"));

    auto* settingsPage = new QWidget(tabs_);
    auto* settingsLayout = new QVBoxLayout(settingsPage);
    settingsLayout->setContentsMargins(2, 2, 2, 2);
    onlyDifferences_ = new QCheckBox(tr("Only settings that differ"), settingsPage);
    settingsLayout->addWidget(onlyDifferences_);
    settings_ = makeTable({tr("Stage"), tr("Setting")}, settingsPage);
    settings_->setObjectName(QStringLiteral("settingsTable"));
    settingsLayout->addWidget(settings_);
    tabs_->addTab(settingsPage, tr("Settings"));
    connect(onlyDifferences_, &QCheckBox::toggled, this, &RunComparisonView::fillSettings);
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == 1) scrollToDifference();
    });

    layout->addWidget(hint_);
    layout->addWidget(problems_);
    layout->addWidget(tabs_);
    clear();
}

void RunComparisonView::clear() { setComparison({}); }

void RunComparisonView::setComparison(const RunComparison& comparison) {
    comparison_ = comparison;
    qDeleteAll(stageBoxes_);
    stageBoxes_.clear();
    stageTables_.clear();
    for (int i = 0; i < comparison.runs.size(); ++i) {
        const ComparedRun& run = comparison.runs[i];
        auto* box = new QGroupBox(run.label, stagesPage_);
        box->setToolTip(run.folder);
        // The run's name in its curve colour: the Curves panel draws it in the same one.
        box->setStyleSheet(QStringLiteral("QGroupBox { font-weight: bold; color: %1; }")
                               .arg(CurvesPanel::overlayColor(i).name()));
        auto* boxLayout = new QVBoxLayout(box);
        boxLayout->setContentsMargins(2, 2, 2, 2);
        QTableWidget* table = makeTable({tr("stage"), tr("epochs"), tr("seconds"), tr("train acc"),
                                         tr("valid acc"), tr("valid loss")},
                                        box);
        table->setStyleSheet(QStringLiteral("QTableWidget { color: palette(text); }"));
        table->setRowCount(int(run.stages.size()));
        for (int r = 0; r < run.stages.size(); ++r) {
            const StageRow& s = run.stages[r];
            const bool best = r == run.bestStage;
            const QList<QTableWidgetItem*> items = {
                cell(best ? s.stage + QStringLiteral(" *") : s.stage),
                cell(QString::number(s.epochs), Qt::AlignRight),
                cell(QString::number(s.seconds, 'f', 1), Qt::AlignRight),
                cell(QString::number(s.trainAcc, 'f', 4), Qt::AlignRight),
                cell(QString::number(s.validAcc, 'f', 4), Qt::AlignRight),
                cell(QString::number(s.validLoss, 'f', 4), Qt::AlignRight)};
            for (int c = 0; c < items.size(); ++c) {
                QFont f = items[c]->font();
                f.setBold(best);
                items[c]->setFont(f);
                if (!s.note.isEmpty()) items[c]->setToolTip(s.note);
                table->setItem(r, c, items[c]);
            }
        }
        table->resizeColumnsToContents();
        boxLayout->addWidget(table);
        stagesLayout_->addWidget(box);
        stageBoxes_ << box;
        stageTables_ << table;
    }
    QStringList headers = {tr("Stage"), tr("Setting")};
    for (const ComparedRun& run : comparison.runs) headers << run.label;
    settings_->setColumnCount(int(headers.size()));
    settings_->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < comparison.runs.size(); ++i)
        settings_->horizontalHeaderItem(i + 2)->setForeground(CurvesPanel::overlayColor(i));
    fillSettings();
    problems_->setText(comparison.problems.join(QLatin1Char('\n')));
    problems_->setVisible(!comparison.problems.isEmpty());
    hint_->setVisible(comparison.runs.isEmpty());
    tabs_->setVisible(!comparison.runs.isEmpty());
}

void RunComparisonView::fillSettings() {
    settings_->setRowCount(0);
    const bool onlyDiffering = onlyDifferences_->isChecked();
    for (const ComparedSetting& s : comparison_.settings) {
        if (onlyDiffering && !s.differs) continue;
        const int row = settings_->rowCount();
        settings_->insertRow(row);
        QList<QTableWidgetItem*> items = {cell(s.stage.isEmpty() ? tr("run") : s.stage),
                                          cell(s.name)};
        for (const QString& v : s.values)
            items << cell(v.isEmpty() ? QStringLiteral("\u2014") : v);  // an em dash: no stage
        for (int c = 0; c < items.size(); ++c) {
            if (s.differs) {
                items[c]->setBackground(kDiffBackground);
                items[c]->setForeground(kDiffText);
                QFont f = items[c]->font();
                f.setBold(true);
                items[c]->setFont(f);
                items[c]->setData(Qt::UserRole, true);
            }
            items[c]->setToolTip(items[c]->text());
            settings_->setItem(row, c, items[c]);
        }
    }
    settings_->resizeColumnsToContents();
    scrollToDifference();
}

void RunComparisonView::scrollToDifference() {
    // What differs may lie far down the list: show the first such row once the table is laid
    // out (a hidden tab has no viewport to scroll yet).
    QTimer::singleShot(0, settings_, [this] {
        const QList<int> differing = differingRows();
        if (!differing.isEmpty())
            settings_->scrollToItem(settings_->item(differing.first(), 0),
                                    QAbstractItemView::PositionAtTop);
    });
}

QList<int> RunComparisonView::differingRows() const {
    QList<int> rows;
    for (int r = 0; r < settings_->rowCount(); ++r)
        if (settings_->item(r, 0) && settings_->item(r, 0)->data(Qt::UserRole).toBool()) rows << r;
    return rows;
}

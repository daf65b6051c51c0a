// History dock: the runs table, its folders menu and context menu, and the comparison below.
#include "history_panel.h"

#include <QContextMenuEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "run_comparison_view.h"

namespace {
constexpr int kSortRole = Qt::UserRole + 1;
constexpr int kFolderRole = Qt::UserRole + 2;

QStandardItem* item(const QString& text, const QVariant& sortKey, const QString& tip) {
    auto* i = new QStandardItem(text);
    i->setData(sortKey, kSortRole);
    i->setToolTip(tip);
    i->setEditable(false);
    return i;
}
}  // namespace

HistoryPanel::HistoryPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* bar = new QHBoxLayout;
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("historySummary"));
    folders_ = new QToolButton(this);
    folders_->setObjectName(QStringLiteral("historyFolders"));
    folders_->setText(tr("Folders"));
    folders_->setPopupMode(QToolButton::InstantPopup);
    rootsMenu_ = new QMenu(folders_);
    folders_->setMenu(rootsMenu_);
    auto* add = new QToolButton(this);
    add->setObjectName(QStringLiteral("historyAddFolder"));
    add->setText(tr("Add folder…"));
    add->setToolTip(tr("Also list the runs in another folder (kept for the next start)"));
    auto* refresh = new QToolButton(this);
    refresh->setText(tr("Refresh"));
    bar->addWidget(summary_, 1);
    bar->addWidget(add);
    bar->addWidget(folders_);
    bar->addWidget(refresh);
    layout->addLayout(bar);
    connect(refresh, &QToolButton::clicked, this, &HistoryPanel::refreshRequested);
    connect(add, &QToolButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("List the runs in"), defaultRoot_);
        if (!dir.isEmpty()) Q_EMIT addRootRequested(dir);
    });

    model_ = new QStandardItemModel(0, Columns, this);
    model_->setHorizontalHeaderLabels({tr("Date"), tr("Data"), tr("Backbone"), tr("Stages"),
                                       tr("Best stage"), tr("Valid acc"), tr("Wall time"),
                                       tr("Run"), tr("Status")});
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(kSortRole);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("historyTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(Date, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table_, &QTableView::customContextMenuRequested, this, [this](const QPoint& at) {
        QStringList folders = selectedFolders();
        const QModelIndex under = table_->indexAt(at);
        const QString clicked = under.data(kFolderRole).toString();
        if (!clicked.isEmpty() && !folders.contains(clicked)) {
            selectFolders({clicked});
            folders = {clicked};
        }
        if (folders.isEmpty()) return;
        QMenu* menu = contextMenuFor(folders);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(table_->viewport()->mapToGlobal(at));
    });
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        Q_EMIT openRequested(index.data(kFolderRole).toString());
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (!filling_) Q_EMIT compareRequested(selectedFolders());
    });

    comparison_ = new RunComparisonView(this);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(comparison_);
    // The comparison's tables need the room; a list of runs reads fine in a few rows.
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setSizes({1000, 2000});  // proportions until the dock has its size
    split->setChildrenCollapsible(false);
    layout->addWidget(split);
    rebuildRootsMenu();
}

QString HistoryPanel::wallTimeText(double seconds) {
    if (!(seconds > 0)) return QString();
    const qint64 s = qRound64(seconds);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void HistoryPanel::setRuns(const QVector<RunListEntry>& runs) {
    const QStringList keep = selectedFolders();
    filling_ = true;
    model_->removeRows(0, model_->rowCount());
    const QColor dim = palette().color(QPalette::PlaceholderText);
    for (const RunListEntry& r : runs) {
        const QString name = QFileInfo(r.folder).fileName();
        QString status = tr("complete");
        if (r.state == RunListEntry::Interrupted) status = tr("interrupted: %1").arg(r.why);
        if (r.state == RunListEntry::Unreadable) status = tr("unreadable: %1").arg(r.why);
        const QString tip = QDir::toNativeSeparators(r.folder) +
                            (r.why.isEmpty() ? QString() : QStringLiteral("\n") + r.why);
        const QString arch = r.backbone.section(QLatin1Char(':'), 0, 0);
        const bool acc = std::isfinite(r.bestValidAcc);
        QList<QStandardItem*> row = {
            item(r.started.isValid() ? r.started.toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                     : QString(),
                 r.started.isValid() ? r.started.toSecsSinceEpoch() : qint64(0), tip),
            item(QFileInfo(r.dataDir).fileName(), r.dataDir, r.dataDir),
            item(arch, arch, r.backbone),
            item(r.stages.join(QLatin1Char(',')), r.stages.join(QLatin1Char(',')), tip),
            item(r.bestStage, r.bestStage, tip),
            item(acc ? QString::number(r.bestValidAcc, 'f', 4) : QString(),
                 acc ? r.bestValidAcc : -1.0, tip),
            item(wallTimeText(r.wallSeconds), r.wallSeconds, tip),
            item(name, name, tip),
            item(status, status, tip)};
        for (QStandardItem* i : row) {
            i->setData(r.folder, kFolderRole);
            if (r.state == RunListEntry::Unreadable) i->setForeground(dim);
        }
        for (int c : {ValidAcc, WallTime})
            row[c]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        model_->appendRow(row);
    }
    table_->resizeColumnsToContents();
    selectFolders(keep);
    filling_ = false;
    const QStringList now = selectedFolders();
    if (now != keep) Q_EMIT compareRequested(now);  // a compared run went away
    summary_->setText(tr("Runs: %1").arg(runs.size()));
}

void HistoryPanel::setRoots(const QString& defaultRoot, const QStringList& added) {
    defaultRoot_ = defaultRoot;
    addedRoots_ = added;
    rebuildRootsMenu();
}

void HistoryPanel::rebuildRootsMenu() {
    rootsMenu_->clear();
    QAction* def = rootsMenu_->addAction(QDir::toNativeSeparators(defaultRoot_));
    def->setToolTip(tr("The runs folder the workbench and featurelab-cli write to"));
    def->setEnabled(false);
    for (const QString& root : addedRoots_) {
        QAction* a =
            rootsMenu_->addAction(tr("Stop listing %1").arg(QDir::toNativeSeparators(root)));
        connect(a, &QAction::triggered, this, [this, root] { Q_EMIT removeRootRequested(root); });
    }
    folders_->setToolTip(
        tr("Listed folders: %1")
            .arg(QStringList(QStringList{defaultRoot_} + addedRoots_).join(QStringLiteral(", "))));
}

void HistoryPanel::setComparison(const RunComparison& comparison) {
    comparison_->setComparison(comparison);
}

QStringList HistoryPanel::selectedFolders() const {
    QStringList out;
    for (int r = 0; r < proxy_->rowCount(); ++r)
        if (table_->selectionModel()->isRowSelected(r, {}))
            out << proxy_->index(r, 0).data(kFolderRole).toString();
    return out;
}

QStringList HistoryPanel::shownFolders() const {
    QStringList out;
    for (int r = 0; r < proxy_->rowCount(); ++r)
        out << proxy_->index(r, 0).data(kFolderRole).toString();
    return out;
}

void HistoryPanel::selectFolders(const QStringList& folders) {
    QItemSelection selection;
    for (int r = 0; r < proxy_->rowCount(); ++r)
        if (folders.contains(proxy_->index(r, 0).data(kFolderRole).toString()))
            selection.select(proxy_->index(r, 0), proxy_->index(r, Columns - 1));
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void HistoryPanel::clearSelection() { table_->clearSelection(); }

QMenu* HistoryPanel::contextMenuFor(const QStringList& folders) {
    auto* menu = new QMenu(this);
    QAction* open = menu->addAction(tr("Open"));
    open->setObjectName(QStringLiteral("historyOpen"));
    open->setEnabled(folders.size() == 1);
    connect(open, &QAction::triggered, this, [this, folders] { Q_EMIT openRequested(folders[0]); });
    QAction* rename = menu->addAction(tr("Rename…"));
    rename->setObjectName(QStringLiteral("historyRename"));
    rename->setEnabled(folders.size() == 1);
    connect(rename, &QAction::triggered, this, [this, folders] { askRename(folders[0]); });
    menu->addSeparator();
    QAction* trash = menu->addAction(tr("Move to Trash…"));
    trash->setObjectName(QStringLiteral("historyTrash"));
    connect(trash, &QAction::triggered, this, [this, folders] { askTrash(folders); });
    return menu;
}

void HistoryPanel::askRename(const QString& folder) {
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Rename run"), tr("New name of the run folder:"),
                              QLineEdit::Normal, QFileInfo(folder).fileName(), &ok);
    if (ok && !name.trimmed().isEmpty() && name != QFileInfo(folder).fileName())
        Q_EMIT renameRequested(folder, name.trimmed());
}

void HistoryPanel::askTrash(const QStringList& folders) {
    QStringList names;
    for (const QString& f : folders) names << QFileInfo(f).fileName();
    const QString question = folders.size() == 1
                                 ? tr("Move the run %1 to the trash?").arg(names[0])
                                 : tr("Move these %1 runs to the trash?").arg(folders.size());
    QMessageBox box(QMessageBox::Question, tr("Move to Trash"), question, QMessageBox::Cancel,
                    this);
    box.setObjectName(QStringLiteral("confirmTrash"));
    box.setInformativeText(names.join(QLatin1Char('\n')));
    QPushButton* yes = box.addButton(tr("Move to Trash"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == yes) Q_EMIT trashRequested(folders);
}

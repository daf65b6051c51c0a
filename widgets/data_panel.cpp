// Data panel: folder choice and the scan summary.
#include "data_panel.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "class_balance_bar.h"

namespace {
const char kRecentKey[] = "data/recentFolders";

QString droppedFolder(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls()) {
        const QFileInfo info(url.toLocalFile());
        if (url.isLocalFile() && info.isDir()) return info.absoluteFilePath();
    }
    return {};
}
}  // namespace

DataPanel::DataPanel(QWidget* parent) : QWidget(parent) {
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    auto* choose = new QPushButton(tr("Choose folder…"), this);
    choose->setObjectName(QStringLiteral("chooseFolder"));
    choose->setToolTip(
        tr("Pick an ImageFolder tree (train/ and valid/ with one subfolder per "
           "class). You can also drop a folder here."));
    connect(choose, &QPushButton::clicked, this, &DataPanel::chooseFolder);
    recent_ = new QComboBox(this);
    recent_->setObjectName(QStringLiteral("recentFolders"));
    recent_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    recent_->setMinimumContentsLength(16);
    recent_->setToolTip(tr("Recent folders"));
    connect(recent_, QOverload<int>::of(&QComboBox::activated), this, [this](int i) {
        const QString f = recent_->itemData(i).toString();
        if (!f.isEmpty()) Q_EMIT folderChosen(f);
    });
    top->addWidget(choose);
    top->addWidget(recent_, 1);
    layout->addLayout(top);

    summary_ = new QLabel(tr("No folder yet. Choose one or drop it here."), this);
    summary_->setObjectName(QStringLiteral("dataSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);

    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("classTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table_, 2);

    balance_ = new ClassBalanceBar(this);
    balance_->setObjectName(QStringLiteral("balanceBar"));
    layout->addWidget(new QLabel(tr("Class balance (train)"), this));
    layout->addWidget(balance_);

    auto* skippedTitle = new QHBoxLayout;
    skippedTitle->addWidget(new QLabel(tr("Skipped files"), this), 1);
    openSkipped_ = new QPushButton(tr("Show in file manager"), this);
    openSkipped_->setObjectName(QStringLiteral("openSkipped"));
    openSkipped_->setEnabled(false);
    connect(openSkipped_, &QPushButton::clicked, this, &DataPanel::openSelectedSkipped);
    skippedTitle->addWidget(openSkipped_);
    layout->addLayout(skippedTitle);

    skipped_ = new QTreeWidget(this);
    skipped_->setObjectName(QStringLiteral("skippedList"));
    skipped_->setRootIsDecorated(false);
    skipped_->setHeaderLabels({tr("File"), tr("Reason")});
    connect(skipped_, &QTreeWidget::itemSelectionChanged, this,
            [this] { openSkipped_->setEnabled(!skipped_->selectedItems().isEmpty()); });
    connect(skipped_, &QTreeWidget::itemActivated, this, &DataPanel::openSelectedSkipped);
    layout->addWidget(skipped_, 1);

    refreshRecent();
}

void DataPanel::setFolder(const QString& folder) {
    folder_ = QDir::cleanPath(folder);
    rememberRecent(folder_);
}

void DataPanel::setDataset(const DatasetSummary& data) {
    data_ = data;
    if (!data.root.isEmpty()) setFolder(data.root);

    QStringList columns{tr("Class")};
    qint64 total = 0;
    for (const SplitSummary& s : data.splits) {
        columns << s.name;
        total += s.total;
    }
    table_->clear();
    table_->setColumnCount(columns.size());
    table_->setHorizontalHeaderLabels(columns);
    table_->setRowCount(data.classes.size());
    for (int c = 0; c < data.classes.size(); ++c) {
        auto* name = new QTableWidgetItem(data.classes[c]);
        name->setData(Qt::DecorationRole, ClassBalanceBar::classColor(c));
        table_->setItem(c, 0, name);
        for (int s = 0; s < data.splits.size(); ++s) {
            const SplitSummary& split = data.splits[s];
            const QString text =
                split.labelled ? QString::number(split.perClass.value(c)) : QStringLiteral("–");
            auto* item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(c, s + 1, item);
        }
    }
    table_->resizeColumnsToContents();

    QStringList splitText;
    for (const SplitSummary& s : data.splits)
        splitText << QStringLiteral("%1: %2").arg(s.name).arg(s.total);
    summary_->setText(tr("%1\nClasses: %2. Images: %3. %4")
                          .arg(QDir::toNativeSeparators(data.root))
                          .arg(data.classes.size())
                          .arg(total)
                          .arg(splitText.join(QStringLiteral(" · "))));

    QVector<qint64> trainCounts;
    for (const SplitSummary& s : data.splits)
        if (s.name == QLatin1String("train")) trainCounts = s.perClass;
    balance_->setCounts(data.classes, trainCounts);

    skipped_->clear();
    for (const SkippedEntry& e : data.skipped) new QTreeWidgetItem(skipped_, {e.path, e.reason});
    skipped_->resizeColumnToContents(0);
}

void DataPanel::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Choose an image folder"), folder_.isEmpty() ? QDir::homePath() : folder_);
    if (!dir.isEmpty()) Q_EMIT folderChosen(dir);
}

void DataPanel::openSelectedSkipped() {
    const auto items = skipped_->selectedItems();
    if (items.isEmpty() || data_.root.isEmpty()) return;
    const QFileInfo info(QDir(data_.root).filePath(items.first()->text(0)));
    QDesktopServices::openUrl(QUrl::fromLocalFile(info.absolutePath()));
}

void DataPanel::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFolder(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void DataPanel::dropEvent(QDropEvent* event) {
    const QString dir = droppedFolder(event->mimeData());
    if (dir.isEmpty()) return;
    event->acceptProposedAction();
    Q_EMIT folderChosen(dir);
}

QStringList DataPanel::recentFolders() const {
    return QSettings().value(QLatin1String(kRecentKey)).toStringList();
}

void DataPanel::rememberRecent(const QString& folder) {
    if (folder.isEmpty()) return;
    QStringList list = recentFolders();
    list.removeAll(folder);
    list.prepend(folder);
    while (list.size() > kMaxRecent) list.removeLast();
    QSettings().setValue(QLatin1String(kRecentKey), list);
    refreshRecent();
}

void DataPanel::refreshRecent() {
    recent_->clear();
    recent_->addItem(tr("Recent folders"), QString());
    for (const QString& f : recentFolders()) recent_->addItem(QDir::toNativeSeparators(f), f);
    recent_->setCurrentIndex(folder_.isEmpty() ? 0 : recent_->findData(folder_));
}

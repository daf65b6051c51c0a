// Cache dialog: the engine's per-user cache (featurelab/cache.h) listed with sizes, a folder
// override that persists, and Clear buttons.
#include "cache_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "app_settings.h"
#include "featurelab/cache.h"
#include "featurelab/error.h"

CacheDialog::CacheDialog(const QString& dataFolder, QWidget* parent)
    : QDialog(parent), dataFolder_(dataFolder) {
    setObjectName(QStringLiteral("cacheDialog"));
    setWindowTitle(tr("Feature cache"));
    folder_ = new QLineEdit(appsettings::cacheDir(), this);
    folder_->setPlaceholderText(QString::fromStdString(featurelab::featureCacheRoot()));
    auto* browse = new QPushButton(tr("Choose…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Feature cache folder"));
        if (dir.isEmpty()) return;
        folder_->setText(dir);
        appsettings::setCacheDir(dir);
        refresh();
    });
    connect(folder_, &QLineEdit::editingFinished, this, [this] {
        appsettings::setCacheDir(folder_->text().trimmed());
        refresh();
    });
    entries_ = new QTreeWidget(this);
    entries_->setRootIsDecorated(false);
    entries_->setHeaderLabels({tr("Data folder"), tr("Size"), tr("Files")});
    entries_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    total_ = new QLabel(this);
    auto* clearThis = new QPushButton(tr("Clear this data folder"), this);
    clearThis->setObjectName(QStringLiteral("clearThis"));
    clearThis->setEnabled(!dataFolder_.isEmpty());
    connect(clearThis, &QPushButton::clicked, this, [this] { clear(dataFolder_); });
    auto* clearAll = new QPushButton(tr("Clear all"), this);
    clearAll->setObjectName(QStringLiteral("clearAll"));
    connect(clearAll, &QPushButton::clicked, this, [this] { clear(QString()); });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(new QLabel(tr("Folder:"), this));
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse);
    auto* clearRow = new QHBoxLayout;
    clearRow->addWidget(total_, 1);
    clearRow->addWidget(clearThis);
    clearRow->addWidget(clearAll);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(folderRow);
    layout->addWidget(entries_, 1);
    layout->addLayout(clearRow);
    layout->addWidget(buttons);
    resize(640, 360);
    refresh();
}

QString CacheDialog::root() const {
    const QString chosen = folder_->text().trimmed();
    return chosen.isEmpty() ? QString::fromStdString(featurelab::featureCacheRoot()) : chosen;
}

void CacheDialog::refresh() {
    entries_->clear();
    qint64 bytes = 0;
    try {
        for (const auto& e : featurelab::listFeatureCaches(root().toStdString())) {
            auto* item = new QTreeWidgetItem(entries_);
            item->setText(0, QString::fromStdString(e.dataDir.empty() ? e.folder : e.dataDir));
            item->setText(1, QLocale().formattedDataSize(qint64(e.bytes)));
            item->setText(2, QString::number(e.files));
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
            bytes += qint64(e.bytes);
        }
    } catch (const featurelab::Error& e) {
        total_->setText(QString::fromStdString(e.what()));
        return;
    }
    total_->setText(tr("%1 in %2").arg(QLocale().formattedDataSize(bytes), root()));
}

void CacheDialog::clear(const QString& dataFolder) {
    try {
        featurelab::clearFeatureCaches(dataFolder.toStdString(), root().toStdString());
    } catch (const featurelab::Error& e) {
        QMessageBox::warning(this, tr("Cannot clear the cache"), QString::fromStdString(e.what()));
    }
    refresh();
}

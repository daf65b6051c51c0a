// The Data panel: choose an ImageFolder (dialog, drag and drop, recent folders) and see its
// splits, classes, per-class counts, class balance and the files the scan skipped.
#pragma once

#include <QWidget>

#include "panel_types.h"

class ClassBalanceBar;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTreeWidget;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);

    void setDataset(const DatasetSummary& data);
    const DatasetSummary& dataset() const { return data_; }
    /// Shows the folder as chosen and remembers it in the recent list (QSettings).
    void setFolder(const QString& folder);
    QString folder() const { return folder_; }
    QStringList recentFolders() const;

    QTableWidget* classTable() const { return table_; }
    QTreeWidget* skippedList() const { return skipped_; }
    ClassBalanceBar* balanceBar() const { return balance_; }
    QLabel* summaryLabel() const { return summary_; }

    static constexpr int kMaxRecent = 8;

Q_SIGNALS:
    /// The user picked a folder (dialog, drop or recent list).
    void folderChosen(const QString& folder);

public Q_SLOTS:
    void chooseFolder();
    void openSelectedSkipped();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void rememberRecent(const QString& folder);
    void refreshRecent();

    DatasetSummary data_;
    QString folder_;
    QComboBox* recent_ = nullptr;
    QLabel* summary_ = nullptr;
    QTableWidget* table_ = nullptr;
    ClassBalanceBar* balance_ = nullptr;
    QTreeWidget* skipped_ = nullptr;
    QPushButton* openSkipped_ = nullptr;
};

// Settings > Feature cache: where cached features live, how much they take, and clearing them.
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QTreeWidget;

class CacheDialog : public QDialog {
    Q_OBJECT
public:
    /// dataFolder: the open data folder, whose cache "Clear this folder" removes.
    explicit CacheDialog(const QString& dataFolder, QWidget* parent = nullptr);

    /// Re-reads the cache folder (sizes, data folders).
    void refresh();
    QTreeWidget* entries() const { return entries_; }
    QLabel* total() const { return total_; }

private:
    QString root() const;
    void clear(const QString& dataFolder);

    QString dataFolder_;
    QLineEdit* folder_ = nullptr;
    QTreeWidget* entries_ = nullptr;
    QLabel* total_ = nullptr;
};

// The History dock: every run in the runs folders as a sortable table (date, data, backbone,
// stages, best stage and valid accuracy, wall time), the folders it lists, and the selected
// runs compared below it. It asks; the app lists, renames and moves runs to the trash.
#pragma once

#include <QWidget>

#include "history_types.h"

class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QToolButton;
class RunComparisonView;

class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { Date, Data, Backbone, Stages, Best, ValidAcc, WallTime, Run, Status, Columns };

    explicit HistoryPanel(QWidget* parent = nullptr);

    /// The runs to list; the selection is kept for folders still listed.
    void setRuns(const QVector<RunListEntry>& runs);
    /// The listed folders: the default one (not removable) and the ones the user added.
    void setRoots(const QString& defaultRoot, const QStringList& added);
    void setComparison(const RunComparison& comparison);

    /// The selected runs' folders, in the table's order.
    QStringList selectedFolders() const;
    /// Selects exactly these folders (the others are deselected).
    void selectFolders(const QStringList& folders);
    void clearSelection();

    QTableView* table() const { return table_; }
    /// The table's rows in their shown order, as folders.
    QStringList shownFolders() const;
    RunComparisonView* comparison() const { return comparison_; }
    /// The context menu for the runs at these folders (what a right click opens).
    QMenu* contextMenuFor(const QStringList& folders);

    /// "1:15" or "1:02:05".
    static QString wallTimeText(double seconds);

Q_SIGNALS:
    /// The selection changed: compare these runs (none: stop comparing).
    void compareRequested(const QStringList& folders);
    void openRequested(const QString& folder);
    void renameRequested(const QString& folder, const QString& newName);
    /// Confirmed by the user: move these runs to the trash.
    void trashRequested(const QStringList& folders);
    void addRootRequested(const QString& folder);
    void removeRootRequested(const QString& folder);
    void refreshRequested();

private:
    void askRename(const QString& folder);
    void askTrash(const QStringList& folders);
    void rebuildRootsMenu();

    QStandardItemModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLabel* summary_ = nullptr;
    QToolButton* folders_ = nullptr;
    QMenu* rootsMenu_ = nullptr;
    RunComparisonView* comparison_ = nullptr;
    QString defaultRoot_;
    QStringList addedRoots_;
    bool filling_ = false;  // setRuns restores the selection without asking to compare again
};

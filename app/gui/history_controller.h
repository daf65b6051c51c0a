// The History dock's side in the app: lists the runs folders through the engine (off the UI
// thread), keeps the list current as runs finish, compares the selected runs (the Curves
// panel's overlays and the dock's side-by-side tables), renames runs and moves them to the trash.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <functional>

#include "history_types.h"

class CurvesPanel;
class EngineBridge;
class HistoryPanel;
class QFileSystemWatcher;

class HistoryController : public QObject {
    Q_OBJECT
public:
    /// activeRun: the folder a run is training into right now ("" when none); it is neither
    /// renamed nor moved while the run writes to it.
    HistoryController(HistoryPanel* panel, CurvesPanel* curves, EngineBridge* bridge,
                      std::function<QString()> activeRun, QObject* parent = nullptr);

    /// The runs folder the GUI and featurelab-cli write to (the engine's defaultRunsRoot).
    static QString defaultRoot();
    /// The folders the user added (kept in the settings).
    QStringList addedRoots() const;
    /// defaultRoot() and addedRoots().
    QStringList roots() const;
    void addRoot(const QString& folder);
    void removeRoot(const QString& folder);

    /// Lists the roots again on a worker thread; refreshed() when the panel shows the result.
    void refresh();
    const QVector<RunListEntry>& runs() const { return runs_; }

    /// Overlays these runs' valid curves in the Curves panel and fills the comparison tables
    /// (at most kMaxCompared runs; none clears both).
    void compare(const QStringList& folders);
    static constexpr int kMaxCompared = 8;

    /// Renames a run folder in place; false with error() when the name is not usable, the
    /// name is taken, the run is training, or the rename fails.
    bool rename(const QString& folder, const QString& newName);
    /// Moves run folders to the trash (QFile::moveToTrash), never deleting them: a folder that
    /// cannot go to the trash stays, and error() says so. Returns how many were moved.
    int moveToTrash(const QStringList& folders);

Q_SIGNALS:
    void refreshed();
    void error(const QString& title, const QString& message);
    void statusMessage(const QString& text);
    void openRequested(const QString& folder);

private:
    void scheduleRefresh();
    void onListed();
    /// Watches the roots and the folders in them that may still become (or change as) a run.
    void watch();

    HistoryPanel* panel_;
    CurvesPanel* curves_;
    EngineBridge* bridge_;
    std::function<QString()> activeRun_;
    QFileSystemWatcher* watcher_ = nullptr;
    QTimer debounce_;
    QFutureWatcher<QVector<RunListEntry>> listing_;
    bool again_ = false;  // a refresh was asked for while one was running
    QVector<RunListEntry> runs_;
    QStringList reselect_;  // the selection to restore once a listing shows these folders
};

// The GUI's relabel actions: Move to class and Quarantine from the gallery (every tab) and the
// Inspector, and Edit > Undo / Redo (Ctrl+Z, Ctrl+Shift+Z). Each goes through the data folder's
// journal on disk (featurelab/relabel.h), so undo works across restarts and after the CLI's
// actions. A rename and two small journal writes take milliseconds: they run on the UI thread.
#pragma once

#include <QObject>
#include <functional>

#include "featurelab/relabel.h"
#include "panel_types.h"

class DataPanel;
class EngineBridge;
class QAction;
class QMenu;
class QWidget;
class Workbench;
struct Panels;

class RelabelActions : public QObject {
    Q_OBJECT
public:
    RelabelActions(const Panels& panels, Workbench* workbench, EngineBridge* bridge,
                   QWidget* window);

    /// "&Edit" with Undo and Redo (object names actionUndo, actionRedo).
    QMenu* editMenu() const { return menu_; }
    QAction* undoAction() const { return undo_; }
    QAction* redoAction() const { return redo_; }

public Q_SLOTS:
    void moveToClass(const QString& path, const QString& className);
    void quarantine(const QString& path);
    void undo();
    void redo();
    /// Re-reads the journal: enables Undo and Redo and names what each would do.
    void refresh();
    /// A run was shown: its predictions follow the journal to where their images are now.
    void followJournal();

Q_SIGNALS:
    void statusMessage(const QString& text);
    void error(const QString& title, const QString& message);

private:
    /// Runs step on the journal of the shown images' folder and moves the gallery's item along
    /// (back: the entry's file went from its to to its from). False after error() when a job
    /// is running or the engine refused.
    bool apply(const QString& title,
               const std::function<featurelab::JournalEntry(featurelab::DataJournal&)>& step,
               bool back, featurelab::JournalEntry* done);

    /// The Data panel's counts follow a rename (a rescan would hold the job lane, and with it
    /// the next relabel, for seconds on a large folder).
    void recount(const QString& from, const QString& to);

    DataPanel* dataPanel_;
    DatasetSummary data_;  // the last scan, as the Data panel shows it
    Workbench* workbench_;
    EngineBridge* bridge_;
    QMenu* menu_ = nullptr;
    QAction* undo_ = nullptr;
    QAction* redo_ = nullptr;
};

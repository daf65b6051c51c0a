// The main window: wires actions, menus, dock panels, the status bar and the engine bridge
// together; holds no logic of its own (that lives in the panels and the Workbench).
#pragma once

#include <QMainWindow>

#include "workbench.h"

class EngineBridge;
class Exporter;
class HistoryController;
class HistoryPanel;
class QDockWidget;
class QMenu;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    QList<QDockWidget*> docks() const { return docks_; }
    const Panels& panels() const { return panels_; }
    Workbench* workbench() const { return workbench_; }
    EngineBridge* bridge() const { return bridge_; }
    Exporter* exporter() const { return exporter_; }
    HistoryPanel* historyPanel() const { return historyPanel_; }
    HistoryController* history() const { return history_; }
    QAction* action(const QString& objectName) const;

public Q_SLOTS:
    void resetLayout();
    /// A non-modal message box: the user keeps working while it is open.
    void showError(const QString& title, const QString& message);
    /// showError with a button that does what the engine's hint offers (Resume, Choose
    /// weights, ...), when this front end has an action for it.
    void showActionableError(const QString& title, const QString& message, const EngineHint& hint);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createPanels();
    void createActions();
    void createMenus();
    void createDockWindows();
    void createStatusBar();
    QDockWidget* addPanel(const char* objectName, const QString& title, QWidget* panel,
                          Qt::DockWidgetArea area);
    QAction* addAction(QMenu* menu, const char* objectName, const QString& text,
                       const QKeySequence& shortcut = {});
    void saveLayout() const;
    void restoreLayout();

    Panels panels_;
    EngineBridge* bridge_ = nullptr;
    Workbench* workbench_ = nullptr;
    Exporter* exporter_ = nullptr;
    HistoryPanel* historyPanel_ = nullptr;  // the History dock (not a Workbench panel)
    HistoryController* history_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* runMenu_ = nullptr;
    QMenu* exportMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* settingsMenu_ = nullptr;
    QList<QDockWidget*> docks_;
    QByteArray defaultState_;
};

// The main window: wires actions, menus and dock panels together; holds no logic of its own.
#pragma once

#include <QMainWindow>

class QDockWidget;
class QMenu;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    QList<QDockWidget*> docks() const { return docks_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createDockWindows();
    QDockWidget* addPanel(const char* objectName, const QString& title, QWidget* panel,
                          Qt::DockWidgetArea area);
    void saveLayout() const;
    void restoreLayout();

    QMenu* viewMenu_ = nullptr;
    QList<QDockWidget*> docks_;
};

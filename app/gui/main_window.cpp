// Main window wiring.
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>

#include "placeholder_panel.h"

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Featurelab"));
    setDockNestingEnabled(true);
    createActions();
    createDockWindows();
    statusBar()->showMessage(tr("Ready"));
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    viewMenu_ = menuBar()->addMenu(tr("&View"));
}

void MainWindow::createDockWindows() {
    struct Spec {
        const char* name;
        QString title;
        Qt::DockWidgetArea area;
    };
    const Spec specs[] = {
        {"DataDock", tr("Data"), Qt::LeftDockWidgetArea},
        {"ModelDock", tr("Model"), Qt::LeftDockWidgetArea},
        {"TrainingDock", tr("Training"), Qt::RightDockWidgetArea},
        {"CurvesDock", tr("Curves"), Qt::RightDockWidgetArea},
        {"ConfusionDock", tr("Confusion matrix"), Qt::BottomDockWidgetArea},
        {"GalleryDock", tr("Gallery"), Qt::BottomDockWidgetArea},
        {"InspectorDock", tr("Inspector"), Qt::BottomDockWidgetArea},
    };
    for (const auto& s : specs) {
        addPanel(QLatin1String(s.name), s.title,
                 new PlaceholderPanel(s.title, tr("%1 panel").arg(s.title)), s.area);
    }
}

QDockWidget* MainWindow::addPanel(const QString& objectName, const QString& title, QWidget* panel,
                                  Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(panel);
    addDockWidget(area, dock);
    viewMenu_->addAction(dock->toggleViewAction());
    docks_.append(dock);
    return dock;
}

void MainWindow::saveLayout() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::restoreLayout() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveLayout();
    event->accept();
}

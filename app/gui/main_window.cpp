// Main window wiring.
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>

#include "confusion_panel.h"
#include "curves_panel.h"
#include "data_panel.h"
#include "gallery_panel.h"
#include "inspector_panel.h"
#include "model_panel.h"
#include "training_panel.h"

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
    addPanel("DataDock", tr("Data"), new DataPanel, Qt::LeftDockWidgetArea);
    addPanel("ModelDock", tr("Model"), new ModelPanel, Qt::LeftDockWidgetArea);
    addPanel("TrainingDock", tr("Training"), new TrainingPanel, Qt::RightDockWidgetArea);
    addPanel("CurvesDock", tr("Curves"), new CurvesPanel, Qt::RightDockWidgetArea);
    addPanel("ConfusionDock", tr("Confusion matrix"), new ConfusionPanel, Qt::BottomDockWidgetArea);
    addPanel("GalleryDock", tr("Gallery"), new GalleryPanel, Qt::BottomDockWidgetArea);
    addPanel("InspectorDock", tr("Inspector"), new InspectorPanel, Qt::BottomDockWidgetArea);
}

QDockWidget* MainWindow::addPanel(const char* objectName, const QString& title, QWidget* panel,
                                  Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(QLatin1String(objectName));
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

// Main window wiring.
#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>

#include "app_settings.h"
#include "cache_dialog.h"
#include "confusion_panel.h"
#include "curves_panel.h"
#include "data_panel.h"
#include "embedding_panel.h"
#include "engine_bridge.h"
#include "exports.h"
#include "gallery_panel.h"
#include "history_controller.h"
#include "history_panel.h"
#include "inspector_panel.h"
#include "job_status.h"
#include "model_panel.h"
#include "relabel_actions.h"
#include "training_panel.h"

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Featurelab"));
    setDockNestingEnabled(true);
    createPanels();
    bridge_ = new EngineBridge(this);
    workbench_ = new Workbench(panels_, bridge_, this);
    exporter_ = new Exporter(workbench_, bridge_, panels_.confusion, panels_.curves, this);
    history_ = new HistoryController(
        historyPanel_, panels_.curves, bridge_, [this] { return workbench_->activeRunDir(); },
        this);
    connect(history_, &HistoryController::openRequested, workbench_, &Workbench::openRun);
    connect(history_, &HistoryController::error, this, &MainWindow::showError);
    connect(history_, &HistoryController::statusMessage, this,
            [this](const QString& t) { statusBar()->showMessage(t, 8000); });
    connect(workbench_, &Workbench::error, this, &MainWindow::showError);
    connect(workbench_, &Workbench::actionableError, this, &MainWindow::showActionableError);
    connect(exporter_, &Exporter::error, this, &MainWindow::showError);
    connect(workbench_, &Workbench::statusMessage, this,
            [this](const QString& t) { statusBar()->showMessage(t, 8000); });
    connect(exporter_, &Exporter::exported, this,
            [this](const QString& f) { statusBar()->showMessage(tr("Exported %1").arg(f), 8000); });
    createActions();
    createMenus();
    createDockWindows();
    createStatusBar();
    // Edit: Move to class / Quarantine from the gallery and the Inspector, undone and redone
    // through the data folder's journal (Ctrl+Z, Ctrl+Shift+Z).
    auto* relabel = new RelabelActions(panels_, workbench_, bridge_, this);
    menuBar()->insertMenu(runMenu_->menuAction(), relabel->editMenu());
    connect(relabel, &RelabelActions::error, this, &MainWindow::showError);
    connect(relabel, &RelabelActions::statusMessage, this,
            [this](const QString& t) { statusBar()->showMessage(t, 8000); });
    resize(1500, 950);
    // Default proportions: a narrow data/model column, training above wide curves, and a
    // bottom row where the gallery gets the most room.
    resizeDocks({docks_[0], docks_[2]}, {400, 1100}, Qt::Horizontal);
    // Training holds the stage ladder above the stage table.
    resizeDocks({docks_[2], docks_[3], docks_[4]}, {340, 240, 360}, Qt::Vertical);
    resizeDocks({docks_[4], docks_[5], docks_[6]}, {330, 680, 490}, Qt::Horizontal);
    defaultState_ = saveState();
    restoreLayout();
}

MainWindow::~MainWindow() { bridge_->shutdown(); }

void MainWindow::createPanels() {
    panels_.data = new DataPanel;
    panels_.model = new ModelPanel;
    panels_.training = new TrainingPanel;
    panels_.curves = new CurvesPanel;
    panels_.confusion = new ConfusionPanel;
    panels_.gallery = new GalleryPanel;
    panels_.inspector = new InspectorPanel;
    panels_.status = new JobStatus;
    // The map's hover card shares the gallery's thumbnails: an image decodes once.
    panels_.embedding = new EmbeddingPanel(panels_.gallery->cache());
    historyPanel_ = new HistoryPanel;
}

QAction* MainWindow::addAction(QMenu* menu, const char* objectName, const QString& text,
                               const QKeySequence& shortcut) {
    auto* a = new QAction(text, this);
    a->setObjectName(QLatin1String(objectName));
    a->setShortcut(shortcut);
    if (menu) menu->addAction(a);
    QMainWindow::addAction(a);  // shortcuts work while the menu bar is hidden or a dock floats
    return a;
}

QAction* MainWindow::action(const QString& objectName) const {
    return findChild<QAction*>(objectName);
}

void MainWindow::createActions() {
    fileMenu_ = new QMenu(tr("&File"), this);
    runMenu_ = new QMenu(tr("&Run"), this);
    exportMenu_ = new QMenu(tr("&Export"), this);
    viewMenu_ = new QMenu(tr("&View"), this);
    settingsMenu_ = new QMenu(tr("&Settings"), this);

    connect(addAction(fileMenu_, "actionOpenFolder", tr("&Open image folder…"), QKeySequence::Open),
            &QAction::triggered, panels_.data, &DataPanel::chooseFolder);
    connect(addAction(fileMenu_, "actionOpenRun", tr("Open &run folder…"),
                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)),
            &QAction::triggered, this, [this] {
                const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a run folder"),
                                                                      Workbench::runsRoot());
                if (!dir.isEmpty()) workbench_->openRun(dir);
            });
    // Comparing runs: select them in the History dock.
    connect(addAction(fileMenu_, "actionRunHistory", tr("Run &history"),
                      QKeySequence(Qt::CTRL | Qt::Key_H)),
            &QAction::triggered, this, [this] {
                QDockWidget* dock = findChild<QDockWidget*>(QStringLiteral("HistoryDock"));
                dock->show();
                dock->raise();
                historyPanel_->table()->setFocus();
            });
    connect(addAction(fileMenu_, "actionClearComparison", tr("C&lear comparison")),
            &QAction::triggered, historyPanel_, &HistoryPanel::clearSelection);
    fileMenu_->addSeparator();
    connect(addAction(fileMenu_, "actionQuit", tr("&Quit"), QKeySequence::Quit),
            &QAction::triggered, this, &QWidget::close);

    connect(addAction(runMenu_, "actionStart", tr("&Start training"),
                      QKeySequence(Qt::CTRL | Qt::Key_R)),
            &QAction::triggered, workbench_, &Workbench::start);
    QAction* cancel =
        addAction(runMenu_, "actionCancel", tr("&Cancel job"), QKeySequence(Qt::Key_Escape));
    connect(cancel, &QAction::triggered, workbench_, &Workbench::stop);

    const struct {
        const char* name;
        QString text;
        Exporter::Kind kind;
    } exports[] = {
        {"actionExportSafetensors", tr("Model weights (safetensors)…"),
         Exporter::WeightsSafetensors},
        {"actionExportKeras", tr("Model weights (Keras h5)…"), Exporter::WeightsKeras},
        {"actionExportPredictions", tr("Validation predictions CSV…"), Exporter::ValidPredictions},
        {"actionExportSubmission", tr("Test-set submission CSV…"), Exporter::Submission},
        {"actionExportConfusion", tr("Confusion matrix CSV…"), Exporter::Confusion},
        {"actionExportCurves", tr("Curves image (PNG/SVG)…"), Exporter::CurvesImage},
        {"actionExportCurvesCsv", tr("Curves CSV…"), Exporter::CurvesCsv},
        {"actionPredictFolder", tr("Predict a folder with this model (CSV)…"),
         Exporter::FolderPredictions},
    };
    for (const auto& e : exports) {
        QAction* a = addAction(exportMenu_, e.name, e.text);
        const Exporter::Kind kind = e.kind;
        connect(a, &QAction::triggered, this,
                [this, kind] { exporter_->exportInteractive(kind, this); });
    }
    exportMenu_->actions().first()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    // Greys out what this run cannot export, with the reason as a tooltip.
    connect(exportMenu_, &QMenu::aboutToShow, this, [this] {
        for (QAction* a : exportMenu_->actions()) {
            QString why;
            const int i = exportMenu_->actions().indexOf(a);
            a->setEnabled(exporter_->available(Exporter::Kind(i), &why));
            a->setToolTip(why);
        }
    });
    exportMenu_->setToolTipsVisible(true);

    // Shows and raises the Embedding map dock (its View-menu toggle would hide a tabbed one).
    connect(addAction(nullptr, "actionEmbeddingMap", tr("Show the &embedding map"),
                      QKeySequence(Qt::CTRL | Qt::Key_M)),
            &QAction::triggered, this, [this] {
                QDockWidget* dock = findChild<QDockWidget*>(QStringLiteral("EmbeddingDock"));
                dock->show();
                dock->raise();
                panels_.embedding->view()->setFocus();
            });
    QAction* reset = addAction(nullptr, "actionResetLayout", tr("&Reset layout"));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);

    connect(addAction(settingsMenu_, "actionFeatureCache", tr("&Feature cache…")),
            &QAction::triggered, this, [this] {
                auto* dialog = new CacheDialog(workbench_->dataFolder(), this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->show();
            });
    QMenu* language = settingsMenu_->addMenu(tr("&Language"));
    auto* group = new QActionGroup(this);
    for (const auto& [code, name] : appsettings::languages()) {
        QAction* a = language->addAction(name);
        a->setObjectName(QStringLiteral("actionLanguage_") +
                         (code.isEmpty() ? QStringLiteral("system") : code));
        a->setCheckable(true);
        a->setChecked(code == appsettings::language());
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] {
            appsettings::setLanguage(code);
            statusBar()->showMessage(tr("The language changes the next time Featurelab starts."),
                                     8000);
        });
    }
}

void MainWindow::createMenus() {
    for (QMenu* m : {fileMenu_, runMenu_, exportMenu_, viewMenu_, settingsMenu_})
        menuBar()->addMenu(m);
}

void MainWindow::createDockWindows() {
    addPanel("DataDock", tr("Data"), panels_.data, Qt::LeftDockWidgetArea);
    addPanel("ModelDock", tr("Model"), panels_.model, Qt::LeftDockWidgetArea);
    addPanel("TrainingDock", tr("Training"), panels_.training, Qt::RightDockWidgetArea);
    addPanel("CurvesDock", tr("Curves"), panels_.curves, Qt::RightDockWidgetArea);
    addPanel("ConfusionDock", tr("Confusion matrix"), panels_.confusion, Qt::BottomDockWidgetArea);
    addPanel("GalleryDock", tr("Gallery"), panels_.gallery, Qt::BottomDockWidgetArea);
    addPanel("InspectorDock", tr("Inspector"), panels_.inspector, Qt::BottomDockWidgetArea);
    // Confusion | gallery | inspector side by side along the bottom.
    splitDockWidget(docks_[4], docks_[5], Qt::Horizontal);
    splitDockWidget(docks_[5], docks_[6], Qt::Horizontal);
    tabifyDockWidget(docks_[0], docks_[1]);
    docks_[0]->raise();
    // History shares the wide top-right area with Training; the Curves panel stays in view.
    QDockWidget* history =
        addPanel("HistoryDock", tr("History"), historyPanel_, Qt::RightDockWidgetArea);
    tabifyDockWidget(docks_[2], history);
    docks_[2]->raise();
    // The Embedding map shares the Curves area: the gallery and the Inspector, which show what
    // it selects and clicks, stay in view below it.
    QDockWidget* map =
        addPanel("EmbeddingDock", tr("Embedding map"), panels_.embedding, Qt::RightDockWidgetArea);
    tabifyDockWidget(docks_[3], map);
    docks_[3]->raise();
    viewMenu_->addSeparator();
    viewMenu_->addAction(action(QStringLiteral("actionEmbeddingMap")));
    viewMenu_->addAction(action(QStringLiteral("actionResetLayout")));
}

void MainWindow::createStatusBar() {
    statusBar()->addPermanentWidget(panels_.status);
    statusBar()->showMessage(tr("Ready. Choose an image folder to begin."));
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

void MainWindow::resetLayout() {
    for (QDockWidget* d : docks_) {
        d->setFloating(false);
        d->show();
    }
    restoreState(defaultState_);
}

void MainWindow::showError(const QString& title, const QString& message) {
    showActionableError(title, message, EngineHint());
}

void MainWindow::showActionableError(const QString& title, const QString& message,
                                     const EngineHint& hint) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("errorMessage"));
    box->setWindowModality(Qt::NonModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString action = Workbench::hintButtonText(hint);
    if (!action.isEmpty()) {
        // The engine's hint as a button: the user fixes the problem from the message itself.
        QPushButton* button = box->addButton(action, QMessageBox::AcceptRole);
        button->setObjectName(QStringLiteral("hintAction"));
        box->setDefaultButton(button);
        connect(button, &QPushButton::clicked, this, [this, hint] { workbench_->applyHint(hint); });
    }
    box->show();
    statusBar()->showMessage(message, 10000);
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
    appsettings::setTrainingOverrides(panels_.training->overrides());
    // Quitting mid-job: the engine stops at its next batch and both threads are joined.
    bridge_->shutdown();
    event->accept();
}

// History dock wiring: engine run listing -> panel rows, comparisons, rename and trash.
#include "history_controller.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "conversions.h"
#include "curves_panel.h"
#include "engine_bridge.h"
#include "featurelab/error.h"
#include "featurelab/run_history.h"
#include "history_panel.h"

namespace {
const char kRootsKey[] = "history/folders";

QString q(const std::string& s) { return QString::fromStdString(s); }

RunListEntry toEntry(const featurelab::RunSummary& r) {
    RunListEntry e;
    e.folder = q(r.folder);
    e.state = r.status == featurelab::RunStatus::Complete      ? RunListEntry::Complete
              : r.status == featurelab::RunStatus::Interrupted ? RunListEntry::Interrupted
                                                               : RunListEntry::Unreadable;
    e.why = q(r.why);
    if (r.started > 0) e.started = QDateTime::fromSecsSinceEpoch(r.started);
    e.dataDir = q(r.dataDir);
    e.backbone = q(r.backbone);
    for (const auto& s : r.stages) e.stages << q(s);
    e.bestStage = q(r.bestStage);
    e.bestValidAcc = r.bestValidAcc;
    e.wallSeconds = r.wallSeconds;
    return e;
}

/// QFile::moveToTrash without a Qt 6.4 pitfall: when no trash directory can be made (say
/// $XDG_DATA_HOME/Trash is not a writable folder), it "trashes" into ./files of the working
/// directory and returns true. That counts as no trash here: the folder is put back.
bool trashFolder(const QString& folder) {
    // The home trash's parent must exist for Qt to make the trash (the XDG spec creates it).
    QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation));
    const QDir cwd = QDir::current();
    const bool hadFiles = cwd.exists(QStringLiteral("files")),
               hadInfo = cwd.exists(QStringLiteral("info"));
    QString where;
    if (!QFile::moveToTrash(folder, &where)) return false;
    if (QFileInfo(where).isAbsolute()) return true;
    const QFileInfo misplaced(where);
    QDir().rename(misplaced.absoluteFilePath(), folder);
    QFile::remove(cwd.filePath(QStringLiteral("info/") + misplaced.fileName() +
                               QStringLiteral(".trashinfo")));
    if (!hadFiles) cwd.rmdir(QStringLiteral("files"));
    if (!hadInfo) cwd.rmdir(QStringLiteral("info"));
    return false;
}

/// Legend labels for runs compared side by side: run folder names, less the '-'-separated
/// parts they all share ("20261202-155650-mobilenet_v1_0.25-dogscats" and "...-155559-..." read
/// as "155650" and "155559"; same-second runs as "180240" and "180240-2"), so the Curves
/// panel's legend has room for them.
QStringList shortLabels(const QStringList& names) {
    if (names.size() < 2) return names;
    QList<QStringList> parts;
    for (const QString& n : names) parts << n.split(QLatin1Char('-'));
    QStringList out;
    for (const QStringList& p : parts) {
        QStringList own;
        for (const QString& token : p)
            if (!std::all_of(parts.begin(), parts.end(),
                             [&](const QStringList& other) { return other.contains(token); }))
                own << token;
        // Runs made in the same second share their time too ("...-180240-...-colours" and
        // "...-colours-2"): keep a run folder's time so neither label is empty or a bare "2".
        const bool timed =
            p.size() > 1 && p[1].size() == 6 &&
            std::all_of(p[1].begin(), p[1].end(), [](QChar c) { return c.isDigit(); });
        if (timed && !own.contains(p[1])) own.prepend(p[1]);
        out << (own.isEmpty() ? p.join(QLatin1Char('-')) : own.join(QLatin1Char('-')));
    }
    return out;
}

/// Runs on a worker thread: the engine never throws for what a folder holds.
QVector<RunListEntry> listEntries(const QStringList& roots) {
    std::vector<std::string> paths;
    for (const QString& r : roots) paths.push_back(r.toStdString());
    QVector<RunListEntry> out;
    try {
        for (const auto& r : featurelab::listRuns(paths)) out << toEntry(r);
    } catch (const featurelab::Error& e) {
        RunListEntry failed;
        failed.folder = roots.value(0);
        failed.why = q(e.what());
        out << failed;
    }
    return out;
}
}  // namespace

HistoryController::HistoryController(HistoryPanel* panel, CurvesPanel* curves, EngineBridge* bridge,
                                     std::function<QString()> activeRun, QObject* parent)
    : QObject(parent),
      panel_(panel),
      curves_(curves),
      bridge_(bridge),
      activeRun_(std::move(activeRun)),
      watcher_(new QFileSystemWatcher(this)) {
    qRegisterMetaType<RunListEntry>();
    debounce_.setSingleShot(true);
    debounce_.setInterval(300);  // a run writes several files at once: list once after them
    connect(&debounce_, &QTimer::timeout, this, &HistoryController::refresh);
    connect(watcher_, &QFileSystemWatcher::directoryChanged, this,
            &HistoryController::scheduleRefresh);
    connect(&listing_, &QFutureWatcher<QVector<RunListEntry>>::finished, this,
            &HistoryController::onListed);
    // Runs this window trains show up as their stages finish, and stopped or failed ones too.
    connect(bridge_, &EngineBridge::stageFinished, this, &HistoryController::scheduleRefresh);
    connect(bridge_, &EngineBridge::recipeFinished, this, &HistoryController::scheduleRefresh);
    connect(bridge_, &EngineBridge::failed, this, &HistoryController::scheduleRefresh);

    connect(panel_, &HistoryPanel::compareRequested, this, &HistoryController::compare);
    connect(panel_, &HistoryPanel::openRequested, this, &HistoryController::openRequested);
    connect(panel_, &HistoryPanel::renameRequested, this, &HistoryController::rename);
    connect(panel_, &HistoryPanel::trashRequested, this, &HistoryController::moveToTrash);
    connect(panel_, &HistoryPanel::addRootRequested, this, &HistoryController::addRoot);
    connect(panel_, &HistoryPanel::removeRootRequested, this, &HistoryController::removeRoot);
    connect(panel_, &HistoryPanel::refreshRequested, this, &HistoryController::refresh);
    panel_->setRoots(defaultRoot(), addedRoots());
    refresh();
}

QString HistoryController::defaultRoot() { return q(featurelab::defaultRunsRoot()); }

QStringList HistoryController::addedRoots() const {
    return QSettings().value(QLatin1String(kRootsKey)).toStringList();
}

QStringList HistoryController::roots() const { return QStringList{defaultRoot()} + addedRoots(); }

void HistoryController::addRoot(const QString& folder) {
    const QString dir = QDir(folder).absolutePath();
    QStringList added = addedRoots();
    if (dir == QDir(defaultRoot()).absolutePath() || added.contains(dir)) return;
    added << dir;
    QSettings().setValue(QLatin1String(kRootsKey), added);
    panel_->setRoots(defaultRoot(), added);
    refresh();
}

void HistoryController::removeRoot(const QString& folder) {
    QStringList added = addedRoots();
    added.removeAll(folder);
    QSettings().setValue(QLatin1String(kRootsKey), added);
    panel_->setRoots(defaultRoot(), added);
    refresh();
}

void HistoryController::scheduleRefresh() { debounce_.start(); }

void HistoryController::refresh() {
    if (listing_.isRunning()) {
        again_ = true;
        return;
    }
    listing_.setFuture(QtConcurrent::run(listEntries, roots()));
}

void HistoryController::onListed() {
    runs_ = listing_.result();
    panel_->setRuns(runs_);
    if (!reselect_.isEmpty() &&
        std::all_of(reselect_.begin(), reselect_.end(),
                    [&](const QString& f) { return panel_->shownFolders().contains(f); }))
        panel_->selectFolders(std::exchange(reselect_, QStringList()));
    watch();
    Q_EMIT refreshed();
    if (std::exchange(again_, false)) refresh();
}

void HistoryController::watch() {
    QStringList wanted;
    QStringList settled;  // complete runs only change when the user changes them
    for (const RunListEntry& r : runs_)
        if (r.state == RunListEntry::Complete) settled << r.folder;
    for (const QString& root : roots()) {
        if (!QFileInfo(root).isDir()) continue;
        wanted << root;
        // A folder that is not a finished run yet: a run in progress writes metrics.json there.
        for (const QFileInfo& sub : QDir(root).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot))
            if (!settled.contains(sub.absoluteFilePath())) wanted << sub.absoluteFilePath();
    }
    const QStringList watched = watcher_->directories();
    QStringList gone;
    for (const QString& d : watched)
        if (!wanted.contains(d)) gone << d;
    if (!gone.isEmpty()) watcher_->removePaths(gone);
    QStringList fresh;
    for (const QString& d : wanted)
        if (!watched.contains(d)) fresh << d;
    if (!fresh.isEmpty()) watcher_->addPaths(fresh);
}

void HistoryController::compare(const QStringList& selected) {
    RunComparison c;
    QVector<CurveOverlay> overlays;
    std::vector<featurelab::RecipeResult> records;
    QStringList folders = selected;
    if (folders.size() > kMaxCompared) {
        c.problems << tr("Comparing the first %1 of the %2 selected runs.")
                          .arg(kMaxCompared)
                          .arg(folders.size());
        folders = folders.mid(0, kMaxCompared);
    }
    for (const QString& folder : folders) {
        const QString name = QFileInfo(folder).fileName();
        featurelab::RecipeResult r;
        try {  // a few small files: read here, as the selection changes
            r = featurelab::readRunRecord(folder.toStdString());
        } catch (const featurelab::Error& e) {
            c.problems << tr("%1 cannot be compared: %2").arg(name, q(e.what()));
            continue;
        }
        ComparedRun run;
        run.folder = folder;
        run.label = name;
        for (const auto& s : r.stages) {
            run.stages << toStageRow(s);
            for (const auto& e : s.curve) run.curve << toEpochPoint(e);
        }
        run.bestStage = r.bestStage;
        c.runs << run;
        overlays << CurveOverlay{name, run.curve};
        records.push_back(std::move(r));
    }
    QStringList labels;
    for (const CurveOverlay& o : overlays) labels << o.label;
    labels = shortLabels(labels);
    for (int i = 0; i < overlays.size(); ++i) overlays[i].label = labels[i];
    for (const auto& s : featurelab::compareRunSettings(records)) {
        ComparedSetting setting{q(s.stage), q(s.name), {}, s.differs};
        for (const auto& v : s.values) setting.values << q(v);
        c.settings << setting;
    }
    panel_->setComparison(c);
    curves_->setComparisons(overlays);
    if (!c.runs.isEmpty())
        Q_EMIT statusMessage(tr("Runs compared in the Curves panel: %1").arg(c.runs.size()));
}

bool HistoryController::rename(const QString& folder, const QString& newName) {
    const QString title = tr("Cannot rename the run");
    const QString name = newName.trimmed();
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..") ||
        name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\'))) {
        Q_EMIT error(title, tr("'%1' is not a folder name.").arg(name));
        return false;
    }
    if (!activeRun_().isEmpty() && QFileInfo(activeRun_()) == QFileInfo(folder)) {
        Q_EMIT error(title, tr("%1 is training; rename it once it has finished.").arg(folder));
        return false;
    }
    const QString target = QFileInfo(folder).dir().filePath(name);
    if (QFileInfo::exists(target)) {
        Q_EMIT error(title, tr("%1 already exists.").arg(QDir::toNativeSeparators(target)));
        return false;
    }
    // Run folders keep their files' paths relative to themselves, so the run moves intact.
    if (!QDir().rename(folder, target)) {
        Q_EMIT error(
            title,
            tr("%1 could not be renamed to %2.").arg(QDir::toNativeSeparators(folder), name));
        return false;
    }
    Q_EMIT statusMessage(tr("Renamed to %1").arg(QDir::toNativeSeparators(target)));
    QStringList selected = panel_->selectedFolders();
    if (selected.contains(folder)) {
        // Keep comparing the run under its new name once a listing shows it (a listing that
        // was already running when it was renamed does not).
        selected.replace(selected.indexOf(folder), target);
        reselect_ = selected;
    }
    refresh();
    return true;
}

int HistoryController::moveToTrash(const QStringList& folders) {
    int moved = 0;
    QStringList failed;
    for (const QString& folder : folders) {
        if (!activeRun_().isEmpty() && QFileInfo(activeRun_()) == QFileInfo(folder)) {
            failed << tr("%1 is training; stop it first.").arg(QDir::toNativeSeparators(folder));
            continue;
        }
        // The trash only: a run is never deleted for good from here.
        if (trashFolder(folder))
            ++moved;
        else
            failed << QDir::toNativeSeparators(folder);
    }
    if (!failed.isEmpty())
        Q_EMIT error(tr("Not moved to the trash"),
                     tr("These runs stay where they are: no trash is available for them, or it "
                        "cannot be written. Nothing was deleted.\n\n%1")
                         .arg(failed.join(QLatin1Char('\n'))));
    if (moved > 0) Q_EMIT statusMessage(tr("Runs moved to the trash: %1").arg(moved));
    refresh();
    return moved;
}

// Relabel actions: panel requests and Edit > Undo/Redo on the data folder's journal.
#include "relabel_actions.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QWidget>

#include "data_panel.h"
#include "engine_bridge.h"
#include "featurelab/error.h"
#include "gallery_panel.h"
#include "inspector_panel.h"
#include "workbench.h"

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// "move of cat.7.jpg to dogs", "quarantine of cat.7.jpg": what an entry did, for the menu.
QString describe(const featurelab::JournalEntry& e) {
    const QString name = QFileInfo(q(e.from)).fileName();
    if (e.action == featurelab::RelabelAction::Quarantine)
        return RelabelActions::tr("quarantine of %1").arg(name);
    return RelabelActions::tr("move of %1 to %2")
        .arg(name, q(e.to).section(QLatin1Char('/'), 1, 1));
}

QList<QKeySequence> withPlatform(const QKeySequence& first, QKeySequence::StandardKey key) {
    QList<QKeySequence> keys{first};
    for (const QKeySequence& k : QKeySequence::keyBindings(key))
        if (!keys.contains(k)) keys << k;
    return keys;
}

}  // namespace

RelabelActions::RelabelActions(const Panels& panels, Workbench* workbench, EngineBridge* bridge,
                               QWidget* window)
    : QObject(window), dataPanel_(panels.data), workbench_(workbench), bridge_(bridge) {
    menu_ = new QMenu(tr("&Edit"), window);
    undo_ = menu_->addAction(tr("&Undo"));
    undo_->setObjectName(QStringLiteral("actionUndo"));
    // Ctrl+Z and Ctrl+Shift+Z on every platform theme, plus the theme's own (e.g. Ctrl+Y).
    undo_->setShortcuts(withPlatform(QKeySequence(Qt::CTRL | Qt::Key_Z), QKeySequence::Undo));
    redo_ = menu_->addAction(tr("&Redo"));
    redo_->setObjectName(QStringLiteral("actionRedo"));
    redo_->setShortcuts(
        withPlatform(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo));
    // Window-wide shortcuts, also while the menu bar is hidden or a dock floats.
    window->addAction(undo_);
    window->addAction(redo_);
    connect(undo_, &QAction::triggered, this, &RelabelActions::undo);
    connect(redo_, &QAction::triggered, this, &RelabelActions::redo);
    // The CLI may have changed the journal meanwhile: read it again before showing the menu.
    connect(menu_, &QMenu::aboutToShow, this, &RelabelActions::refresh);

    connect(panels.gallery, &GalleryPanel::moveToClassRequested, this,
            &RelabelActions::moveToClass);
    connect(panels.gallery, &GalleryPanel::quarantineRequested, this, &RelabelActions::quarantine);
    connect(panels.inspector, &InspectorPanel::moveToClassRequested, this,
            &RelabelActions::moveToClass);
    connect(panels.inspector, &InspectorPanel::quarantineRequested, this,
            &RelabelActions::quarantine);
    connect(workbench_, &Workbench::outcomeChanged, this, &RelabelActions::followJournal);
    connect(bridge_, &EngineBridge::scanFinished, this, [this](const DatasetSummary& d) {
        data_ = d;
        refresh();
    });
    connect(bridge_, &EngineBridge::jobFinished, this, &RelabelActions::refresh);
    refresh();
}

bool RelabelActions::apply(
    const QString& title,
    const std::function<featurelab::JournalEntry(featurelab::DataJournal&)>& step, bool back,
    featurelab::JournalEntry* done) {
    const QString folder = workbench_->imagesFolder();
    if (folder.isEmpty()) {
        Q_EMIT error(title, tr("Open an image folder first."));
        return false;
    }
    if (bridge_->isBusy()) {
        // A running job reads the images: moving them under it would change its data.
        Q_EMIT error(title, tr("Featurelab moves image files only while no job reads them: wait "
                               "for \"%1\" to finish or cancel it.")
                                .arg(bridge_->currentJob()));
        return false;
    }
    try {
        featurelab::DataJournal journal = featurelab::DataJournal::open(folder.toStdString());
        *done = step(journal);
    } catch (const featurelab::Error& e) {
        Q_EMIT error(title, q(e.what()));
        refresh();
        return false;
    }
    const QString from = q(back ? done->to : done->from), to = q(back ? done->from : done->to);
    workbench_->relocateImages({{from, to}});
    recount(from, to);
    refresh();
    return true;
}

void RelabelActions::recount(const QString& from, const QString& to) {
    if (data_.root.isEmpty() ||
        QDir::cleanPath(data_.root) != QDir::cleanPath(workbench_->imagesFolder()))
        return;
    bool changed = false;
    for (const auto& [path, delta] : {qMakePair(from, -1), qMakePair(to, 1)}) {
        const QStringList parts = path.split(QLatin1Char('/'));
        if (parts.size() < 2 || parts.first().startsWith(QLatin1Char('.'))) continue;
        // Split folders on disk (val, validation) under their canonical names.
        const QString split =
            parts.first() == QLatin1String("val") || parts.first() == QLatin1String("validation")
                ? QStringLiteral("valid")
                : parts.first();
        for (SplitSummary& s : data_.splits) {
            if (s.name != split) continue;
            const int c =
                s.labelled && parts.size() > 2 ? int(data_.classes.indexOf(parts[1])) : -1;
            if (s.labelled && (c < 0 || c >= s.perClass.size())) continue;
            if (c >= 0) s.perClass[c] += delta;
            s.total += delta;
            changed = true;
        }
    }
    if (changed) dataPanel_->setDataset(data_);
}

void RelabelActions::moveToClass(const QString& path, const QString& className) {
    featurelab::JournalEntry e;
    if (apply(
            tr("Cannot move the image"),
            [&](featurelab::DataJournal& j) {
                return j.move(path.toStdString(), className.toStdString());
            },
            false, &e))
        Q_EMIT statusMessage(tr("Moved %1 to %2 (Ctrl+Z undoes it). The run's results still "
                                "count it as it was labelled when it ran.")
                                 .arg(q(e.from), q(e.to)));
}

void RelabelActions::quarantine(const QString& path) {
    featurelab::JournalEntry e;
    if (apply(
            tr("Cannot quarantine the image"),
            [&](featurelab::DataJournal& j) { return j.quarantine(path.toStdString()); }, false,
            &e))
        Q_EMIT statusMessage(
            tr("Quarantined %1 in %2 (Ctrl+Z undoes it).").arg(q(e.from), q(e.to)));
}

void RelabelActions::undo() {
    featurelab::JournalEntry e;
    if (apply(
            tr("Cannot undo"), [](featurelab::DataJournal& j) { return j.undo(); }, true, &e))
        Q_EMIT statusMessage(tr("Undone: %1 is back at %2.").arg(q(e.to), q(e.from)));
}

void RelabelActions::redo() {
    featurelab::JournalEntry e;
    if (apply(
            tr("Cannot redo"), [](featurelab::DataJournal& j) { return j.redo(); }, false, &e))
        Q_EMIT statusMessage(tr("Redone: %1 is at %2 again.").arg(q(e.from), q(e.to)));
}

void RelabelActions::followJournal() {
    // A run records where its images were when it ran: replaying the journal in order moves
    // each prediction to where its image is now (done entries forward, undone ones back, so a
    // run from before or after an entry lands in the same place).
    QVector<QPair<QString, QString>> moves;
    try {
        if (!workbench_->imagesFolder().isEmpty())
            for (const auto& e :
                 featurelab::DataJournal::open(workbench_->imagesFolder().toStdString()).list()) {
                if (e.state == featurelab::JournalState::Done) moves.append({q(e.from), q(e.to)});
                if (e.state == featurelab::JournalState::Undone) moves.append({q(e.to), q(e.from)});
            }
    } catch (const featurelab::Error&) {
        // refresh() shows the problem on the Undo action.
    }
    workbench_->relocateImages(moves);
    refresh();
}

void RelabelActions::refresh() {
    const QString folder = workbench_->imagesFolder();
    std::vector<featurelab::JournalEntry> entries;
    QString problem;
    if (!folder.isEmpty()) {
        try {
            entries = featurelab::DataJournal::open(folder.toStdString()).list();
        } catch (const featurelab::Error& e) {
            problem = q(e.what());
        }
    }
    const featurelab::JournalEntry* last = nullptr;
    const featurelab::JournalEntry* next = nullptr;
    for (const auto& e : entries) {
        if (e.state == featurelab::JournalState::Done) last = &e;
        if (e.state == featurelab::JournalState::Undone && !next) next = &e;
    }
    undo_->setEnabled(last != nullptr);
    redo_->setEnabled(next != nullptr);
    undo_->setText(last ? tr("&Undo %1").arg(describe(*last)) : tr("&Undo"));
    redo_->setText(next ? tr("&Redo %1").arg(describe(*next)) : tr("&Redo"));
    undo_->setToolTip(problem);
    redo_->setToolTip(problem);
}

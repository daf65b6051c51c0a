// Workbench: the shown run's predictions follow images that were moved on disk.
#include <QDir>
#include <QHash>

#include "gallery_panel.h"
#include "inspector_panel.h"
#include "workbench.h"

namespace {

/// The class a data-folder path is in ("valid/dogs/x.jpg" -> "dogs"); "" outside the splits.
QString classOf(const QString& relative) {
    const QStringList parts = relative.split(QLatin1Char('/'));
    if (parts.size() < 3 || parts.first().startsWith(QLatin1Char('.'))) return QString();
    return parts.at(1);
}

}  // namespace

QString Workbench::imagesFolder() const {
    return hasOutcome() && !outcome_.dataDir.isEmpty() ? outcome_.dataDir : dataFolder_;
}

void Workbench::relocateImages(const QVector<QPair<QString, QString>>& moves) {
    forgetMovedLabelIssues(moves);
    if (moves.isEmpty()) return;
    const QDir root(imagesFolder());
    // An image that is no prediction of the run (the Likely mislabeled tab shows train/ too)
    // must not stay in the Inspector under a path it has left.
    const QString inspected = QDir::cleanPath(p_.inspector->currentPath());
    for (const auto& move : moves)
        if (!inspected.isEmpty() && inspected == QDir::cleanPath(root.filePath(move.first)))
            p_.inspector->clear();
    QHash<QString, int> at;  // clean absolute path -> prediction index
    for (int i = 0; i < outcome_.valid.size(); ++i)
        at.insert(QDir::cleanPath(outcome_.valid[i].path), i);
    const QString shownPath = inspected;
    int shown = -1;
    for (const auto& [from, to] : moves) {
        const auto it = at.find(QDir::cleanPath(root.filePath(from)));
        if (it == at.end()) continue;
        const int i = it.value();
        at.erase(it);
        PredictionItem& item = outcome_.valid[i];
        const QString cls = classOf(to);
        const bool hidden = cls.isEmpty();  // quarantined: out of every gallery tab
        if (QDir::cleanPath(item.path) == shownPath) shown = i;
        item.path = root.filePath(to);
        item.displayPath = to;
        if (!hidden) item.trueLabel = int(outcome_.classes.indexOf(cls));
        at.insert(QDir::cleanPath(item.path), i);
        // The gallery re-selects the row it had: the Inspector then shows the moved image (or,
        // for one that left the gallery, the next one).
        p_.gallery->updatePrediction(i, item, hidden);
    }
    relocateOnMap(moves);  // workbench_embedding.cpp
    const int selected = p_.gallery->selectedPrediction();
    if (shown < 0 || selected == shown) return;
    if (!classOf(outcome_.valid[shown].displayPath).isEmpty())
        p_.inspector->showItem(outcome_.valid[shown], outcome_.classes);
    else if (selected < 0)
        p_.inspector->clear();
}

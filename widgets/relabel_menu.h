// The relabel actions every view of an image offers (the gallery's tabs, the Inspector):
// "Move to class ▸" with one entry per other class, and "Quarantine".
#pragma once

#include <QString>
#include <QStringList>
#include <functional>

class QMenu;

namespace relabelmenu {

/// Appends to menu a "Move to class" submenu (object name "relabelMoveMenu") with one action per
/// class except currentClass (object names "moveTo_<class>"), and "Quarantine" (object name
/// "relabelQuarantine"). The actions call moveTo(className) and quarantine().
void addActions(QMenu* menu, const QStringList& classes, int currentClass,
                const std::function<void(const QString&)>& moveTo,
                const std::function<void()>& quarantine);

/// Fills menu (cleared first) with one action per class except currentClass.
void fillClassMenu(QMenu* menu, const QStringList& classes, int currentClass,
                   const std::function<void(const QString&)>& moveTo);

}  // namespace relabelmenu

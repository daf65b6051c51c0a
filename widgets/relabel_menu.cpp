// Relabel actions: the class submenu and Quarantine, shared by the gallery and the Inspector.
#include "relabel_menu.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>

namespace relabelmenu {

void fillClassMenu(QMenu* menu, const QStringList& classes, int currentClass,
                   const std::function<void(const QString&)>& moveTo) {
    menu->clear();
    for (int c = 0; c < classes.size(); ++c) {
        if (c == currentClass) continue;
        const QString name = classes[c];
        QAction* a = menu->addAction(name);
        a->setObjectName(QStringLiteral("moveTo_") + name);
        QObject::connect(a, &QAction::triggered, menu, [moveTo, name] { moveTo(name); });
    }
    menu->setEnabled(!menu->isEmpty());
}

void addActions(QMenu* menu, const QStringList& classes, int currentClass,
                const std::function<void(const QString&)>& moveTo,
                const std::function<void()>& quarantine) {
    QMenu* move = menu->addMenu(QCoreApplication::translate("RelabelMenu", "Move to class"));
    move->setObjectName(QStringLiteral("relabelMoveMenu"));
    fillClassMenu(move, classes, currentClass, moveTo);
    QAction* q = menu->addAction(QCoreApplication::translate("RelabelMenu", "Quarantine"));
    q->setObjectName(QStringLiteral("relabelQuarantine"));
    q->setToolTip(QCoreApplication::translate(
        "RelabelMenu",
        "Move the image file out of the splits into .featurelab/quarantine "
        "(Ctrl+Z undoes it)"));
    menu->setToolTipsVisible(true);
    QObject::connect(q, &QAction::triggered, menu, [quarantine] { quarantine(); });
}

}  // namespace relabelmenu

// featurelab: the desktop workbench.
#include <QApplication>

#include "main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Featurelab"));
    QApplication::setApplicationName(QStringLiteral("Featurelab"));
    MainWindow window;
    window.show();
    return QApplication::exec();
}

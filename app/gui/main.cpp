// featurelab: the desktop workbench. `featurelab --data DIR --backbone SPEC` opens on a folder
// with a backbone preselected.
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

#include "app_settings.h"
#include "main_window.h"

int main(int argc, char** argv) {
    QGuiApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Featurelab"));
    QApplication::setApplicationName(QStringLiteral("Featurelab"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    appsettings::installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Transfer learning on image folders."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption data(QStringLiteral("data"),
                                  QApplication::translate("main", "Open this ImageFolder tree."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption backbone(
        QStringLiteral("backbone"),
        QApplication::translate("main", "Preselect this backbone, ARCH[:WEIGHTS_FILE]."),
        QStringLiteral("SPEC"));
    parser.addOption(data);
    parser.addOption(backbone);
    parser.process(app);

    MainWindow window;
    QSettings settings;
    const QString spec =
        parser.isSet(backbone)
            ? parser.value(backbone)
            : settings.value(QStringLiteral("model/backbone"), QStringLiteral("mobilenet_v1_0.25"))
                  .toString();
    window.workbench()->setBackbone(spec);
    if (parser.isSet(data)) window.workbench()->openFolder(parser.value(data));
    window.show();
    return QApplication::exec();
}

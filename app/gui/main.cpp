// featurelab: the desktop workbench. `featurelab --data DIR --backbone SPEC` opens on a folder
// with a backbone preselected.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <algorithm>
#include <cstdio>

#include "app_settings.h"
#include "training_panel.h"
#include "featurelab_version.h"
#include "main_window.h"
#include "suggest.h"

namespace {

/// The command line. Built after the translators are installed, so --help speaks the locale.
struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption data{QStringLiteral("data"),
                            QCoreApplication::translate("main", "Open this ImageFolder tree."),
                            QStringLiteral("DIR")};
    QCommandLineOption backbone{
        QStringLiteral("backbone"),
        QCoreApplication::translate("main", "Preselect this backbone, ARCH[:WEIGHTS_FILE]."),
        QStringLiteral("SPEC")};

    CommandLine() {
        parser.setApplicationDescription(
            QCoreApplication::translate("main", "Transfer learning on image folders.") +
            // Not translated yet: translations/*.ts has no entry (test_translations checks).
            QStringLiteral("\nExit codes: 0 done, 2 usage error."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(data);
        parser.addOption(backbone);
        // The desktop entry's "Exec=featurelab %f": a folder opened from the file manager.
        parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Same as --data DIR."),
                                     QStringLiteral("[DIR]"));
    }
};

/// "featurelab: Unknown option 'daat'. Did you mean --data?" and how to get the help.
int usageError(const QCommandLineParser& parser) {
    std::string hint;
    if (!parser.unknownOptionNames().isEmpty()) {
        const std::string typed = parser.unknownOptionNames().first().toStdString();
        hint = featurelab::cli::closest(typed, {"data", "backbone", "help", "version"});
    }
    std::fprintf(stderr, "featurelab: %s%s (see 'featurelab --help')\n",
                 qPrintable(parser.errorText()),
                 hint.empty() ? "" : (" Did you mean --" + hint + "?").c_str());
    return 2;
}

/// Qt's own options, which QApplication takes out of the arguments (-platform offscreen).
bool isQtOption(const QString& name) {
    static const QStringList qt{
        "platform",    "platformpluginpath", "platformtheme", "plugin",   "qwindowgeometry",
        "qwindowicon", "qwindowtitle",       "reverse",       "session",  "style",
        "stylesheet",  "widgetcount",        "display",       "geometry", "title",
        "name",        "qmljsdebugger"};
    return qt.contains(name);
}

/// --help, --version and usage errors answer on the terminal without a display: they run under
/// a QCoreApplication. Returns -1 when the arguments are for the GUI to take.
int answerOnTerminal(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    {
        CommandLine probe;  // untranslated: it only decides whether a terminal answer is due
        probe.parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        const bool parsed = probe.parser.parse(arguments);
        const QStringList unknown = probe.parser.unknownOptionNames();
        const bool usageError =
            !parsed &&
            (unknown.isEmpty() || std::any_of(unknown.begin(), unknown.end(),
                                              [](const QString& n) { return !isQtOption(n); }));
        if (!usageError && !probe.parser.isSet(QStringLiteral("help")) &&
            !probe.parser.isSet(QStringLiteral("help-all")) &&
            !probe.parser.isSet(QStringLiteral("version")))
            return -1;
    }
    QCoreApplication core(argc, argv);
    // The locale's translations (the workbench's own language setting needs a QApplication).
    QTranslator ours, qt;
    if (ours.load(QLocale(), QStringLiteral("featurelab"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&ours);
    if (qt.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qt);
    CommandLine cli;
    cli.parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!cli.parser.parse(QCoreApplication::arguments()) &&
        !cli.parser.isSet(QStringLiteral("help")) && !cli.parser.isSet(QStringLiteral("version")))
        return usageError(cli.parser);
    if (cli.parser.isSet(QStringLiteral("version"))) cli.parser.showVersion();  // exits 0
    cli.parser.showHelp(0);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication::setOrganizationName(QStringLiteral("Featurelab"));
    QCoreApplication::setApplicationName(QStringLiteral("Featurelab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FEATURELAB_VERSION));
    // Wayland's app id and the taskbar's icon come from the installed desktop entry.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.featurelab.Featurelab"));
    if (const int code = answerOnTerminal(argc, argv); code >= 0) return code;

    QGuiApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    appsettings::installTranslators(app);
    CommandLine cli;
    // QApplication took its own options (-platform, -style) out of the arguments.
    if (!cli.parser.parse(QCoreApplication::arguments())) return usageError(cli.parser);

    MainWindow window;
    // The user's changes to the recipe's defaults (only those: a new default shows through).
    window.panels().training->setOverrides(appsettings::trainingOverrides());
    QSettings settings;
    const QString spec =
        cli.parser.isSet(cli.backbone)
            ? cli.parser.value(cli.backbone)
            : settings.value(QStringLiteral("model/backbone"), QStringLiteral("mobilenet_v1_0.25"))
                  .toString();
    window.workbench()->setBackbone(spec);
    const QStringList folders = cli.parser.positionalArguments();
    if (folders.size() > 1) {
        std::fprintf(stderr, "featurelab: one folder at most, got %lld.\n",
                     static_cast<long long>(folders.size()));
        return 2;
    }
    if (cli.parser.isSet(cli.data))
        window.workbench()->openFolder(cli.parser.value(cli.data));
    else if (!folders.isEmpty())
        window.workbench()->openFolder(folders.first());
    window.show();
    return QApplication::exec();
}

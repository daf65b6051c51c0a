// Language setting, translator loading, the cache folder and the Training panel's overrides.
#include "app_settings.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace appsettings {

namespace {
const char kLanguageKey[] = "ui/language";
}

QString language() { return QSettings().value(QLatin1String(kLanguageKey)).toString(); }

void setLanguage(const QString& code) { QSettings().setValue(QLatin1String(kLanguageKey), code); }

QList<QPair<QString, QString>> languages() {
    return {{QString(), QApplication::translate("appsettings", "System language")},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("fr"), QStringLiteral("Français")}};
}

QString installTranslators(QApplication& app) {
    const QString chosen = language();
    const QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    QString code = locale.name().left(2);
    if (code != QLatin1String("de") && code != QLatin1String("fr")) return QStringLiteral("en");
    // The .qm files are compiled into the binary by qt_add_translations (prefix /i18n).
    auto* ours = new QTranslator(&app);
    if (ours->load(QStringLiteral(":/i18n/featurelab_") + code))
        QApplication::installTranslator(ours);
    // Qt's own strings (dialog buttons), when the distribution ships them.
    auto* qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_") + code,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    return code;
}

QString cacheDir() { return QSettings().value(QStringLiteral("cache/dir")).toString(); }

void setCacheDir(const QString& dir) {
    if (dir.isEmpty())
        QSettings().remove(QStringLiteral("cache/dir"));
    else
        QSettings().setValue(QStringLiteral("cache/dir"), dir);
}

TrainingOverrides trainingOverrides() {
    QSettings settings;
    TrainingOverrides o;
    settings.beginGroup(QStringLiteral("training"));
    o.ticked = settings.value(QStringLiteral("stages")).toStringList();
    o.seed = settings.value(QStringLiteral("seed"));
    settings.beginGroup(QStringLiteral("overrides"));
    for (const QString& stage : settings.childGroups()) {
        settings.beginGroup(stage);
        QVariantMap cells;
        for (const QString& key : settings.childKeys()) cells.insert(key, settings.value(key));
        settings.endGroup();
        o.stages.insert(stage, cells);
    }
    return o;
}

void setTrainingOverrides(const TrainingOverrides& o) {
    QSettings settings;
    settings.remove(QStringLiteral("training"));  // a cell back at its default is no override
    settings.beginGroup(QStringLiteral("training"));
    settings.setValue(QStringLiteral("stages"), o.ticked);
    if (o.seed.isValid()) settings.setValue(QStringLiteral("seed"), o.seed);
    settings.beginGroup(QStringLiteral("overrides"));
    for (auto it = o.stages.begin(); it != o.stages.end(); ++it)
        for (auto cell = it.value().begin(); cell != it.value().end(); ++cell)
            settings.setValue(it.key() + QLatin1Char('/') + cell.key(), cell.value());
}

}  // namespace appsettings

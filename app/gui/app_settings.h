// Settings that outlive a session and are not a panel's own: the UI language override and
// the feature cache folder.
#pragma once

#include <QList>
#include <QPair>
#include <QString>

class QApplication;

namespace appsettings {

/// "" follows the system locale; otherwise "en", "de" or "fr".
QString language();
void setLanguage(const QString& code);
/// (code, name in that language), the system entry first.
QList<QPair<QString, QString>> languages();
/// The feature cache folder the user chose ("": the engine's per-user default).
QString cacheDir();
void setCacheDir(const QString& dir);
/// Installs the translators for the chosen (or system) language; returns the code in use.
QString installTranslators(QApplication& app);

}  // namespace appsettings

// Settings that outlive a session and are not a panel's own: the UI language override, the
// feature cache folder and the Training panel's overrides of the recipe's defaults.
#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include "panel_types.h"

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
/// What the user changed in the Training panel (TrainingOverrides): only the cells that differ
/// from the engine's defaults are kept, so a default the engine changes later shows through.
TrainingOverrides trainingOverrides();
void setTrainingOverrides(const TrainingOverrides& overrides);
/// Installs the translators for the chosen (or system) language; returns the code in use.
QString installTranslators(QApplication& app);

}  // namespace appsettings

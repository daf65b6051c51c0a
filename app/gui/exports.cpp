// Export menu jobs.
#include "exports.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>

#include "confusion_panel.h"
#include "curves_panel.h"
#include "engine_bridge.h"
#include "workbench.h"

Exporter::Exporter(Workbench* workbench, EngineBridge* bridge, ConfusionPanel* confusion,
                   CurvesPanel* curves, QObject* parent)
    : QObject(parent),
      workbench_(workbench),
      bridge_(bridge),
      confusion_(confusion),
      curves_(curves) {
    connect(bridge_, &EngineBridge::modelExported, this, &Exporter::exported);
    connect(bridge_, &EngineBridge::predictionsWritten, this,
            [this](const QString& file) { Q_EMIT exported(file); });
}

bool Exporter::busy() {
    Q_EMIT error(tr("Nothing to export"), tr("Wait for the running job to finish."));
    return false;
}

QString Exporter::suggestedFileName(Kind kind) {
    switch (kind) {
        case WeightsKeras:
            return QStringLiteral("model.h5");
        case Confusion:
            return QStringLiteral("confusion.csv");
        case CurvesCsv:
            return QStringLiteral("curves.csv");
        case CurvesImage:
            return QStringLiteral("curves.png");
        case FolderPredictions:
            return QStringLiteral("predictions.csv");
        default:
            return runFileName(kind);
    }
}

QString Exporter::runFileName(Kind kind) {
    switch (kind) {
        case WeightsSafetensors:
        case WeightsKeras:       // converted by the engine from the run's own model file
        case FolderPredictions:  // applied by the engine
            return QStringLiteral("model.safetensors");
        case ValidPredictions:
            return QStringLiteral("valid_predictions.csv");
        case Submission:
            return QStringLiteral("submission.csv");
        default:
            return {};
    }
}

bool Exporter::available(Kind kind, QString* reason) const {
    QString why;
    const QString name = runFileName(kind);
    if (!workbench_->hasOutcome() && kind != CurvesImage && kind != CurvesCsv)
        why = tr("Train a stage first.");
    else if ((kind == CurvesImage || kind == CurvesCsv) && curves_->epochs().isEmpty())
        why = tr("No curves yet.");
    else if (!name.isEmpty() &&
             !QFileInfo::exists(QDir(workbench_->outcome().runDir).filePath(name)))
        why = kind == Submission
                  ? tr("The data folder has no test/ split, so there is no submission.")
                  : tr("This run folder has no %1.").arg(name);
    else if ((kind == WeightsKeras || kind == FolderPredictions) && bridge_->isBusy())
        why = tr("Wait for the running job to finish.");
    if (reason) *reason = why;
    return why.isEmpty();
}

bool Exporter::exportTo(Kind kind, const QString& file) {
    QString reason;
    if (!available(kind, &reason)) {
        Q_EMIT error(tr("Nothing to export"), reason);
        return false;
    }
    bool ok = false;
    const QString name = runFileName(kind);
    if (kind == FolderPredictions) {
        Q_EMIT error(tr("Nothing to export"), tr("Choose the folder to predict first."));
        return false;
    }
    if (kind == WeightsKeras) {
        const QString source = QDir(workbench_->outcome().runDir).filePath(name);
        return bridge_->exportModel(source, file, featurelab::ModelFormat::KerasHdf5) || busy();
    }
    if (!name.isEmpty()) {
        const QString source = QDir(workbench_->outcome().runDir).filePath(name);
        if (QFileInfo(file).absoluteFilePath() == QFileInfo(source).absoluteFilePath()) return true;
        // Through QSaveFile: the previous file stays intact until the copy is complete.
        QFile in(source);
        QSaveFile out(file);
        ok = in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly);
        while (ok && !in.atEnd()) {
            const QByteArray chunk = in.read(1 << 20);
            ok = !chunk.isEmpty() && out.write(chunk) == chunk.size();
        }
        ok = ok && out.commit();
    } else if (kind == Confusion) {
        ok = confusion_->exportCsv(file);
    } else if (kind == CurvesCsv) {
        ok = curves_->exportCsv(file);
    } else if (kind == CurvesImage) {
        ok = file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive) ? curves_->exportSvg(file)
                                                                       : curves_->exportPng(file);
    }
    if (!ok) {
        Q_EMIT error(tr("Export failed"),
                     tr("Could not write %1.").arg(QDir::toNativeSeparators(file)));
        return false;
    }
    Q_EMIT exported(file);
    return true;
}

void Exporter::exportInteractive(Kind kind, QWidget* parent) {
    QString reason;
    if (!available(kind, &reason)) {
        Q_EMIT error(tr("Nothing to export"), reason);
        return;
    }
    QString folder;
    if (kind == FolderPredictions) {
        folder = QFileDialog::getExistingDirectory(parent, tr("Folder of images to predict"),
                                                   QDir::homePath());
        if (folder.isEmpty()) return;
    }
    const QString suggested = suggestedFileName(kind);
    QString filter = tr("CSV files (*.csv)");
    const QString kaggle = tr("Kaggle submission, id,label (*.csv)");
    if (kind == FolderPredictions) filter += QStringLiteral(";;") + kaggle;
    if (kind == WeightsSafetensors) filter = tr("safetensors (*.safetensors)");
    if (kind == WeightsKeras) filter = tr("Keras HDF5 (*.h5)");
    if (kind == CurvesImage) filter = tr("PNG image (*.png);;SVG image (*.svg)");
    QString chosenFilter;
    QString file = QFileDialog::getSaveFileName(
        parent, tr("Export"), QDir::home().filePath(suggested), filter, &chosenFilter);
    if (file.isEmpty()) return;
    // The dialog does not add the suffix a typed name left out; the file's use needs it.
    const QString suffix = QFileInfo(suggested).suffix();
    if (QFileInfo(file).suffix().isEmpty()) file += QLatin1Char('.') + suffix;
    if (kind == FolderPredictions)
        predictFolder(folder, file, chosenFilter == kaggle);
    else
        exportTo(kind, file);
}

bool Exporter::predictFolder(const QString& folder, const QString& csvFile, bool submission) {
    QString reason;
    if (!available(FolderPredictions, &reason)) {
        Q_EMIT error(tr("Nothing to export"), reason);
        return false;
    }
    const QString model =
        QDir(workbench_->outcome().runDir).filePath(runFileName(FolderPredictions));
    return bridge_->predictFolder(model, folder, csvFile, submission) || busy();
}

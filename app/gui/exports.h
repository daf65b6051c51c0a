// The Export menu's jobs: files copied out of the run folder (weights, predictions,
// submission), the model converted to Keras HDF5 by an engine job, or files written from the
// panels (confusion CSV, curves image/CSV).
#pragma once

#include <QObject>
#include <QString>

class ConfusionPanel;
class CurvesPanel;
class EngineBridge;
class Workbench;

class Exporter : public QObject {
    Q_OBJECT
public:
    enum Kind {
        WeightsSafetensors,
        WeightsKeras,
        ValidPredictions,
        Submission,
        Confusion,
        CurvesImage,
        CurvesCsv,
        FolderPredictions  // the run's model applied to a folder the user picks
    };

    Exporter(Workbench* workbench, EngineBridge* bridge, ConfusionPanel* confusion,
             CurvesPanel* curves, QObject* parent = nullptr);

    /// The file in the run folder this kind is made from; empty for kinds the panels write.
    static QString runFileName(Kind kind);
    /// The file name the save dialog proposes.
    static QString suggestedFileName(Kind kind);
    /// Whether kind can be exported now; reason says why not.
    bool available(Kind kind, QString* reason = nullptr) const;
    /// Writes kind to file; false with error() on failure. WeightsKeras runs as an engine job
    /// (off the UI thread): true means it started, and exported() or the bridge's failed()
    /// follows. Every other kind is written before this returns.
    bool exportTo(Kind kind, const QString& file);
    /// Asks for a file name (non-native dialog) and exports; FolderPredictions first asks for
    /// the folder.
    void exportInteractive(Kind kind, QWidget* parent);
    /// FolderPredictions: runs the run's model over folder as an engine job and writes csvFile
    /// (Kaggle's id,label with submission). True when the job started; exported() follows.
    bool predictFolder(const QString& folder, const QString& csvFile, bool submission);

Q_SIGNALS:
    void error(const QString& title, const QString& message);
    void exported(const QString& file);

private:
    /// Reports that the engine's job lane is taken; returns false for the caller to return.
    bool busy();

    Workbench* workbench_;
    EngineBridge* bridge_;
    ConfusionPanel* confusion_;
    CurvesPanel* curves_;
};

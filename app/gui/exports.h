// The Export menu's jobs: files copied out of the run folder (weights, predictions,
// submission) or written from the panels (confusion CSV, curves image/CSV).
#pragma once

#include <QObject>
#include <QString>

class ConfusionPanel;
class CurvesPanel;
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
        CurvesCsv
    };

    Exporter(Workbench* workbench, ConfusionPanel* confusion, CurvesPanel* curves,
             QObject* parent = nullptr);

    /// The file in the run folder this kind copies; empty for kinds the panels write.
    static QString runFileName(Kind kind);
    /// Whether kind can be exported now; reason says why not.
    bool available(Kind kind, QString* reason = nullptr) const;
    /// Writes kind to file; false with error() on failure.
    bool exportTo(Kind kind, const QString& file);
    /// Asks for a file name (non-native dialog) and exports.
    void exportInteractive(Kind kind, QWidget* parent);

Q_SIGNALS:
    void error(const QString& title, const QString& message);
    void exported(const QString& file);

private:
    Workbench* workbench_;
    ConfusionPanel* confusion_;
    CurvesPanel* curves_;
};

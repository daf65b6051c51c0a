// The Training panel: the lesson's ladder (one row per stage: tick to run it, optimizer, LR,
// epochs, batch size, augmentation), prefilled with the engine's defaults and editable cell by
// cell; the seed; Start/Stop; and the lesson's stage table, filled in as stages complete.
#pragma once

#include <QWidget>

#include "panel_types.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    /// The ladder's rows: the engine's stage registry in ladder order, and its default seed.
    /// Every cell shows its default; the first stage is ticked.
    void setStages(const QVector<StageDefaults>& stages, quint64 defaultSeed);
    QStringList stageNames() const;

    TrainingSettings settings() const;
    /// Sets the rows named in s (others keep their values) and the seed.
    void setSettings(const TrainingSettings& s);
    /// The cells that differ from the defaults, the seed when changed, and the ticked stages.
    TrainingOverrides overrides() const;
    /// Applies saved overrides on top of the defaults (unknown stages and keys are ignored).
    void setOverrides(const TrainingOverrides& o);
    /// Every cell back to its default (the ticks stay).
    void resetToDefaults();
    /// Ticks exactly this stage (the model panel's presets).
    void selectStage(const QString& stage);

    void setRunning(bool running);
    bool isRunning() const { return running_; }
    void clearStages();
    void addStage(const StageRow& row);
    /// Marks the row of the best stage (by valid accuracy) in bold.
    void setBestStage(int index);
    /// Sets one stage's LR cell (the LR finder's "Use this LR"): an override like a typed one.
    void setStageLr(const QString& stage, double lr);
    /// Shows the device line, e.g. "CPU, 2 threads".
    void setRuntime(const QString& text);

    QTableWidget* ladder() const { return ladder_; }
    QTableWidget* stageTable() const { return table_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* stopButton() const { return stop_; }
    QPushButton* findLrButton() const { return findLr_; }

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    /// "Find LR..." chose this stage: sweep its LR with the ladder's settings.
    void findLrRequested(const QString& stage);
    /// The ticked stages changed (by hand or through selectStage).
    void stagesChanged(const QStringList& stages);

private:
    struct Row {
        StageDefaults defaults;
        QCheckBox* run = nullptr;
        QComboBox* optimizer = nullptr;
        QDoubleSpinBox* lr = nullptr;
        QSpinBox* epochs = nullptr;
        QSpinBox* batch = nullptr;
        QCheckBox* augment = nullptr;
    };
    void setRow(Row& row, const StageSettings& s);
    StageSettings rowSettings(const Row& row) const;
    /// Overridden cells in bold, with their default as tooltip.
    void markOverrides();
    void fitLadder();

    QTableWidget* ladder_ = nullptr;
    QVector<Row> rows_;
    QSpinBox* seed_ = nullptr;
    quint64 defaultSeed_ = 0;
    QPushButton* reset_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* findLr_ = nullptr;
    QLabel* runtime_ = nullptr;
    QTableWidget* table_ = nullptr;
    bool running_ = false;
    bool selecting_ = false;
};

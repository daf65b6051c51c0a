// The Training panel: optimizer, LR, epochs, batch size, seed, augmentation and the stages to
// run; Start/Stop; and the lesson's stage table, filled in as stages complete.
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

    TrainingSettings settings() const;
    void setSettings(const TrainingSettings& s);
    /// Ticks exactly this stage (the model panel's presets).
    void selectStage(const QString& stage);

    void setRunning(bool running);
    bool isRunning() const { return running_; }
    void clearStages();
    void addStage(const StageRow& row);
    /// Marks the row of the best stage (by valid accuracy) in bold.
    void setBestStage(int index);
    /// Shows the device line, e.g. "CPU, 2 threads".
    void setRuntime(const QString& text);

    QTableWidget* stageTable() const { return table_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* stopButton() const { return stop_; }

    static QStringList stageNames();

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    /// The ticked stages changed (by hand or through selectStage).
    void stagesChanged(const QStringList& stages);

private:
    QComboBox* optimizer_ = nullptr;
    QDoubleSpinBox* lr_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QCheckBox* augment_ = nullptr;
    QList<QCheckBox*> stageBoxes_;
    QPushButton* start_ = nullptr;
    QPushButton* stop_ = nullptr;
    QLabel* runtime_ = nullptr;
    QTableWidget* table_ = nullptr;
    bool running_ = false;
    bool selecting_ = false;
};

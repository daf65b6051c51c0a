// The Model panel: backbone picker (architecture + weights file, with a clear warning when no
// weights are given) and the layer table with a trainable checkbox per layer, "freeze all
// below", the recipe's stage presets (what the engine says each stage trains on this backbone)
// and live trainable/total parameter counts.
#pragma once

#include <QMap>
#include <QWidget>

#include "panel_types.h"

class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    void setArchitectures(const QStringList& names);
    void setBackbone(const QString& architecture, const QString& weightsPath);
    QString architecture() const;
    QString weightsPath() const;
    /// "ARCH[:WEIGHTS]", the engine's BackboneSpec text.
    QString backboneSpec() const;
    /// The warning shown under the picker; empty when the weights file is fine.
    QString weightsWarning() const;

    void setLayers(const QVector<LayerRow>& layers);
    /// Layers the weights file had no weights for (a Keras include_top=False file): warned
    /// about (the engine's presets train them).
    void setUntrainedTop(const QStringList& layers);
    /// One preset button per stage, in ladder order, with the stage's description as tooltip.
    /// A button works once setStagePresets has said what its stage trains.
    void setStages(const QStringList& names, const QStringList& descriptions);
    /// What each stage trains on the loaded backbone, as the engine answered (empty: unknown,
    /// e.g. while the backbone is being described).
    void setStagePresets(const QVector<StagePreset>& presets);
    QVector<LayerRow> layers() const;
    QStringList trainableLayerNames() const;
    /// True when the user ticked layers by hand rather than through a preset.
    bool customTrainable() const { return custom_; }
    qint64 trainableParams() const;
    qint64 totalParams() const;

    /// Layers above `row` are frozen, `row` and everything after it train.
    void freezeAllBelow(int row);
    /// Ticks exactly the layers the engine said stage trains (setStagePresets). With select,
    /// also emits stageSelected (a preset button); without, it only shows what that stage
    /// trains. Does nothing for a stage without a known preset.
    void applyPreset(const QString& stage, bool select = true);
    /// The stage whose preset the ticks show ("" after ticking by hand or before any preset).
    QString presetStage() const { return custom_ ? QString() : preset_; }
    QString summaryText() const;

    QTableWidget* layerTable() const { return table_; }
    QLabel* paramsLabel() const { return params_; }
    QLabel* presetLabel() const { return presetNote_; }

Q_SIGNALS:
    void backboneChanged(const QString& spec);
    /// A preset button was pressed: the training panel selects this stage.
    void stageSelected(const QString& stage);
    void trainableChanged();

public Q_SLOTS:
    void copySummary();
    /// Lets the user pick another weights file (the Choose-weights action of an error).
    void browseWeights();

private:
    void updateWarning();
    void updateParams();
    void setChecked(int row, bool on);
    /// A row gets a checkbox when it has parameters or a stage trains it.
    bool canTrain(int row) const;
    void updateCheckboxes();
    void updatePresetButtons();
    void updatePresetNote();

    QComboBox* arch_ = nullptr;
    QLineEdit* weights_ = nullptr;
    QLabel* warning_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* params_ = nullptr;
    QVector<LayerRow> layers_;
    QStringList untrainedTop_;
    QHBoxLayout* presetRow_ = nullptr;
    QMap<QString, QPushButton*> presetButtons_;
    QMap<QString, QString> descriptions_;
    QMap<QString, StagePreset> presets_;
    QLabel* presetNote_ = nullptr;
    QString preset_;
    bool custom_ = false;
    bool updating_ = false;
};

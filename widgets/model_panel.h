// The Model panel: backbone picker (architecture + weights file, with a clear warning when no
// weights are given) and the layer table with a trainable checkbox per layer, "freeze all
// below", the recipe's stage presets and live trainable/total parameter counts.
#pragma once

#include <QWidget>

#include "panel_types.h"

class QComboBox;
class QLabel;
class QLineEdit;
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
    /// about, and every preset but 'linear' trains them (as the recipe does).
    void setUntrainedTop(const QStringList& layers);
    QVector<LayerRow> layers() const;
    QStringList trainableLayerNames() const;
    /// True when the user ticked layers by hand rather than through a preset.
    bool customTrainable() const { return custom_; }
    qint64 trainableParams() const;
    qint64 totalParams() const;

    /// Layers above `row` are frozen, `row` and everything after it train.
    void freezeAllBelow(int row);
    /// The recipe's presets: "linear", "last", "dense", "conv". With select, also emits
    /// stageSelected (a preset button); without, it only shows what that stage trains.
    void applyPreset(const QString& stage, bool select = true);
    QString summaryText() const;

    QTableWidget* layerTable() const { return table_; }
    QLabel* paramsLabel() const { return params_; }

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

    QComboBox* arch_ = nullptr;
    QLineEdit* weights_ = nullptr;
    QLabel* warning_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* params_ = nullptr;
    QVector<LayerRow> layers_;
    QStringList untrainedTop_;
    bool custom_ = false;
    bool updating_ = false;
};

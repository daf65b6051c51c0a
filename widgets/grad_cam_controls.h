// The Inspector's Grad-CAM controls: which class to explain, at which conv layer, and how
// strongly the heat map covers the image; plus a line saying what is shown.
#pragma once

#include <QGroupBox>
#include <QStringList>

class QComboBox;
class QLabel;
class QSlider;

class GradCamControls : public QGroupBox {
    Q_OBJECT
public:
    explicit GradCamControls(QWidget* parent = nullptr);

    /// The model's classes; keeps the chosen class when the names stay the same.
    void setClasses(const QStringList& classes);
    /// The layers one can pick, in forward order (the last is the default); listed deepest
    /// first. Keeps the chosen layer when it is still offered.
    void setLayers(const QStringList& layers);
    void setStatus(const QString& text);

    /// -1: the predicted class.
    int classIndex() const;
    /// "": the default (the last conv block).
    QString layer() const;
    /// 0..1.
    double opacity() const;

    QComboBox* classBox() const { return class_; }
    QComboBox* layerBox() const { return layer_; }
    QSlider* opacitySlider() const { return opacity_; }
    QLabel* statusLabel() const { return status_; }

Q_SIGNALS:
    /// The class or the layer changed: the map must be computed again.
    void selectionChanged();
    void opacityChanged(double opacity);

private:
    QComboBox* class_ = nullptr;
    QComboBox* layer_ = nullptr;
    QSlider* opacity_ = nullptr;
    QLabel* status_ = nullptr;
    QStringList classes_, layers_;
};

// The Inspector panel: one validation image in full with its path, true and predicted label,
// per-class probabilities, the backbone's ImageNet top-5 and a Grad-CAM heat map over the image.
// Arrow keys step through the current gallery (stepRequested).
#pragma once

#include <QImage>
#include <QWidget>

#include "heat_map_overlay.h"
#include "panel_types.h"

class GradCamControls;
class ProbabilityBars;
class QLabel;
class QPushButton;
class QToolButton;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(QWidget* parent = nullptr);

    void showItem(const PredictionItem& item, const QStringList& classes);
    void clear();
    /// The backbone's ImageNet top-5 for path; ignored when another image is shown by now.
    void setImageNetTop(const QString& path, const QVector<QPair<QString, double>>& top);
    void setImageNetMessage(const QString& text);
    /// The Grad-CAM map for path; ignored when another image, class or layer is asked for by now.
    void setHeatMap(const HeatMap& map);
    /// Why no map can be shown for path (ignored for another image).
    void setHeatMapMessage(const QString& path, const QString& text);

    QString currentPath() const { return item_.path; }
    const QImage& image() const { return image_; }
    QLabel* pathLabel() const { return path_; }
    QLabel* labelsLabel() const { return labels_; }
    ProbabilityBars* classBars() const { return classBars_; }
    ProbabilityBars* imageNetBars() const { return imageNet_; }
    GradCamControls* gradCamControls() const { return gradCam_; }
    const HeatMap& heatMap() const { return heat_; }
    /// The image as drawn (before scaling to the label): with the heat map blended in.
    QImage composedImage() const;

Q_SIGNALS:
    void stepRequested(int delta);
    /// The user asked to move the shown image file into className's folder, or to quarantine.
    void moveToClassRequested(const QString& path, const QString& className);
    void quarantineRequested(const QString& path);
    /// A Grad-CAM map is needed: a new image, or another class (-1: predicted) or layer ("":
    /// the last conv block).
    void gradCamRequested(const QString& path, int classIndex, const QString& layer);

public Q_SLOTS:
    void openContainingFolder();
    void copyPath();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void updatePixmap();
    void requestGradCam();

    PredictionItem item_;
    QStringList classes_;
    QImage image_;
    HeatMap heat_;
    QLabel* picture_ = nullptr;
    QLabel* path_ = nullptr;
    QLabel* labels_ = nullptr;
    ProbabilityBars* classBars_ = nullptr;
    ProbabilityBars* imageNet_ = nullptr;
    GradCamControls* gradCam_ = nullptr;
    QPushButton* open_ = nullptr;
    QPushButton* copy_ = nullptr;
    QToolButton* moveTo_ = nullptr;
    QPushButton* quarantine_ = nullptr;
};

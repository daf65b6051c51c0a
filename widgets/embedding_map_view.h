// The embedding map's scatter: one dot per image of a split at its 2-D coordinates, coloured by
// true class, predicted class or right/wrong. Paints every point itself in one pass into a
// cached layer (no item per point: 10,000 of them would stall a QGraphicsScene), so a hover
// card or a rubber band repaints only a blit. Wheel zooms around the cursor, drag pans,
// Shift+drag (or the Rectangle tool) selects a rectangle, the Lasso tool a free shape; hovering
// shows the image's thumbnail, a click emits the point.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QPair>
#include <QPointF>
#include <QPolygonF>
#include <QVector>
#include <QWidget>

#include "panel_types.h"

class ThumbnailCache;

class EmbeddingMapView : public QWidget {
    Q_OBJECT
public:
    enum class Colouring { TrueClass, Predicted, Wrong };
    enum class Tool { Pan, Rectangle, Lasso };

    /// cache: where hover thumbnails come from (the gallery's, so an image decodes once).
    explicit EmbeddingMapView(ThumbnailCache* cache, QWidget* parent = nullptr);

    /// items[i] is drawn at coords[i] (data units, y up). Fits the view to the points unless
    /// keepView (the same points after a quarantine, or a finished layout after its frames).
    void setPoints(const QStringList& classes, const QVector<PredictionItem>& items,
                   const QVector<QPointF>& coords, bool keepView = false);
    /// New positions for the same points (a t-SNE frame): the view keeps following the cloud
    /// until the user zooms or pans.
    void setCoordinates(const QVector<QPointF>& coords);
    /// The same points with other labels or predictions (predicted -1: none).
    void setItems(const QVector<PredictionItem>& items);
    void clear();
    /// What an empty map says (e.g. how to fill it).
    void setPlaceholder(const QString& text);

    void setColouring(Colouring c);
    Colouring colouring() const { return colouring_; }
    void setTool(Tool t) { tool_ = t; }
    Tool tool() const { return tool_; }
    /// Points drawn with a ring (the last selection).
    void setHighlighted(const QVector<int>& indices);
    const QVector<int>& highlighted() const { return highlighted_; }

    int count() const { return int(coords_.size()); }
    const QVector<PredictionItem>& items() const { return items_; }
    const QStringList& classes() const { return classes_; }
    const QVector<QPointF>& coordinates() const { return coords_; }

    /// The colour point i is drawn in under the current colouring.
    QColor colourOf(int i) const;
    /// The colour of class c (a fixed palette: the same class keeps its colour).
    static QColor classColour(int c);
    static QColor correctColour();
    static QColor wrongColour();
    static QColor unknownColour();  // no label or no prediction

    /// Data <-> widget coordinates under the current zoom and pan.
    QPointF toWidget(const QPointF& data) const;
    QPointF toData(const QPointF& widget) const;
    /// The point nearest to pos within radius pixels, -1 when none.
    int pointAt(const QPointF& pos, double radius = 8) const;
    /// Indices of the points inside a widget-coordinate rectangle or polygon, in index order.
    QVector<int> pointsIn(const QRectF& rect) const;
    QVector<int> pointsIn(const QPolygonF& polygon) const;
    int hoveredPoint() const { return hovered_; }
    /// Zoom and pan to show every point; the view then follows new coordinates again.
    void fitToData();
    bool followsData() const { return follow_; }
    /// Pixels per data unit (the zoom).
    double scale() const { return scale_; }

    /// Milliseconds the last paintEvent took, and the longest since resetPaintStats().
    double lastPaintMs() const { return lastPaintMs_; }
    double longestPaintMs() const { return longestPaintMs_; }
    int paintCount() const { return paints_; }
    void resetPaintStats();

    QSize sizeHint() const override { return {480, 400}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

Q_SIGNALS:
    void pointClicked(int index);
    /// A rectangle or lasso was drawn: the points inside it (possibly none).
    void selectionMade(const QVector<int>& indices);
    void hoverChanged(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    enum class Drag { None, Pan, Rectangle, Lasso };
    void renderLayer();
    void invalidate();
    void setHovered(int index);
    void drawHoverCard(QPainter& p) const;
    void buildOrder();
    /// The centre and scale that show every point.
    QPair<QPointF, double> fitted() const;
    double dotRadius() const;

    ThumbnailCache* cache_;
    QStringList classes_;
    QVector<PredictionItem> items_;
    QVector<QPointF> coords_;
    QVector<int> order_;  // drawing order: a fixed shuffle, so no class always lies on top
    QVector<int> highlighted_;
    Colouring colouring_ = Colouring::TrueClass;
    Tool tool_ = Tool::Pan;
    QString placeholder_;

    QPointF centre_;      // the data point at the widget's centre
    double scale_ = 1;    // pixels per data unit
    bool follow_ = true;  // refit on new coordinates and resizes until the user zooms or pans

    QImage layer_;  // the points as last rendered, at device pixels
    bool layerValid_ = false;
    int hovered_ = -1;
    QPointF hoverPos_;

    Drag drag_ = Drag::None;
    QPointF pressPos_, lastPos_;
    bool moved_ = false;
    QPolygonF lasso_;

    double lastPaintMs_ = 0, longestPaintMs_ = 0;
    int paints_ = 0;
};

// Embedding map scatter: transform, one-pass point rendering into a cached layer, hit testing,
// zoom, pan, rectangle and lasso selection, the hover card.
#include "embedding_map_view.h"

#include <QEvent>
#include <QFileInfo>
#include <QHash>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>
#include <utility>

#include "thumbnail_cache.h"

namespace {

constexpr double kPad = 14;          // pixels between the fitted cloud and the widget's edge
constexpr double kDragSlop = 3;      // a press that moves less than this is a click
constexpr double kMaxZoomIn = 2000;  // times the fitted scale
constexpr double kMaxZoomOut = 0.05;

/// A dot of colour c, diameter d device pixels, with a thin darker rim so that overlapping
/// dots of one class stay countable; drawn once per colour, then blitted per point.
QImage dotSprite(const QColor& c, double radius) {
    const int size = int(std::ceil(2 * radius + 2));
    QImage img(size, size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(c.darker(135), std::max(1.0, radius / 3.5)));
    p.setBrush(c);
    const double half = size / 2.0;
    p.drawEllipse(QPointF(half, half), radius, radius);
    return img;
}

QImage ringSprite(const QColor& c, double radius, double width) {
    const int size = int(std::ceil(2 * radius + 2 * width + 2));
    QImage img(size, size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(c, width));
    p.setBrush(Qt::NoBrush);
    const double half = size / 2.0;
    p.drawEllipse(QPointF(half, half), radius, radius);
    return img;
}

}  // namespace

EmbeddingMapView::EmbeddingMapView(ThumbnailCache* cache, QWidget* parent)
    : QWidget(parent), cache_(cache) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);  // the layer covers every pixel
    setFocusPolicy(Qt::WheelFocus);
    connect(cache_, &ThumbnailCache::ready, this, [this](const QString& path) {
        if (hovered_ >= 0 && items_.value(hovered_).path == path) update();
    });
}

void EmbeddingMapView::setPoints(const QStringList& classes, const QVector<PredictionItem>& items,
                                 const QVector<QPointF>& coords, bool keepView) {
    classes_ = classes;
    items_ = items;
    coords_ = coords;
    items_.resize(coords_.size());
    highlighted_.clear();
    setHovered(-1);
    buildOrder();
    if (keepView && !coords_.isEmpty())
        invalidate();
    else
        fitToData();
}

void EmbeddingMapView::setCoordinates(const QVector<QPointF>& coords) {
    if (coords.size() != coords_.size()) {
        // A first frame: the points exist before their labels do.
        coords_ = coords;
        items_.resize(coords_.size());
        highlighted_.clear();
        hovered_ = -1;
        buildOrder();
        fitToData();
        return;
    }
    coords_ = coords;
    if (follow_)
        fitToData();
    else
        invalidate();
}

void EmbeddingMapView::setItems(const QVector<PredictionItem>& items) {
    items_ = items;
    items_.resize(coords_.size());
    invalidate();
}

void EmbeddingMapView::clear() {
    classes_.clear();
    items_.clear();
    coords_.clear();
    order_.clear();
    highlighted_.clear();
    setHovered(-1);
    fitToData();
}

void EmbeddingMapView::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

void EmbeddingMapView::setColouring(Colouring c) {
    if (colouring_ == c) return;
    colouring_ = c;
    invalidate();
}

void EmbeddingMapView::setHighlighted(const QVector<int>& indices) {
    highlighted_ = indices;
    invalidate();
}

void EmbeddingMapView::buildOrder() {
    // Data arrive sorted by path, hence by class: drawn in that order the last class would
    // cover the others wherever they overlap. A fixed shuffle mixes them.
    order_.resize(coords_.size());
    for (int i = 0; i < order_.size(); ++i) order_[i] = i;
    std::mt19937 rng(20240615u);
    std::shuffle(order_.begin(), order_.end(), rng);
}

QColor EmbeddingMapView::classColour(int c) {
    // Tableau 10, then golden-angle hues for datasets with more classes.
    static const QRgb kTableau[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                    0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    if (c < 0) return unknownColour();
    if (c < 10) return QColor(kTableau[c]);
    return QColor::fromHsv(int(std::fmod(c * 137.508, 360.0)), 170 + (c % 3) * 30,
                           200 - (c % 2) * 40);
}

QColor EmbeddingMapView::correctColour() { return QColor(0x9d, 0xb4, 0xc8); }
QColor EmbeddingMapView::wrongColour() { return QColor(0xd6, 0x27, 0x28); }
QColor EmbeddingMapView::unknownColour() { return QColor(0xb4, 0xb4, 0xb4); }

QColor EmbeddingMapView::colourOf(int i) const {
    if (i < 0 || i >= items_.size()) return unknownColour();
    const PredictionItem& item = items_[i];
    switch (colouring_) {
        case Colouring::TrueClass:
            return classColour(item.trueLabel);
        case Colouring::Predicted:
            return classColour(item.predicted);
        case Colouring::Wrong:
            if (item.trueLabel < 0 || item.predicted < 0) return unknownColour();
            return item.trueLabel == item.predicted ? correctColour() : wrongColour();
    }
    return unknownColour();
}

QPointF EmbeddingMapView::toWidget(const QPointF& d) const {
    return {width() / 2.0 + (d.x() - centre_.x()) * scale_,
            height() / 2.0 - (d.y() - centre_.y()) * scale_};
}

QPointF EmbeddingMapView::toData(const QPointF& w) const {
    return {centre_.x() + (w.x() - width() / 2.0) / scale_,
            centre_.y() - (w.y() - height() / 2.0) / scale_};
}

int EmbeddingMapView::pointAt(const QPointF& pos, double radius) const {
    // Brute force: 10,000 points take ~30 µs, less than a spatial index would cost to keep
    // up to date under t-SNE's moving frames.
    int best = -1;
    double bestD = radius * radius;
    const double cx = width() / 2.0, cy = height() / 2.0;
    for (int i = 0; i < coords_.size(); ++i) {
        const double dx = cx + (coords_[i].x() - centre_.x()) * scale_ - pos.x();
        const double dy = cy - (coords_[i].y() - centre_.y()) * scale_ - pos.y();
        const double d = dx * dx + dy * dy;
        if (d <= bestD) {
            bestD = d;
            best = i;
        }
    }
    return best;
}

QVector<int> EmbeddingMapView::pointsIn(const QRectF& rect) const {
    QVector<int> out;
    const QRectF r = rect.normalized();
    for (int i = 0; i < coords_.size(); ++i)
        if (r.contains(toWidget(coords_[i]))) out << i;
    return out;
}

QVector<int> EmbeddingMapView::pointsIn(const QPolygonF& polygon) const {
    QVector<int> out;
    if (polygon.size() < 3) return out;
    const QRectF box = polygon.boundingRect();
    for (int i = 0; i < coords_.size(); ++i) {
        const QPointF w = toWidget(coords_[i]);
        if (box.contains(w) && polygon.containsPoint(w, Qt::OddEvenFill)) out << i;
    }
    return out;
}

QPair<QPointF, double> EmbeddingMapView::fitted() const {
    if (coords_.isEmpty()) return {QPointF(), 1.0};
    double x0 = coords_[0].x(), x1 = x0, y0 = coords_[0].y(), y1 = y0;
    for (const QPointF& c : coords_) {
        x0 = std::min(x0, c.x());
        x1 = std::max(x1, c.x());
        y0 = std::min(y0, c.y());
        y1 = std::max(y1, c.y());
    }
    const double w = std::max(1.0, width() - 2 * kPad), h = std::max(1.0, height() - 2 * kPad);
    const double spanX = x1 - x0, spanY = y1 - y0;
    double scale = std::min(spanX > 0 ? w / spanX : HUGE_VAL, spanY > 0 ? h / spanY : HUGE_VAL);
    if (!std::isfinite(scale) || scale <= 0) scale = 1;  // one point, or all in one place
    return {QPointF((x0 + x1) / 2, (y0 + y1) / 2), scale};
}

void EmbeddingMapView::fitToData() {
    follow_ = true;
    std::tie(centre_, scale_) = fitted();
    invalidate();
}

void EmbeddingMapView::invalidate() {
    layerValid_ = false;
    update();
}

double EmbeddingMapView::dotRadius() const {
    const int n = coords_.size();
    return n > 5000 ? 2.6 : n > 1000 ? 3.2 : 4.2;
}

void EmbeddingMapView::renderLayer() {
    const qreal dpr = devicePixelRatioF();
    const QSize device = size() * dpr;
    if (layer_.size() != device) layer_ = QImage(device, QImage::Format_ARGB32_Premultiplied);
    // Painted in device pixels with no transform: each dot is then an untransformed image blit,
    // the raster engine's fastest path (a scaled painter would resample every sprite).
    layer_.setDevicePixelRatio(1);
    layer_.fill(palette().color(QPalette::Base));
    QPainter p(&layer_);
    const double r = dotRadius() * dpr;
    QHash<QRgb, QImage> sprites;
    const double cx = width() / 2.0, cy = height() / 2.0;
    auto draw = [&](int i, const QImage& sprite) {
        const double x = (cx + (coords_[i].x() - centre_.x()) * scale_) * dpr;
        const double y = (cy - (coords_[i].y() - centre_.y()) * scale_) * dpr;
        const int half = sprite.width() / 2;
        if (x < -half || y < -half || x > device.width() + half || y > device.height() + half)
            return;
        p.drawImage(QPoint(int(std::lround(x)) - half, int(std::lround(y)) - half), sprite);
    };
    auto spriteFor = [&](int i) -> const QImage& {
        const QColor c = colourOf(i);
        auto it = sprites.find(c.rgb());
        if (it == sprites.end()) it = sprites.insert(c.rgb(), dotSprite(c, r));
        return it.value();
    };
    // Points that carry the message go on top: the wrong ones, and any labelled point over
    // an unlabelled or unpredicted one.
    auto rank = [this](int i) {
        const QColor c = colourOf(i);
        if (colouring_ == Colouring::Wrong && c == wrongColour()) return 2;
        return c == unknownColour() ? 0 : 1;
    };
    for (int pass = 0; pass < 3; ++pass)
        for (int i : order_)
            if (rank(i) == pass) draw(i, spriteFor(i));
    if (!highlighted_.isEmpty()) {
        // Thin rings: a dense selection stays readable as the colours under it.
        QColor ink = palette().color(QPalette::Text);
        ink.setAlpha(190);
        const QImage ring = ringSprite(ink, r + 1.2 * dpr, 1.0 * dpr);
        for (int i : highlighted_)
            if (i >= 0 && i < coords_.size()) draw(i, ring);
    }
    p.end();
    layer_.setDevicePixelRatio(dpr);
    layerValid_ = true;
}

void EmbeddingMapView::paintEvent(QPaintEvent*) {
    QElapsedTimer clock;
    clock.start();
    if (!layerValid_ || layer_.size() != size() * devicePixelRatioF()) renderLayer();
    QPainter p(this);
    p.drawImage(QPointF(0, 0), layer_);
    p.setRenderHint(QPainter::Antialiasing);
    if (coords_.isEmpty() && !placeholder_.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                   placeholder_);
    }
    const QColor ink = palette().color(QPalette::Text);
    if (drag_ == Drag::Rectangle && moved_) {
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(40);
        p.setBrush(fill);
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DashLine));
        p.drawRect(QRectF(pressPos_, lastPos_).normalized());
    } else if (drag_ == Drag::Lasso && lasso_.size() > 1) {
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(40);
        p.setBrush(fill);
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.2));
        p.drawPolygon(lasso_);
    }
    if (hovered_ >= 0 && hovered_ < coords_.size() && drag_ == Drag::None) {
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(ink, 2));
        p.drawEllipse(toWidget(coords_[hovered_]), dotRadius() + 3, dotRadius() + 3);
        if (!items_[hovered_].path.isEmpty()) drawHoverCard(p);  // t-SNE frames have no paths yet
    }
    p.end();
    lastPaintMs_ = clock.nsecsElapsed() / 1e6;
    longestPaintMs_ = std::max(longestPaintMs_, lastPaintMs_);
    ++paints_;
}

void EmbeddingMapView::drawHoverCard(QPainter& p) const {
    const PredictionItem& item = items_[hovered_];
    QStringList lines;
    lines << (item.displayPath.isEmpty() ? QFileInfo(item.path).fileName() : item.displayPath);
    if (item.trueLabel >= 0)
        lines << tr("true: %1").arg(classes_.value(item.trueLabel, tr("unknown")));
    if (item.predicted >= 0) {
        QString pred = tr("predicted: %1").arg(classes_.value(item.predicted, tr("unknown")));
        if (item.predicted < item.probs.size())
            pred += QStringLiteral(" (%1%)").arg(item.probs[item.predicted] * 100, 0, 'f', 1);
        lines << pred;
    }
    const QImage thumb = item.path.isEmpty() ? QImage() : cache_->thumbnail(item.path);
    const QSize thumbSize = cache_->size();
    const QFontMetrics fm = fontMetrics();
    const int pad = 6;
    const int textW = std::min(300, [&] {
        int w = 0;
        for (const QString& l : lines) w = std::max(w, fm.horizontalAdvance(l));
        return w;
    }());
    const int w = std::max(thumbSize.width(), textW) + 2 * pad;
    const int h = thumbSize.height() + int(lines.size()) * fm.height() + 3 * pad;
    // Beside the point, on whichever side has room, never outside the view.
    const QPointF at = toWidget(coords_[hovered_]);
    double x = at.x() + 14, y = at.y() + 14;
    if (x + w > width() - 2) x = at.x() - 14 - w;
    if (y + h > height() - 2) y = at.y() - 14 - h;
    x = std::clamp(x, 2.0, std::max(2.0, width() - 2.0 - w));
    y = std::clamp(y, 2.0, std::max(2.0, height() - 2.0 - h));
    const QRectF card(x, y, w, h);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(palette().color(QPalette::ToolTipBase));
    p.drawRoundedRect(card, 4, 4);
    const QRectF thumbRect(x + pad, y + pad, w - 2 * pad, thumbSize.height());
    if (!thumb.isNull()) {
        const QSizeF s = QSizeF(thumb.size()) / thumb.devicePixelRatio();
        const QRectF target(thumbRect.center().x() - s.width() / 2,
                            thumbRect.center().y() - s.height() / 2, s.width(), s.height());
        p.drawImage(target, thumb);
    } else {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(thumbRect, Qt::AlignCenter, tr("loading…"));
    }
    p.setPen(palette().color(QPalette::ToolTipText));
    double ty = y + 2 * pad + thumbSize.height();
    for (const QString& l : lines) {
        p.drawText(QRectF(x + pad, ty, w - 2 * pad, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(l, Qt::ElideMiddle, w - 2 * pad));
        ty += fm.height();
    }
}

void EmbeddingMapView::setHovered(int index) {
    if (index == hovered_) return;
    hovered_ = index;
    update();
    Q_EMIT hoverChanged(index);
}

void EmbeddingMapView::resetPaintStats() {
    lastPaintMs_ = longestPaintMs_ = 0;
    paints_ = 0;
}

void EmbeddingMapView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (follow_)
        fitToData();
    else
        invalidate();
}

void EmbeddingMapView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        invalidate();
}

void EmbeddingMapView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0 || coords_.isEmpty()) return event->ignore();
    const QPointF pos = event->position();
    const QPointF anchor = toData(pos);
    const double fit = fitted().second;  // the zoom limits are relative to the fitted view
    scale_ = std::clamp(scale_ * std::pow(1.25, steps), fit * kMaxZoomOut, fit * kMaxZoomIn);
    // Keep the data point under the cursor where it is.
    centre_ = {anchor.x() - (pos.x() - width() / 2.0) / scale_,
               anchor.y() + (pos.y() - height() / 2.0) / scale_};
    follow_ = false;
    setHovered(-1);
    invalidate();
    event->accept();
}

void EmbeddingMapView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    pressPos_ = lastPos_ = event->position();
    moved_ = false;
    if (event->modifiers() & Qt::ShiftModifier)
        drag_ = Drag::Rectangle;
    else if (event->modifiers() & Qt::ControlModifier)
        drag_ = Drag::Lasso;
    else
        drag_ = tool_ == Tool::Rectangle ? Drag::Rectangle
                : tool_ == Tool::Lasso   ? Drag::Lasso
                                         : Drag::Pan;
    lasso_ = QPolygonF{pressPos_};
    if (drag_ == Drag::Pan) setCursor(Qt::ClosedHandCursor);
    event->accept();
}

void EmbeddingMapView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (drag_ == Drag::None) {
        setHovered(pointAt(pos));
        return;
    }
    if (!moved_ && QLineF(pos, pressPos_).length() < kDragSlop) return;
    if (!moved_) setHovered(-1);
    moved_ = true;
    switch (drag_) {
        case Drag::Pan:
            centre_ +=
                QPointF(-(pos.x() - lastPos_.x()) / scale_, (pos.y() - lastPos_.y()) / scale_);
            follow_ = false;
            invalidate();
            break;
        case Drag::Lasso:
            if (QLineF(pos, lasso_.last()).length() >= 2) lasso_ << pos;
            update();
            break;
        default:
            update();
    }
    lastPos_ = pos;
}

void EmbeddingMapView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || drag_ == Drag::None)
        return QWidget::mouseReleaseEvent(event);
    const Drag drag = std::exchange(drag_, Drag::None);
    unsetCursor();
    const QPointF pos = event->position();
    if (!moved_) {
        const int i = pointAt(pos);
        if (i >= 0) Q_EMIT pointClicked(i);
    } else if (drag == Drag::Rectangle) {
        const QVector<int> inside = pointsIn(QRectF(pressPos_, pos));
        setHighlighted(inside);
        Q_EMIT selectionMade(inside);
    } else if (drag == Drag::Lasso) {
        lasso_ << pos;
        const QVector<int> inside = pointsIn(lasso_);
        setHighlighted(inside);
        Q_EMIT selectionMade(inside);
    }
    lasso_.clear();
    moved_ = false;
    setHovered(pointAt(pos));
    update();
    event->accept();
}

void EmbeddingMapView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && pointAt(event->position()) < 0) fitToData();
}

void EmbeddingMapView::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    if (drag_ == Drag::None) setHovered(-1);
}

// Thumbnail cache: background decoding with QThreadPool.
#include "thumbnail_cache.h"

#include <QImageReader>
#include <QMetaObject>

ThumbnailCache::ThumbnailCache(QSize size, qreal devicePixelRatio, int capacity, QObject* parent)
    : QObject(parent), size_(size), dpr_(devicePixelRatio), cache_(capacity) {
    // Two decoders keep thumbnails flowing without starving the training threads.
    pool_.setMaxThreadCount(2);
}

ThumbnailCache::~ThumbnailCache() {
    pool_.clear();
    pool_.waitForDone();
}

QImage ThumbnailCache::load(const QString& path, QSize size) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid()) reader.setScaledSize(full.scaled(size, Qt::KeepAspectRatio));
    QImage img = reader.read();
    if (!img.isNull() && (img.width() > size.width() || img.height() > size.height()))
        img = img.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return img;
}

QImage ThumbnailCache::thumbnail(const QString& path) {
    if (const QImage* hit = cache_.object(path)) return *hit;
    if (pending_.contains(path)) return {};
    pending_.insert(path);
    const QSize size = size_ * dpr_;
    const qreal dpr = dpr_;
    pool_.start([this, path, size, dpr] {
        QImage img = load(path, size);
        if (img.isNull()) {
            // An unreadable file still gets a (grey) thumbnail so it is not retried forever.
            img = QImage(size / 2, QImage::Format_RGB32);
            img.fill(Qt::gray);
        }
        img.setDevicePixelRatio(dpr);
        QMetaObject::invokeMethod(
            this, [this, path, img] { store(path, img); }, Qt::QueuedConnection);
    });
    return {};
}

void ThumbnailCache::store(const QString& path, const QImage& image) {
    if (!pending_.remove(path)) return;  // cancelled meanwhile
    cache_.insert(path, new QImage(image));
    Q_EMIT ready(path);
}

void ThumbnailCache::cancelPending() {
    pool_.clear();
    // Decodes already running still report; store() ignores those no longer pending.
    pending_.clear();
}

// Thumbnails decoded off the UI thread (a private QThreadPool) and kept in a bounded cache.
// The UI asks for a path; it gets the image at once when cached, or later through ready().
#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QThreadPool>

class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    /// size in logical pixels; images are decoded at size * devicePixelRatio.
    explicit ThumbnailCache(QSize size, qreal devicePixelRatio = 1.0, int capacity = 4000,
                            QObject* parent = nullptr);
    ~ThumbnailCache() override;  // waits for the running decodes: they report to this object

    /// The cached thumbnail, or a null image while it loads (ready() follows).
    QImage thumbnail(const QString& path);
    QSize size() const { return size_; }
    /// Drops queued decodes that have not started (the user scrolled or switched views).
    void cancelPending();
    int pendingCount() const { return pending_.size(); }
    int cachedCount() const { return cache_.count(); }

    /// Decodes a file scaled to fit within size; the JPEG decoder scales while decoding, which
    /// makes thumbnails of large photos cheap. Thread-safe.
    static QImage load(const QString& path, QSize size);

Q_SIGNALS:
    void ready(const QString& path);

private:
    void store(const QString& path, const QImage& image);

    QSize size_;
    qreal dpr_;
    QCache<QString, QImage> cache_;
    QSet<QString> pending_;
    QThreadPool pool_;
};

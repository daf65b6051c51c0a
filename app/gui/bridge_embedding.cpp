// Engine bridge: the embedding map's job (PCA or t-SNE of one split's cached features), its
// t-SNE frames and its result as the Embedding map dock's plain values.
#include <QElapsedTimer>
#include <atomic>
#include <memory>

#include "engine_bridge.h"
#include "featurelab/embedding.h"
#include "job_lane.h"
#include "throttled_observer.h"

namespace {

QVector<QPointF> toPoints(const std::vector<float>& xy) {
    QVector<QPointF> out(int(xy.size() / 2));
    for (int i = 0; i < out.size(); ++i) out[i] = QPointF(xy[2 * i], xy[2 * i + 1]);
    return out;
}

EmbeddingResult toResult(const featurelab::Embedding& e, const QString& dataDir) {
    EmbeddingResult r;
    r.dataDir = dataDir;
    r.split = QString::fromStdString(e.split);
    r.method = QString::fromLatin1(featurelab::embeddingMethodName(e.method));
    r.layer = QString::fromStdString(e.layer);
    for (const std::string& c : e.classes) r.classes << QString::fromStdString(c);
    r.items.reserve(int(e.points.size()));
    r.coords.reserve(int(e.points.size()));
    for (const featurelab::EmbeddingPoint& p : e.points) {
        PredictionItem item;
        item.path = QString::fromStdString(p.path);
        item.displayPath = QString::fromStdString(p.relativePath);
        item.trueLabel = p.label;
        r.items << item;
        r.coords << QPointF(p.x, p.y);
    }
    r.featureDim = e.featureDim;
    r.explained[0] = e.explainedVariance[0];
    r.explained[1] = e.explainedVariance[1];
    r.klDivergence = e.klDivergence;
    r.perplexity = e.perplexity;
    r.iterations = e.iterations;
    r.imagesInSplit = qint64(e.imagesInSplit);
    r.skipped = int(e.skipped.size());
    for (const std::string& n : e.notes) r.notes << QString::fromStdString(n);
    r.seconds = e.seconds;
    return r;
}

}  // namespace

bool EngineBridge::computeEmbedding(const featurelab::EmbeddingOptions& options) {
    qRegisterMetaType<EmbeddingResult>();
    qRegisterMetaType<EmbeddingFrameUpdate>();
    const QString method = QString::fromLatin1(featurelab::embeddingMethodName(options.method));
    return jobs_->start(tr("Computing the embedding map (%1) of %2/")
                            .arg(method, QString::fromStdString(options.split)),
                        [this, options](const featurelab::CancelToken& cancel) {
                            ThrottledObserver observer(this);
                            featurelab::EmbeddingOptions o = options;
                            // Frames at most every kThrottleMs, and never more than one waiting in
                            // the UI thread's queue: a slow repaint then drops frames instead of
                            // lagging behind.
                            auto waiting = std::make_shared<std::atomic<bool>>(false);
                            auto clock = std::make_shared<QElapsedTimer>();
                            clock->start();
                            o.onFrame = [this, waiting,
                                         clock](const featurelab::EmbeddingFrame& f) {
                                if (waiting->load() || clock->elapsed() < kThrottleMs) return;
                                clock->restart();
                                waiting->store(true);
                                EmbeddingFrameUpdate u;
                                u.iteration = f.iteration;
                                u.iterations = f.iterations;
                                u.exaggerated = f.exaggerated;
                                u.coords = toPoints(f.xy);
                                post([this, waiting, u] {
                                    waiting->store(false);
                                    Q_EMIT embeddingFrame(u);
                                });
                            };
                            const EmbeddingResult r =
                                toResult(featurelab::computeEmbedding(o, {&cancel, &observer}),
                                         QString::fromStdString(options.dataDir));
                            post([this, r] { Q_EMIT embeddingComputed(r); });
                        });
}

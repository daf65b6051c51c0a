// Engine -> Qt value conversions for backbone descriptions and ImageNet classifications.
#include "conversions.h"

#include "featurelab/backbone.h"

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QString shapeText(const std::vector<std::int64_t>& shape) {
    QStringList parts;
    for (std::int64_t d : shape) parts << QString::number(d);
    return parts.join(QLatin1Char('x'));
}
}  // namespace

BackboneInfo toBackboneInfo(const featurelab::BackboneDescription& d) {
    BackboneInfo b;
    b.spec = q(d.spec);
    b.architecture = q(d.architecture);
    b.weightsPath = q(d.weightsPath);
    b.weightsFormat = q(d.weightsFormat);
    b.randomInit = d.randomInit;
    for (const auto& l : d.untrainedTop) b.untrainedTop << q(l);
    b.totalParams = d.totalParams;
    b.trainableParams = d.trainableParams;
    for (const auto& l : d.layers)
        b.layers << LayerRow{q(l.name), QString::fromLatin1(featurelab::layerKindName(l.kind)),
                             shapeText(l.outputShape), qint64(l.params), l.trainable};
    b.summary = q(featurelab::formatSummary(d));
    return b;
}

TopClasses toTopClasses(const featurelab::ImageClassification& c) {
    TopClasses out;
    for (const auto& s : c.top)
        out.append({s.className.empty() ? QStringLiteral("#%1").arg(s.classIndex) : q(s.className),
                    double(s.probability)});
    return out;
}

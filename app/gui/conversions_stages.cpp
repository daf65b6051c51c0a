// The stage registry and its per-backbone answers as panel values, and the Training panel's
// overrides as the engine's StageOverrides.
#include "conversions_stages.h"

#include "featurelab/backbone.h"

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

QVector<StageDefaults> stageLadder() {
    QVector<StageDefaults> out;
    for (const featurelab::StageInfo& info : featurelab::recipeStages()) {
        const featurelab::StageConfig& d = info.defaults;
        StageDefaults s;
        s.description = q(info.description);
        s.settings.stage = q(info.name);
        s.settings.optimizer = q(d.optimizer);
        s.settings.lr = d.lr;
        s.settings.epochs = d.epochs;
        s.settings.batchSize = d.batchSize;
        s.settings.augment = d.augment;
        for (const auto& [epoch, factor] : d.lrSteps) s.lrSteps.append({epoch, factor});
        s.augmentable = info.augmentable;
        out << s;
    }
    return out;
}

quint64 defaultSeed() { return featurelab::RecipeConfig{}.seed; }

QVector<StagePreset> stagePresets(const featurelab::Backbone& backbone) {
    std::vector<std::pair<std::string, std::string>> skipped;
    const std::vector<featurelab::StageLayers> layers =
        featurelab::defaultStageLayers(backbone, &skipped);
    QVector<StagePreset> out;
    for (const featurelab::StageLayers& l : layers) {
        StagePreset p;
        p.stage = q(l.stage);
        for (const auto& name : l.layers) p.layers << q(name);
        p.batchNormFrozen = l.batchNormFrozen;
        out << p;
    }
    for (const auto& [stage, why] : skipped) {
        StagePreset p;
        p.stage = q(stage);
        p.unavailable = q(why);
        out << p;
    }
    return out;
}

featurelab::StageOverrides toStageOverrides(const QString& stage, const QVariantMap& cells) {
    featurelab::StageOverrides o;
    o.stage = stage.toStdString();
    if (cells.contains(QStringLiteral("optimizer")))
        o.optimizer = cells.value(QStringLiteral("optimizer")).toString().toStdString();
    if (cells.contains(QStringLiteral("lr"))) o.lr = cells.value(QStringLiteral("lr")).toDouble();
    if (cells.contains(QStringLiteral("epochs")))
        o.epochs = cells.value(QStringLiteral("epochs")).toInt();
    if (cells.contains(QStringLiteral("batch_size")))
        o.batchSize = cells.value(QStringLiteral("batch_size")).toInt();
    if (cells.contains(QStringLiteral("augment")))
        o.augment = cells.value(QStringLiteral("augment")).toBool();
    return o;
}

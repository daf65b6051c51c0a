// Engine -> Qt value conversions for scans and progress.
#include "conversions.h"

#include "featurelab/progress.h"
#include "featurelab/scan.h"

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

DatasetSummary toSummary(const featurelab::DatasetScan& scan) {
    DatasetSummary d;
    d.root = q(scan.root);
    for (const auto& c : scan.classes) d.classes << q(c);
    for (const auto& s : scan.splits) {
        SplitSummary out;
        out.name = q(s.name);
        out.labelled = s.labelled;
        out.total = qint64(s.images.size());
        for (std::size_t n : s.perClass) out.perClass << qint64(n);
        d.splits << out;
    }
    for (const auto& k : scan.skipped) d.skipped << SkippedEntry{q(k.path), q(k.reason)};
    return d;
}

JobProgress toJobProgress(const featurelab::Progress& p) {
    return {q(p.phase), qint64(p.done), qint64(p.total), p.itemsPerSecond, p.etaSeconds};
}

// CSV writers for predictions, the confusion matrix and Kaggle submissions.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "featurelab/error.h"
#include "featurelab/inspection.h"
#include "inspection/evaluation.h"
#include "util/atomic_file.h"
#include "util/csv_field.h"

namespace featurelab {

namespace {

using util::csvField;

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    return buf;
}

std::string className(const std::vector<std::string>& classes, int label) {
    if (label >= 0 && static_cast<std::size_t>(label) < classes.size())
        return classes[static_cast<std::size_t>(label)];
    return label < 0 ? std::string() : std::to_string(label);
}

void writeFile(const std::string& file, const std::string& text) {
    util::writeTextAtomically(file, text);
}

/// Kaggle ids are file names without their extension ("test/1234.jpg" -> "1234").
std::string stemOf(const std::string& path) {
    const std::size_t slash = path.find_last_of("/\\");
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const std::size_t dot = name.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

void writePredictionsCsv(const std::string& file, const std::vector<PredictionRow>& rows,
                         const std::vector<std::string>& classes, bool withTrue) {
    std::ostringstream s;
    s << "path";
    if (withTrue) s << ",true";
    s << ",predicted";
    for (const auto& c : classes) s << ',' << csvField(c);
    s << '\n';
    for (const auto& r : rows) {
        s << csvField(r.path);
        if (withTrue) s << ',' << csvField(className(classes, r.trueLabel));
        s << ',' << csvField(className(classes, r.predicted));
        for (std::size_t c = 0; c < classes.size(); ++c)
            s << ',' << number(c < r.probs.size() ? r.probs[c] : 0.0);
        s << '\n';
    }
    writeFile(file, s.str());
}

void writeConfusionCsv(const std::string& file, const ConfusionMatrix& cm) {
    std::ostringstream s;
    s << "true\\predicted";
    for (const auto& c : cm.classes) s << ',' << csvField(c);
    s << '\n';
    for (std::size_t t = 0; t < cm.classes.size(); ++t) {
        s << csvField(cm.classes[t]);
        for (std::size_t p = 0; p < cm.classes.size(); ++p) s << ',' << cm.counts[t][p];
        s << '\n';
    }
    writeFile(file, s.str());
}

void writeSubmissionCsv(const std::string& file, const std::vector<PredictionRow>& rows,
                        const std::vector<std::string>& classes, double clip) {
    if (clip < 0 || clip >= 0.5)
        throw Error(ErrorCode::InvalidArgument,
                    "The submission clip must be in [0, 0.5); got " + number(clip) + ".");
    // Kaggle's log loss punishes a confident mistake without bound; clipping caps that cost.
    auto clipped = [clip](double p) { return clip > 0 ? std::clamp(p, clip, 1.0 - clip) : p; };
    const bool binary = classes.size() == 2;
    std::ostringstream s;
    s << "id";
    if (binary) {
        s << ",label";
    } else {
        for (const auto& c : classes) s << ',' << csvField(c);
    }
    s << '\n';
    for (const auto& r : rows) {
        s << csvField(stemOf(r.path));
        if (binary) {
            s << ',' << number(clipped(r.probs.size() > 1 ? r.probs[1] : 0.0));
        } else {
            for (std::size_t c = 0; c < classes.size(); ++c)
                s << ',' << number(clipped(c < r.probs.size() ? r.probs[c] : 0.0));
        }
        s << '\n';
    }
    writeFile(file, s.str());
}

}  // namespace featurelab

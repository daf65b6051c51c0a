// Confident learning on out-of-fold probabilities (Northcutt et al., "Confident Learning:
// Estimating Uncertainty in Dataset Labels", 2021): per-class thresholds, the confident
// joint, per-class noise and the images off its diagonal. Plain C++, no torch.
#pragma once

#include <cstdint>
#include <vector>

namespace featurelab::inspection {

struct ConfidentJoint {
    std::vector<double> thresholds;                 // per class: mean p_j over rows labelled j
    std::vector<std::vector<std::int64_t>> counts;  // [given][likely true]
    std::vector<double> noiseRate;                  // per given class: off-diagonal share
    std::vector<std::int64_t> perClass;             // rows labelled with each class
    std::vector<int> likelyTrue;  // per row: the class it is counted under, -1 when none
};

/// probs: n rows of `classes` probabilities, row-major; given: n labels in 0..classes-1.
/// A row counts under the class j with the highest p_j among those with p_j >= t_j (a class
/// with no rows of its own has no threshold and is never counted); a row with none is not
/// counted. Calibrating the joint to the class counts scales each row uniformly, so a class's
/// noise rate is its row's off-diagonal share (0 for a row without counts).
ConfidentJoint confidentJoint(const std::vector<float>& probs, int classes,
                              const std::vector<int>& given);

}  // namespace featurelab::inspection

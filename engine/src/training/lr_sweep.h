// The LR finder's sweep on any trainable model and batch source: exponential LRs, one batch
// each, smoothed loss, early stop when the loss blows up; the weights are restored afterwards.
#pragma once

#include <vector>

#include "training/trainer.h"

namespace featurelab::training {

struct SweepSettings {
    double startLr = 1e-7, endLr = 10;
    int iterations = 100;
    double beta = 0.98;
    double divergeFactor = 4;
};

struct SweepCurve {
    std::vector<double> lrs, losses, smoothed;
    bool diverged = false;
};

/// Trains model one batch per LR with settings' optimizer, momentum, weight decay, batch size,
/// class weights and seed (cross-entropy), passing over source again when it runs out, and
/// records each batch's loss. Parameters and the state module's buffers are restored before
/// it returns or throws. Throws Error(Cancelled) within one batch of cancel being set,
/// Error(Numerical) when the first batch's loss is not finite, Error(InvalidArgument) for an
/// empty source or no trainable parameters.
SweepCurve lrSweep(TrainableModel& model, BatchSource& source, const TrainSettings& settings,
                   const SweepSettings& sweep, JobObserver* observer, const CancelToken* cancel);

}  // namespace featurelab::training

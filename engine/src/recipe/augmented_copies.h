// The conv stage's middle way between cached features and streamed augmented images: the cut
// features of a few augmented copies of every training image, computed once, one copy an epoch.
#pragma once

#include <memory>

#include "recipe/run_context.h"
#include "training/trainer.h"

namespace featurelab::recipe {

/// Bytes that copies augmented copies of the training images take at cut (float16).
double augmentedCopiesBytes(Network& net, std::size_t cut, std::size_t images, int copies);

/// Decodes every training image copies times, each time with another random crop and flip
/// (seeded by seed and the copy's index), and keeps its features at cut as float16: one decode
/// pass per copy instead of one per epoch. The source serves copy (e - 1) mod copies in epoch e
/// (as float32, on the context's device), shuffled as the trainer asks. Throws Cancelled.
std::unique_ptr<training::BatchSource> augmentedCopies(RunContext& ctx, std::size_t cut, int copies,
                                                       std::uint64_t seed);

}  // namespace featurelab::recipe

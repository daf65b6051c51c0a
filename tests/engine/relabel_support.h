// The relabel engine tests' seams: the in-process hooks that simulate a crash between two steps
// of a journalled rename, or a read-only folder (engine/src/data/relabel_fs.h).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

#include "data/relabel_fs.h"
#include "relabel_data.h"

namespace relabeltest {

/// A crash at one step of the next journalled rename: the step hook throws this.
struct SimulatedCrash : std::runtime_error {
    SimulatedCrash() : std::runtime_error("simulated crash") {}
};

/// Sets the relabel test hooks for one scope and clears them after.
class HookScope {
public:
    HookScope() = default;
    ~HookScope() { featurelab::relabel::testHooks() = {}; }
    void onStep(std::function<void(const std::string&)> fn) {
        featurelab::relabel::testHooks().step = std::move(fn);
    }
    void crashAt(const std::string& step) {
        onStep([step](const std::string& s) {
            if (s == step) throw SimulatedCrash();
        });
    }
};

}  // namespace relabeltest

// Loading torchvision-named state dicts into a network, with one-screen mismatch reports.
#include <torch/script.h>

#include <set>
#include <sstream>

#include "featurelab/error.h"
#include "models/weights_io.h"
#include "models/zip_index.h"

namespace featurelab {

namespace {

std::string shapeText(at::IntArrayRef s) {
    std::ostringstream os;
    os << "[";
    for (std::size_t i = 0; i < s.size(); ++i) os << (i ? "," : "") << s[i];
    return os.str() + "]";
}

std::string listNames(const std::vector<std::string>& names) {
    std::ostringstream os;
    for (std::size_t i = 0; i < names.size() && i < 6; ++i) os << (i ? ", " : "") << names[i];
    if (names.size() > 6) os << ", ... (" << names.size() << " in all)";
    return os.str();
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string libraryReason(const std::exception& e) {
    const auto* c10 = dynamic_cast<const c10::Error*>(&e);
    std::string what = c10 ? c10->what_without_backtrace() : e.what();
    what = what.substr(0, std::min<std::size_t>(what.find('\n'), 160));
    if (what.empty() || what.find("INTERNAL ASSERT") != std::string::npos ||
        what.find("report a bug") != std::string::npos)
        return "corrupt or unsupported content";
    return what;
}

NamedTensors networkStateDict(Network& net) {
    NamedTensors out;
    for (const auto& p : net.module().named_parameters(true)) out.emplace_back(p.key(), p.value());
    for (const auto& b : net.module().named_buffers(true))
        out.emplace_back(
            b.key(), endsWith(b.key(), "num_batches_tracked") ? b.value().reshape({}) : b.value());
    return out;
}

NamedTensors readTorchScriptStateDict(const std::string& path) {
    zipindex::readChecked(path);  // record sizes checked before LibTorch expands them
    try {
        auto m = torch::jit::load(path, torch::kCPU);
        NamedTensors out;
        for (const auto& p : m.named_parameters(true)) out.emplace_back(p.name, p.value);
        for (const auto& b : m.named_buffers(true)) out.emplace_back(b.name, b.value);
        return out;
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::BadWeights,
                    path + ": cannot load the TorchScript archive (" + libraryReason(e) + ")");
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCode::BadWeights,
                    path + ": the TorchScript archive declares more data than fits in memory.");
    } catch (const std::exception&) {
        throw Error(ErrorCode::BadWeights, path + ": the TorchScript archive is corrupt.");
    }
}

void loadStateDict(Network& net, const NamedTensors& tensors, const std::string& source) {
    // DataParallel saves prefix every key with "module.".
    bool allPrefixed = !tensors.empty();
    for (const auto& t : tensors) allPrefixed = allPrefixed && t.first.rfind("module.", 0) == 0;
    std::map<std::string, torch::Tensor> theirs;
    for (const auto& [k, v] : tensors) theirs[allPrefixed ? k.substr(7) : k] = v;

    const auto ours = networkStateDict(net);
    std::vector<std::string> missing, unexpected;
    std::set<std::string> ourNames;
    std::string firstMismatch;
    for (const auto& [name, t] : ours) {
        ourNames.insert(name);
        auto it = theirs.find(name);
        if (it == theirs.end()) {
            if (!endsWith(name, "num_batches_tracked")) missing.push_back(name);
        } else if (firstMismatch.empty() && it->second.sizes() != t.sizes() &&
                   !(endsWith(name, "num_batches_tracked") && it->second.numel() == t.numel())) {
            // (PyTorch stores num_batches_tracked as a scalar, LibTorch as [1].)
            firstMismatch = name + ": expected " + shapeText(t.sizes()) + ", found " +
                            shapeText(it->second.sizes());
        }
    }
    for (const auto& [k, v] : theirs)
        if (!ourNames.count(k)) unexpected.push_back(k);
    if (!missing.empty() || !unexpected.empty() || !firstMismatch.empty()) {
        std::ostringstream os;
        os << source << ": the weights do not fit " << net.architecture() << ".";
        if (!firstMismatch.empty()) os << "\n  first shape mismatch: " << firstMismatch;
        if (!missing.empty())
            os << "\n  missing (" << missing.size() << "): " << listNames(missing);
        if (!unexpected.empty())
            os << "\n  unexpected (" << unexpected.size() << "): " << listNames(unexpected);
        if (missing.size() >= ours.size() / 2)
            os << "\n  Few names agree: is this file for another architecture?";
        throw Error(ErrorCode::BadWeights, os.str());
    }
    // Shapes fit; now the values: integer data is not a weight, and one NaN or Inf makes every
    // prediction NaN (argmax then silently picks class 0).
    for (const auto& [name, t] : ours) {
        auto it = theirs.find(name);
        if (it == theirs.end()) continue;
        checkWeightValues(it->second, t.is_floating_point(), source, name);
    }
    torch::NoGradGuard noGrad;
    for (const auto& [name, t] : ours) {
        auto it = theirs.find(name);
        if (it != theirs.end()) t.copy_(it->second.to(t.scalar_type()).reshape(t.sizes()));
    }
}

void checkWeightValues(const torch::Tensor& value, bool wantFloat, const std::string& source,
                       const std::string& name) {
    if (wantFloat && !value.is_floating_point())
        throw Error(ErrorCode::BadWeights, source + ": tensor '" + name + "' holds " +
                                               std::string(c10::toString(value.scalar_type())) +
                                               " data where floating-point weights are expected.");
    if (value.is_floating_point() && value.numel() > 0 &&
        !torch::isfinite(value).all().item<bool>())
        throw Error(ErrorCode::BadWeights,
                    source + ": tensor '" + name + "' holds NaN or infinite values.");
}

}  // namespace featurelab

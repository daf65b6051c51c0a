// describeNetwork and formatSummary: the layer registry as plain values and as a Keras-like table.
#include <cstdio>
#include <sstream>

#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "models/describe.h"
#include "models/network.h"

namespace featurelab {

namespace {

std::string withCommas(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string shapeText(const std::vector<std::int64_t>& s) {
    std::string out = "(";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + (s.size() == 1 ? ",)" : ")");
}

std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

}  // namespace

BackboneDescription describeNetwork(const std::string& specText, Network& network) {
    const BackboneSpec spec = BackboneSpec::parse(specText);
    Network* net = &network;
    BackboneDescription d;
    d.spec = specText;
    d.architecture = spec.architecture;
    d.weightsPath = net->weightsPath;
    d.randomInit = net->randomInit;
    d.weightsFormat = net->weightsFormat;
    d.untrainedTop = net->untrainedTop;
    d.preprocessing = net->preprocessing();
    d.layers = net->layers();
    d.numOutputs = net->numOutputs();
    for (const auto& l : d.layers) d.totalParams += l.params;
    for (const auto& p : net->module().parameters(true))
        if (p.requires_grad()) d.trainableParams += p.numel();
    for (const char* point : {"probs", "penultimate", "pool", "dense_input"})
        d.featurePoints.emplace_back(point, net->cutShape(net->cutPoint(point)));
    return d;
}

BackboneDescription describeBackbone(const std::string& spec) {
    return Backbone::open(spec).description();
}

std::string formatSummary(const BackboneDescription& d) {
    std::ostringstream os;
    os << "Model: " << d.architecture << "\n";
    if (d.randomInit)
        os << "Weights: none (random initialisation)\n";
    else
        os << "Weights: " << d.weightsPath << " (" << d.weightsFormat << ")\n";
    if (!d.untrainedTop.empty()) {
        os << "No classifier top in the weights file (include_top=False); left random: ";
        for (std::size_t i = 0; i < d.untrainedTop.size(); ++i)
            os << (i ? ", " : "") << d.untrainedTop[i];
        os << "\n";
    }
    os << "Input: " << d.preprocessing.width << "x" << d.preprocessing.height
       << " RGB image; shapes below are (channels, height, width)\n";
    const std::string rule(96, '_'), doubleRule(96, '=');
    os << rule << "\n"
       << pad("Layer (type)", 44) << pad("Output Shape", 22) << pad("Param #", 16) << "Trainable\n"
       << doubleRule << "\n";
    for (const auto& l : d.layers) {
        os << pad(l.name + " (" + layerKindName(l.kind) + ")", 44)
           << pad(shapeText(l.outputShape), 22) << pad(withCommas(l.params), 16)
           << (l.params == 0 ? "-"
               : l.trainable ? "yes"
                             : "no")
           << "\n";
    }
    os << doubleRule << "\n"
       << "Total params: " << withCommas(d.totalParams) << "\n"
       << "Trainable params: " << withCommas(d.trainableParams) << "\n"
       << "Non-trainable params: " << withCommas(d.totalParams - d.trainableParams) << "\n"
       << "Layers: " << d.layers.size() << ", outputs: " << d.numOutputs << "\n";
    os << "Feature points:";
    for (const auto& [name, shape] : d.featurePoints) os << " " << name << " " << shapeText(shape);
    os << "\n" << rule << "\n";
    return os.str();
}

}  // namespace featurelab

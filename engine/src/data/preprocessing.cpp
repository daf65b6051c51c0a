// Preprocessing specs: the per-backbone factories and the stable text form used in cache keys.
#include "featurelab/preprocessing.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "featurelab/error.h"

namespace featurelab {
namespace {

const char* resizeName(ResizeMode m) { return m == ResizeMode::Direct ? "direct" : "shorter-crop"; }
const char* interpolationName(Interpolation i) {
    switch (i) {
        case Interpolation::Nearest:
            return "nearest";
        case Interpolation::Bilinear:
            return "bilinear";
        case Interpolation::Bicubic:
            return "bicubic";
        case Interpolation::Area:
            return "area";
    }
    return "bilinear";
}
const char* scalingName(Scaling s) {
    switch (s) {
        case Scaling::MeanStd:
            return "meanstd";
        case Scaling::Symmetric:
            return "symmetric";
        case Scaling::CaffeMean:
            return "caffe";
    }
    return "meanstd";
}

// %.9g round-trips a float exactly, so parse(toString()) gives back the same spec.
std::string triple(const std::array<float, 3>& v) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.9g,%.9g,%.9g", v[0], v[1], v[2]);
    return buf;
}

[[noreturn]] void bad(const std::string& text, const std::string& why) {
    throw Error(ErrorCode::InvalidArgument, "Unreadable preprocessing spec '" + text + "': " + why);
}

int parseInt(const std::string& text, const std::string& v) {
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n <= 0 || n > 100000) bad(text, "bad number '" + v + "'");
    return static_cast<int>(n);
}

std::array<float, 3> parseTriple(const std::string& text, const std::string& v) {
    std::array<float, 3> out{};
    std::istringstream in(v);
    std::string part;
    for (int i = 0; i < 3; ++i) {
        if (!std::getline(in, part, ',')) bad(text, "expected three numbers in '" + v + "'");
        char* end = nullptr;
        out[i] = std::strtof(part.c_str(), &end);
        if (part.empty() || *end != '\0') bad(text, "bad number '" + part + "'");
    }
    if (std::getline(in, part, ',')) bad(text, "expected three numbers in '" + v + "'");
    return out;
}

template <typename E>
E parseEnum(const std::string& text, const std::string& v, std::initializer_list<E> all,
            const char* (*name)(E)) {
    for (E e : all)
        if (v == name(e)) return e;
    bad(text, "unknown value '" + v + "'");
}

}  // namespace

std::string Preprocessing::toString() const {
    std::string s = "size=" + std::to_string(width) + "x" + std::to_string(height);
    s += ";resize=" + std::string(resizeName(resize));
    if (resize == ResizeMode::ShorterSideCenterCrop)
        s += ";shorter=" + std::to_string(resizeShorter);
    s += ";interp=" + std::string(interpolationName(interpolation));
    s += std::string(";channels=") + (channels == ChannelOrder::RGB ? "rgb" : "bgr");
    s += ";scaling=" + std::string(scalingName(scaling));
    // Only the fields the scaling uses are written, so unused ones cannot split cache keys.
    if (scaling != Scaling::Symmetric) s += ";mean=" + triple(mean);
    if (scaling == Scaling::MeanStd) s += ";std=" + triple(std);
    return s;
}

Preprocessing Preprocessing::parse(const std::string& text) {
    std::map<std::string, std::string> kv;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ';')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) bad(text, "expected key=value, got '" + item + "'");
        if (!kv.emplace(item.substr(0, eq), item.substr(eq + 1)).second)
            bad(text, "repeated key '" + item.substr(0, eq) + "'");
    }
    auto take = [&](const char* key) -> std::string {
        const auto it = kv.find(key);
        if (it == kv.end()) return {};
        std::string v = it->second;
        kv.erase(it);
        return v;
    };
    Preprocessing p;
    const std::string size = take("size");
    const auto x = size.find('x');
    if (x == std::string::npos) bad(text, "missing size=WxH");
    p.width = parseInt(text, size.substr(0, x));
    p.height = parseInt(text, size.substr(x + 1));
    p.resize = parseEnum(text, take("resize"),
                         {ResizeMode::Direct, ResizeMode::ShorterSideCenterCrop}, resizeName);
    if (p.resize == ResizeMode::ShorterSideCenterCrop)
        p.resizeShorter = parseInt(text, take("shorter"));
    p.interpolation = parseEnum(text, take("interp"),
                                {Interpolation::Nearest, Interpolation::Bilinear,
                                 Interpolation::Bicubic, Interpolation::Area},
                                interpolationName);
    const std::string ch = take("channels");
    if (ch != "rgb" && ch != "bgr") bad(text, "channels must be rgb or bgr");
    p.channels = ch == "rgb" ? ChannelOrder::RGB : ChannelOrder::BGR;
    p.scaling = parseEnum(text, take("scaling"),
                          {Scaling::MeanStd, Scaling::Symmetric, Scaling::CaffeMean}, scalingName);
    if (p.scaling != Scaling::Symmetric) p.mean = parseTriple(text, take("mean"));
    if (p.scaling == Scaling::MeanStd) p.std = parseTriple(text, take("std"));
    if (!kv.empty()) bad(text, "unexpected key '" + kv.begin()->first + "'");
    return p;
}

Preprocessing Preprocessing::torchvision(int size) {
    Preprocessing p;  // the defaults are torchvision's ImageNet evaluation transform
    p.width = p.height = size;
    p.resizeShorter = size * 256 / 224;
    return p;
}

Preprocessing Preprocessing::kerasSymmetric(int width, int height) {
    Preprocessing p;
    p.width = width;
    p.height = height;
    p.resize = ResizeMode::Direct;
    // keras.preprocessing.image.load_img / flow_from_directory default to PIL nearest.
    p.interpolation = Interpolation::Nearest;
    p.scaling = Scaling::Symmetric;
    return p;
}

Preprocessing Preprocessing::kerasCaffe(int width, int height) {
    Preprocessing p = kerasSymmetric(width, height);
    p.channels = ChannelOrder::BGR;
    p.scaling = Scaling::CaffeMean;
    p.mean = {103.939f, 116.779f, 123.68f};  // B, G, R in 0..255 units
    return p;
}

}  // namespace featurelab

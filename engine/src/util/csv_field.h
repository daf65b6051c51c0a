// One CSV field as RFC 4180 writes it, for every CSV the engine writes.
#pragma once

#include <string>

namespace featurelab::util {

/// Quotes only fields with a comma, quote or line break (doubling the quotes inside), so that
/// ordinary paths and class names stay readable in a text editor.
inline std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace featurelab::util

// Command-line parsing for featurelab-cli.
#include "cli_args.h"

#include <stdexcept>

#include "featurelab/error.h"

namespace featurelab::cli {

CliArgs::CliArgs(int argc, char** argv, int first, const std::set<std::string>& flags) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string key = a.substr(2);
            const auto eq = key.find('=');
            if (eq != std::string::npos) {
                values_[key.substr(0, eq)] = key.substr(eq + 1);
            } else if (flags.count(key)) {
                values_[key] = "1";
            } else if (i + 1 < argc) {
                values_[key] = argv[++i];
            } else {
                throw Error(ErrorCode::InvalidArgument, "Option --" + key + " needs a value.");
            }
        } else {
            positionals_.push_back(a);
        }
    }
}

std::string CliArgs::get(const std::string& key, const std::string& fallback) const {
    auto it = values_.find(key);
    return it == values_.end() ? fallback : it->second;
}

std::string CliArgs::require(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end() || it->second.empty())
        throw Error(ErrorCode::InvalidArgument, "Missing required option --" + key + ".");
    return it->second;
}

int CliArgs::getInt(const std::string& key, int fallback) const {
    if (!has(key)) return fallback;
    try {
        std::size_t pos = 0;
        const int v = std::stoi(get(key), &pos);
        if (pos == get(key).size()) return v;
    } catch (const std::exception&) {
    }
    throw Error(ErrorCode::InvalidArgument,
                "--" + key + " expects a whole number, got '" + get(key) + "'.");
}

double CliArgs::getDouble(const std::string& key, double fallback) const {
    if (!has(key)) return fallback;
    try {
        std::size_t pos = 0;
        const double v = std::stod(get(key), &pos);
        if (pos == get(key).size()) return v;
    } catch (const std::exception&) {
    }
    throw Error(ErrorCode::InvalidArgument,
                "--" + key + " expects a number, got '" + get(key) + "'.");
}

void CliArgs::rejectUnknown(const std::set<std::string>& known) const {
    for (const auto& [k, v] : values_)
        if (!known.count(k)) throw Error(ErrorCode::InvalidArgument, "Unknown option --" + k + ".");
}

}  // namespace featurelab::cli

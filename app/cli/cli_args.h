// A small command-line parser for featurelab-cli: positionals, --key value, --key=value, flags.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace featurelab::cli {

class CliArgs {
public:
    /// Parses argv[first..argc). Options listed in flags take no value. Throws
    /// featurelab::Error(InvalidArgument) for an option that needs a value and has none.
    CliArgs(int argc, char** argv, int first, const std::set<std::string>& flags);

    const std::vector<std::string>& positionals() const { return positionals_; }
    bool has(const std::string& key) const { return values_.count(key) > 0; }
    std::string get(const std::string& key, const std::string& fallback = {}) const;
    /// The value of a required option; throws InvalidArgument naming it when missing.
    std::string require(const std::string& key) const;
    int getInt(const std::string& key, int fallback) const;
    double getDouble(const std::string& key, double fallback) const;
    /// Throws InvalidArgument for any option not in known (catches typos like --epoch).
    void rejectUnknown(const std::set<std::string>& known) const;

private:
    std::vector<std::string> positionals_;
    std::map<std::string, std::string> values_;
};

}  // namespace featurelab::cli

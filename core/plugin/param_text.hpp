// Parameter values as text: type checks and the canonical form shared by
// every reader of plugin parameters (suites, workload specs, legacy files).
#pragma once

#include <optional>
#include <string>

#include "plugin/plugin.hpp"

namespace fcbench::plugin {

// true/yes/on and false/no/off, in the YAML 1.1 spellings; nullopt otherwise.
std::optional<bool> parse_bool(const std::string& s);

// `text` checked against `def`'s type and put in canonical form ("10", "0.5",
// "true"). Throws PluginError with a message naming the parameter.
std::string canonical_param(const ParamDef& def, const std::string& text);

}  // namespace fcbench::plugin

// The `repetitions` and `primary_metric` keys of a suite: a fixed count, or
// adaptive repetitions {min, max, target_ci | target_rsd}.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

#include "config/suite.hpp"
#include "config/yaml_reader.hpp"

namespace fcbench::config {

// "2%" or "2 %" → 0.02; "0.02" → 0.02. nullopt unless the result is in (0, 1).
std::optional<double> parse_fraction(std::string_view text);

// The metric names fcbench computes itself (from timestamps), valid for
// any plugin as primary_metric.
bool is_vm_metric(const std::string& name);

// Reads `repetitions` (a count clears an inherited adaptive spec; a mapping
// sets one and repetitions = its max) and `primary_metric` from `m` into
// `vm`; malformed values fail with file:line:col (ConfigError).
void read_repetitions(const YamlReader& r, const YAML::Node& m, VmSettings& vm);

}  // namespace fcbench::config

// Reads a workload file (JSON Lines: header, then one instance a line) back
// into a Workload, checking it as strictly as a suite.
#pragma once

#include <filesystem>

#include "plugin/registry.hpp"
#include "workload/spec.hpp"

namespace fcbench::workload {

// Every instance's params are checked against its plugin and completed with
// the plugin's defaults; instances come back sorted by arrival_ns. Throws
// ConfigError "file:line:col: what is wrong" (exit code 2).
Workload read_workload(const std::filesystem::path& file, const plugin::Registry& plugins);

}  // namespace fcbench::workload

// Reads a workload file (JSON Lines: header, then one instance a line) back
// into a Workload, checking it as strictly as a suite.
#pragma once

#include <filesystem>
#include <functional>

#include "plugin/registry.hpp"
#include "workload/spec.hpp"

namespace fcbench::workload {

// Every instance's params are checked against its plugin and completed with
// the plugin's defaults; instances come back sorted by arrival_ns. Throws
// ConfigError "file:line:col: what is wrong" (exit code 2).
Workload read_workload(const std::filesystem::path& file, const plugin::Registry& plugins);

// The same checks, one instance at a time in file order, none kept: for a
// million instances. Returns the header. The plugins' verdict on each
// configuration (check.hpp) is the caller's.
nlohmann::ordered_json stream_workload(const std::filesystem::path& file,
                                       const plugin::Registry& plugins,
                                       const std::function<void(Instance&&)>& each);

}  // namespace fcbench::workload

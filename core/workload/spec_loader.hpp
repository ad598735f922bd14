// YAML workload spec → validated Spec. Errors are ConfigError with
// "file:line:col: message" (exit code 2).
#pragma once

#include <filesystem>
#include <string>

#include "plugin/registry.hpp"
#include "workload/spec.hpp"

namespace fcbench::workload {

Spec load_spec(const std::filesystem::path& file, const plugin::Registry& plugins);
// Same, from text; `file` names it in messages and anchors a relative trace file.
Spec parse_spec(const std::string& text, const std::filesystem::path& file,
                const plugin::Registry& plugins);

}  // namespace fcbench::workload

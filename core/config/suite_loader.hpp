// YAML suite → typed, validated Suite. Errors are ConfigError with
// "file:line:col: message".
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "config/suite.hpp"
#include "plugin/registry.hpp"

namespace fcbench::config {

struct LoadOptions {
  std::set<std::string> vmms = {"qemu"};  // VMM names the caller can run
};

Suite load_suite(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const LoadOptions& opt = {});
// Same, from text (file is only used in messages and for relative paths).
Suite parse_suite(const std::string& text, const std::filesystem::path& file,
                  const plugin::Registry& plugins, const LoadOptions& opt = {});

}  // namespace fcbench::config

// Shared helpers for the built-in plugins' parser tests: load the real
// built plugin, and feed it outputs recorded under test/data/plugins/.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "plugin/plugin.hpp"

namespace parser_support {

inline std::shared_ptr<const fcbench::plugin::Plugin> load_builtin(const std::string& name) {
  return fcbench::plugin::Plugin::load(std::string(FCBENCH_BUILD_PLUGIN_DIR) + "/" + name +
                                       ".fcbench.so");
}

inline std::string recorded(const std::string& plugin, const std::string& file) {
  std::ifstream f(std::string(FCBENCH_TEST_DATA_DIR) + "/plugins/" + plugin + "/" + file);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Defaults filled in, stdout from the recorded file, exit status 0.
inline fcbench::plugin::GuestOutput recorded_output(const fcbench::plugin::Plugin& p,
                                                    const std::string& plugin,
                                                    const std::string& file,
                                                    const fcbench::plugin::ParamMap& params) {
  fcbench::plugin::GuestOutput o;
  o.params = p.with_defaults(params);
  o.out = recorded(plugin, file);
  return o;
}

}  // namespace parser_support

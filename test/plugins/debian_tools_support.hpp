// Shared helpers for the debian-tools pack's parser tests: load a plugin
// from the pack's build directory and feed it outputs recorded in guests
// (test/data/debian-tools/, see the README there).
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "plugin/plugin.hpp"

namespace debian_tools_test {

using fcbench::plugin::GuestOutput;
using fcbench::plugin::Metric;
using fcbench::plugin::ParamMap;
using fcbench::plugin::Plugin;

inline std::shared_ptr<const Plugin> load(const std::string& name) {
  return Plugin::load(std::string(FCBENCH_DEBIAN_TOOLS_PLUGIN_DIR) + "/" + name + ".fcbench.so");
}

inline std::string recorded(const std::string& plugin, const std::string& file) {
  std::ifstream f(std::string(FCBENCH_TEST_DATA_DIR) + "/debian-tools/" + plugin + "/" + file);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  REQUIRE_FALSE(ss.str().empty());
  return ss.str();
}

// Defaults filled in, `out` as stdout, exit status 0.
inline GuestOutput output(const Plugin& p, const ParamMap& params, std::string out) {
  GuestOutput o;
  o.params = p.with_defaults(params);
  o.out = std::move(out);
  return o;
}

inline const Metric& metric(const std::vector<Metric>& ms, const std::string& name) {
  for (auto& m : ms)
    if (m.name == name) return m;
  FAIL("no metric " << name);
  throw;  // unreachable: FAIL throws
}

inline std::vector<std::string> names(const std::vector<Metric>& ms) {
  std::vector<std::string> out;
  for (auto& m : ms) out.push_back(m.name);
  return out;
}

// `text` with the first `from` replaced by `to` (which must occur).
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace debian_tools_test

// Shared by the workload_*_test.cpp files: the plugin registry they use.
#pragma once

#include "plugin/registry.hpp"

namespace fcbench::test {

// The built-in plugins plus the sleeper fixture (float parameter `seconds`).
inline const plugin::Registry& workload_plugins() {
  static const plugin::Registry r =
      plugin::Registry::discover({FCBENCH_BUILD_PLUGIN_DIR, FCBENCH_FIXTURE_PLUGIN_DIR});
  return r;
}

}  // namespace fcbench::test

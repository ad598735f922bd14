// The suite loader (YAML → Suite), with the built-in plugins.
#include "config/suite_loader.hpp"
#include "fuzz_target.hpp"
#include "plugin/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto plugins =
      fcbench::plugin::Registry::discover({FCBENCH_BUILD_PLUGIN_DIR});
  fcbench::fuzz::expect_clean([&] {
    fcbench::config::parse_suite(std::string(fcbench::fuzz::text(data, size)), "fuzz.yaml",
                                 plugins, {});
  });
  return 0;
}

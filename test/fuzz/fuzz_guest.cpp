// What comes back from a guest: the result channel's codec, the serial
// console's marker parser, and each built-in plugin's parse() of the output.
#include "fuzz_target.hpp"
#include "plugin/registry.hpp"
#include "run/channel.hpp"
#include "run/serial.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto plugins =
      fcbench::plugin::Registry::discover({FCBENCH_BUILD_PLUGIN_DIR});
  const auto input = fcbench::fuzz::text(data, size);
  const auto result = fcbench::run::decode_results(input);
  fcbench::run::SerialMonitor serial;
  for (size_t at = 0; at < input.size(); at += 7) serial.feed(input.substr(at, 7), int64_t(at));
  for (const auto& entry : plugins.plugins()) {
    const auto& plugin = entry.second;  // (clang 14 cannot capture a structured binding)
    fcbench::plugin::GuestOutput out;
    out.params = plugin->with_defaults({});
    out.out = result.complete ? result.out : std::string(input);
    out.files = result.files;
    fcbench::fuzz::expect_clean([&] { plugin->parse(out); });
  }
  return 0;
}

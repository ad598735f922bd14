// What comes back from a guest: the result channel's codec, the serial
// console's marker parser, and each built-in plugin's parse() of the output.
// The plugins are loaded into this process (plugin::Library), as their host
// loads them, so a crash in one is found here.
#include <filesystem>

#include "fuzz_target.hpp"
#include "plugin/library.hpp"
#include "plugin/registry.hpp"
#include "run/channel.hpp"
#include "run/serial.hpp"

namespace {

std::vector<std::unique_ptr<fcbench::plugin::Library>> builtin_plugins() {
  std::vector<std::unique_ptr<fcbench::plugin::Library>> out;
  for (const auto& f : std::filesystem::directory_iterator(FCBENCH_BUILD_PLUGIN_DIR))
    if (f.path().string().ends_with(fcbench::plugin::kPluginSuffix))
      out.push_back(fcbench::plugin::Library::open(f.path()));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto plugins = builtin_plugins();
  const auto input = fcbench::fuzz::text(data, size);
  const auto result = fcbench::run::decode_results(input);
  fcbench::run::SerialMonitor serial;
  for (size_t at = 0; at < input.size(); at += 7) serial.feed(input.substr(at, 7), int64_t(at));
  for (const auto& plugin : plugins) {
    fcbench::plugin::GuestOutput out;
    for (const auto& p : plugin->info().params) out.params[p.name] = p.default_value;
    out.out = result.complete ? result.out : std::string(input);
    out.files = result.files;
    fcbench::fuzz::expect_clean([&] { plugin->parse(out); });
  }
  return 0;
}

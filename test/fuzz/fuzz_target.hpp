// One fuzz target: LLVMFuzzerTestOneInput over one parser. An input may be
// refused with fcbench's own errors (UserError, ConfigError, PluginError),
// which is the parser doing its job; anything else that escapes (another
// exception type, a crash, a sanitizer report) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/plugin.hpp"
#include "util/error.hpp"

namespace fcbench::fuzz {

inline std::string_view text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `f`, swallowing only the errors fcbench raises for bad input.
template <class F>
void expect_clean(F&& f) {
  try {
    f();
  } catch (const UserError&) {
  } catch (const plugin::PluginError&) {
  }
}

}  // namespace fcbench::fuzz

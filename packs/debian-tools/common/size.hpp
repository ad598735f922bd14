// Sizes as the Debian tools take them: digits with an optional binary
// suffix (k, m, g; either case), e.g. "4k" = 4096.
#pragma once

#include <cstdint>
#include <fcbench/plugin.hpp>
#include <string>

namespace debian_tools {

// Bytes in `text`, or sdk::Error naming `param`.
inline int64_t parse_size(const std::string& param, const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::string suffix = text.substr(digits);
  int shift = suffix.empty()                   ? 0
              : suffix == "k" || suffix == "K" ? 10
              : suffix == "m" || suffix == "M" ? 20
              : suffix == "g" || suffix == "G" ? 30
                                               : -1;
  if (digits == 0 || digits > 9 || shift < 0)
    throw fcbench::sdk::Error("parameter " + param +
                              " must be a size like 4096, 4k, 16m or 1g, got '" + text + "'");
  return std::stoll(text.substr(0, digits)) << shift;
}

}  // namespace debian_tools

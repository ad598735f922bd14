// Whole-string number parsing: the one definition of a valid number.
#pragma once

#include <optional>
#include <string_view>

namespace fcbench {

// `text` as a T, or nullopt unless all of it is one number within T's range:
// an optional sign ('-' only for signed and floating-point types), decimal
// digits, no whitespace, nothing after. Floating point also takes a fraction
// and an exponent ("1.5", "1e-3") but never inf, nan or hex. Defined for int,
// long, long long, their unsigned forms and double.
template <typename T>
std::optional<T> parse_number(std::string_view text);

// Same, and also within [lo, hi].
template <typename T>
std::optional<T> parse_number(std::string_view text, T lo, T hi) {
  auto v = parse_number<T>(text);
  if (v && (*v < lo || *v > hi)) return std::nullopt;
  return v;
}

}  // namespace fcbench

// Small text helpers: layout for terminal output, UTF-8 checks.
#pragma once

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench {

// `text` with trailing newlines dropped and every line after the first
// prefixed by `indent`, so a multi-line message stays inside its block.
std::string indent_continuation(std::string_view text, std::string_view indent);

// The offset of the first byte of `text` that is not well-formed UTF-8 (an
// overlong form, a surrogate or above U+10FFFF included), or npos.
size_t invalid_utf8_at(std::string_view text);

// "line:col" (1-based, col in bytes) of offset `at` in `text`.
std::string line_col(std::string_view text, size_t at);

// nlohmann::json::parse throws out_of_range (406, "number overflow parsing
// '1E99999'"), not parse_error, for a number too large for a double. The
// number from that message, and its offset in `text` (npos if not found).
struct JsonOverflow {
  std::string number;
  size_t at = std::string_view::npos;
};
JsonOverflow json_overflow(std::string_view text, std::string_view what);

// `f` of each element of `range`, in order: a vector for fmt::join. (Not
// std::views::transform: Debian 12's clang 14, which the fuzzing build uses,
// cannot compile libstdc++ 12's views.)
template <class Range, class F>
auto mapped(const Range& range, F f) {
  std::vector<std::decay_t<decltype(f(*std::begin(range)))>> out;
  for (const auto& x : range) out.push_back(f(x));
  return out;
}

}  // namespace fcbench

#include "util/text.hpp"

#include <algorithm>

namespace fcbench {

std::string indent_continuation(std::string_view text, std::string_view indent) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

namespace {

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0.
size_t utf8_sequence(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = c >= 0xc2 && c <= 0xdf   ? 2
             : c >= 0xe0 && c <= 0xef ? 3
             : c >= 0xf0 && c <= 0xf4 ? 4
                                      : 0;
  if (n == 0 || s.size() < n) return 0;
  for (size_t i = 1; i < n; ++i)
    if ((b(i) & 0xc0) != 0x80) return 0;
  // The second byte's range rules out overlong forms, surrogates and > U+10FFFF.
  if ((c == 0xe0 && b(1) < 0xa0) || (c == 0xed && b(1) > 0x9f) || (c == 0xf0 && b(1) < 0x90) ||
      (c == 0xf4 && b(1) > 0x8f))
    return 0;
  return n;
}

}  // namespace

size_t invalid_utf8_at(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_sequence(text.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

JsonOverflow json_overflow(std::string_view text, std::string_view what) {
  JsonOverflow o;
  const size_t a = what.find('\''), b = what.rfind('\'');
  if (a == std::string_view::npos || b <= a) return o;
  o.number = std::string(what.substr(a + 1, b - a - 1));
  if (!o.number.empty()) o.at = text.find(o.number);
  return o;
}

std::string line_col(std::string_view text, size_t at) {
  text = text.substr(0, at);
  const size_t nl = text.rfind('\n');
  const size_t line = 1 + size_t(std::count(text.begin(), text.end(), '\n'));
  const size_t col = nl == std::string_view::npos ? at + 1 : at - nl;
  return std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace fcbench

// JSON helpers for files a user can edit: whole JSON files read with
// file:line:col errors, and range-checked integers out of nlohmann::json
// values.
//
// nlohmann's get<T>() for an integral T static_casts whatever number the value
// holds: a float outside T's range (4e+54 read as a long) is undefined
// behaviour, and an integer outside it wraps silently. Readers of files a user
// can edit (results.jsonl records, ...) go through these instead.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace fcbench {

// The JSON in `file`. A syntax error, or a number too large for a double
// (which nlohmann reports as out_of_range, not as a parse error), is a
// UserError (exit 2): "FILE:LINE:COL: invalid JSON: ...".
nlohmann::json parse_json_file(const std::filesystem::path& file);

// The same, or null when `file` does not exist: a side file such as env.json.
nlohmann::json optional_json_file(const std::filesystem::path& file);

// `v` as a T if it is a number with an integral value within T's range (an
// integer, or a float such as 3.0 or 1e9), else nullopt: not a number, a
// fraction, inf or nan, or out of range.
template <std::integral T>
std::optional<T> json_integer(const nlohmann::json& v) {
  using L = std::numeric_limits<T>;
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (std::cmp_greater(u, L::max())) return std::nullopt;
    return static_cast<T>(u);
  }
  if (v.is_number_integer()) {
    const auto i = v.get<int64_t>();
    if (std::cmp_less(i, L::min()) || std::cmp_greater(i, L::max())) return std::nullopt;
    return static_cast<T>(i);
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    // T's range is [min, 2^digits): both bounds are exact doubles, L::max() may not be.
    if (!std::isfinite(d) || d != std::trunc(d) || d < static_cast<double>(L::min()) ||
        d >= std::ldexp(1.0, L::digits))
      return std::nullopt;
    return static_cast<T>(d);
  }
  return std::nullopt;
}

// `v` as a T, as json_integer reads it; otherwise std::invalid_argument
// naming the field: "repetition: 2.6e+79 is not an integer in [0, 4294967295]".
template <std::integral T>
T json_integer_as(const nlohmann::json& v, std::string_view name) {
  if (auto n = json_integer<T>(v)) return *n;
  std::string shown = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (shown.size() > 40) {  // cut at a character boundary
    size_t cut = 37;
    while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xc0) == 0x80) --cut;
    shown = shown.substr(0, cut) + "...";
  }
  throw std::invalid_argument(fmt::format("{}: {} is not an integer in [{}, {}]", name, shown,
                                          std::numeric_limits<T>::min(),
                                          std::numeric_limits<T>::max()));
}

// j[key] as a T, or `absent` when j has no such key; any other value that is
// not an integer within T's range throws as json_integer_as does.
template <std::integral T>
T json_integer_at(const nlohmann::json& j, const std::string& key, T absent) {
  const auto it = j.is_object() ? j.find(key) : j.end();
  return it == j.end() ? absent : json_integer_as<T>(*it, key);
}

}  // namespace fcbench

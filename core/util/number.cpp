#include "util/number.hpp"

#include <charconv>
#include <cmath>
#include <type_traits>

namespace fcbench {

template <typename T>
std::optional<T> parse_number(std::string_view text) {
  if (text.starts_with('+')) {  // YAML's "+5"; from_chars takes only '-'
    text.remove_prefix(1);
    if (text.starts_with('-')) return std::nullopt;
  }
  const char* end = text.data() + text.size();
  T v{};
  auto [stop, ec] = std::from_chars(text.data(), end, v);  // no whitespace or hex
  if (ec != std::errc() || stop != end) return std::nullopt;
  if constexpr (std::is_floating_point_v<T>)
    if (!std::isfinite(v)) return std::nullopt;
  return v;
}

template std::optional<int> parse_number<int>(std::string_view);
template std::optional<long> parse_number<long>(std::string_view);
template std::optional<long long> parse_number<long long>(std::string_view);
template std::optional<unsigned> parse_number<unsigned>(std::string_view);
template std::optional<unsigned long> parse_number<unsigned long>(std::string_view);
template std::optional<unsigned long long> parse_number<unsigned long long>(std::string_view);
template std::optional<double> parse_number<double>(std::string_view);

}  // namespace fcbench

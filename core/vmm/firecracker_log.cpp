#include "vmm/firecracker_log.hpp"

#include <cctype>

namespace fcbench::vmm {

std::optional<int64_t> parse_boot_time_us(std::string_view log) {
  static constexpr std::string_view key = "Guest-boot-time =";
  for (size_t at = log.find(key); at != std::string_view::npos; at = log.find(key, at + 1)) {
    size_t p = at + key.size();
    while (p < log.size() && log[p] == ' ') ++p;
    int64_t v = 0;
    size_t digits = 0;
    while (p < log.size() && std::isdigit(static_cast<unsigned char>(log[p])) && digits < 18) {
      v = v * 10 + (log[p++] - '0');
      ++digits;
    }
    if (digits > 0 && log.substr(p, 3) == " us") return v;
  }
  return std::nullopt;
}

}  // namespace fcbench::vmm

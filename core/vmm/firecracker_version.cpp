#include "vmm/firecracker_version.hpp"

#include <cctype>

namespace fcbench::vmm {

namespace {

// Reads a decimal number at `p`; false if there is none.
bool number(std::string_view s, size_t& p, int& out) {
  size_t start = p;
  long v = 0;
  while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p])) && v < 1'000'000)
    v = v * 10 + (s[p++] - '0');
  out = int(v);
  return p > start;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string FcVersion::str() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<FcVersion> parse_fc_version(std::string_view out) {
  std::string_view line = out.substr(0, out.find('\n'));
  // The first "<digits>.<digits>.<digits>" after an optional 'v'.
  for (size_t i = 0; i < line.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(line[i - 1])) && line[i - 1] != 'v'))
      continue;
    FcVersion v;
    size_t p = i;
    if (number(line, p, v.major) && p < line.size() && line[p] == '.' &&
        number(line, ++p, v.minor) && p < line.size() && line[p] == '.' &&
        number(line, ++p, v.patch))
      return v;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  }
  return std::nullopt;
}

std::string unsupported_reason(const FcVersion& v) {
  if (v >= kMinFirecracker) return "";
  std::string why = "Firecracker " + v.str() + " is older than " + kMinFirecracker.str() +
                    ", the oldest fcbench supports: ";
  if (v.major < 1)
    return why + "its pre-1.0 API differs (e.g. machine-config's ht_enabled instead of smt)";
  return why +
         "before 1.8 Firecracker announces virtio-mmio devices only on the kernel command line, "
         "which the Debian cloud guest kernel cannot read (no CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES); "
         "1.8 added the ACPI tables that list them";
}

uint64_t boot_timer_address(const FcVersion& v) {
  return v >= FcVersion{1, 13, 0} ? 0xC0000000ull : 0xD0000000ull;
}

std::string smt_field(const FcVersion& v) {
  return v.major >= 1 ? "smt" : "ht_enabled";
}

std::string declared_accel(std::string_view out) {
  static constexpr std::string_view key = "accelerator:";
  auto lower = [](std::string_view s) {
    std::string v(s);
    for (auto& c : v) c = char(std::tolower(static_cast<unsigned char>(c)));
    return v;
  };
  size_t start = 0;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    std::string_view line =
        trim(out.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (line.substr(0, key.size()) == key) return lower(trim(line.substr(key.size())));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return "";
}

}  // namespace fcbench::vmm

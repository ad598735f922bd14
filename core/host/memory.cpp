#include "host/memory.hpp"

#include <fmt/format.h>

#include "host/monitor.hpp"
#include "util/fs.hpp"

namespace fcbench::host {

std::string memory_warning(uint64_t peak, uint64_t guest_mib, uint64_t available_mib) {
  const uint64_t need_mib = peak * guest_mib;
  if (!guest_mib || need_mib <= available_mib) return "";
  return fmt::format(
      "up to {} guest(s) of up to {} MiB may run at once ({} MiB), but only {} MiB is available; "
      "guests that touch their memory will swap or be killed (lower --max-concurrent)",
      peak, guest_mib, need_mib, available_mib);
}

std::string check_guest_memory(uint64_t peak, uint64_t guest_mib) {
  if (!guest_mib) return "";
  HostSample s;
  try {
    parse_meminfo(read_file("/proc/meminfo"), s);
  } catch (const std::exception&) {
    return "";
  }
  return memory_warning(peak, guest_mib, s.mem_available_kib / 1024);
}

}  // namespace fcbench::host

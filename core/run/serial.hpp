// Watches the guest serial console: timestamps the agent's framed markers
// ("@@FCBENCH:<name>@@") on arrival and spots kernel panics and poweroffs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace fcbench::run {

class SerialMonitor {
 public:
  // `now` is the host monotonic time the chunk arrived.
  void feed(std::string_view chunk, int64_t now);
  // First arrival of a marker, or 0.
  int64_t at(const std::string& marker) const;

  std::string agent_error;  // text after an agent_error marker
  std::string panic;        // the panic line, if the kernel panicked
  // The kernel's "reboot: Power down" or "reboot: System halted" line: the
  // guest powered off or halted instead of rebooting.
  std::string poweroff;

 private:
  void line(std::string_view l, int64_t now);
  std::map<std::string, int64_t> markers_;
  std::string partial_;
};

}  // namespace fcbench::run

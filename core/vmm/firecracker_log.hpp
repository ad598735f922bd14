// Facts read back from Firecracker's log file.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fcbench::vmm {

// The wall-clock microseconds of the first
// "Guest-boot-time = <us> us <ms> ms, <cpu us> CPU us <cpu ms> CPU ms" line
// (logged at Info level when the guest touches the --boot-timer device).
std::optional<int64_t> parse_boot_time_us(std::string_view log);

}  // namespace fcbench::vmm

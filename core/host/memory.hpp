// Guest memory at a run's peak against what the host has free: a warning,
// not a refusal, since guests rarely touch all of their memory.
#pragma once

#include <cstdint>
#include <string>

namespace fcbench::host {

// The warning for `peak` guests of up to `guest_mib` each against
// `available_mib`; "" when they fit (or there are no guests).
std::string memory_warning(uint64_t peak, uint64_t guest_mib, uint64_t available_mib);
// The same against MemAvailable in /proc/meminfo; "" if that cannot be read.
std::string check_guest_memory(uint64_t peak, uint64_t guest_mib);

}  // namespace fcbench::host

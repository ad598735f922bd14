// UTC ISO 8601 timestamps, as runs are registered with, to Unix time.
#pragma once

#include <cstdint>
#include <string_view>

namespace fcbench::history {

// "2026-11-25T20:50:01.123Z" (fraction of 1 to 9 digits optional; "Z" or
// "+00:00") to nanoseconds since the Unix epoch. Throws UserError (exit 2).
int64_t parse_utc_iso_ns(std::string_view text);

}  // namespace fcbench::history

// Process resource limits checked before a concurrent run: open files and
// processes/threads, raising soft limits when the hard limit allows it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fcbench::run {

// Totals needed at peak, including the current process's own use.
struct LimitNeeds {
  uint64_t open_files = 0;
  uint64_t processes = 0;  // new processes and threads; 0 skips the check
};

struct LimitReport {
  std::vector<std::string> notes;  // e.g. "raised the open files soft limit from ..."
};

// RLIMIT_NOFILE against need.open_files; RLIMIT_NPROC (not for root) against
// need.processes plus the threads the real uid already has; kernel.threads-max
// and kernel.pid_max against the system's threads plus need.processes. Raises
// soft limits as needed; throws UserError (exit code 2) when it cannot.
LimitReport ensure_limits(const LimitNeeds& need);

// The decision alone, without syscalls. UINT64_MAX stands for RLIM_INFINITY.
struct LimitState {
  uint64_t soft, hard;
};
struct LimitDecision {
  bool ok;              // need can be met
  bool raise;           // by setting the soft limit to new_soft
  uint64_t new_soft;    // = the current soft limit unless raise
  std::string message;  // a note when raising, the error when !ok, else empty
};
// what: "open files"; ulimit_flag: "-n"; systemd_key: "LimitNOFILE";
// limits_conf_item: "nofile".
LimitDecision decide_limit(const char* what, const char* ulimit_flag, const char* systemd_key,
                           const char* limits_conf_item, LimitState s, uint64_t need);

}  // namespace fcbench::run

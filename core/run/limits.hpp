// Process resource limits checked before a concurrent run: open files and
// processes/threads, raising soft limits when the hard limit allows it.
// The counting and the decisions are pure; ensure_limits() and open_fds()
// make the system calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fcbench::run {

// Totals needed at peak, including the current process's own use.
struct LimitNeeds {
  uint64_t open_files = 0;
  uint64_t processes = 0;  // new processes and threads; 0 skips the check
};

// What one running instance holds: a VM its console pipe and a pidfd, and
// a thread per vCPU plus a few of the VMM's own; a native payload two pipes
// and a pidfd, as one process (more if it forks).
struct InstanceNeeds {
  uint64_t open_files = 3, processes = 1;
};
InstanceNeeds instance_needs(bool vm, uint32_t vcpus);
// The larger of each need.
InstanceNeeds max_needs(InstanceNeeds a, InstanceNeeds b);

// The most instances that can run at once: at most `cap` (0: no cap), and
// never more than arrive within any `window_ns` (no instance outlives its
// timeout plus the stop grace). `arrivals_ns` must be sorted.
size_t peak_instances(const std::vector<int64_t>& arrivals_ns, int64_t window_ns, uint32_t cap);

// Totals at the peak: `open_now` of this process plus 64 to spare, plus
// `peak` instances of `each`.
LimitNeeds limit_needs(InstanceNeeds each, size_t peak, uint64_t open_now);

// This process's open files now (entries of /proc/self/fd).
uint64_t open_fds();

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

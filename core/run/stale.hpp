// Processes a run started, remembered in DIR/pids.jsonl (pid, its start
// time, fcbench's pid), so that `--resume` after a dead fcbench can end the
// ones still running before it reuses their disks. A start time that differs
// means the pid was recycled: that process is never touched.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace fcbench {
class LineFile;
}

namespace fcbench::run {

// /proc/PID/stat: the state (field 3), the parent pid (field 4) and the
// start time (field 22, clock ticks since boot); nullopt if no such process.
struct ProcStat {
  char state = '?';
  pid_t ppid = 0;
  uint64_t start_time = 0;
};
std::optional<ProcStat> proc_stat(pid_t pid);

// Appends one line per started VMM or payload; one write(2) each.
class PidLog {
 public:
  explicit PidLog(const std::filesystem::path& file);
  ~PidLog();
  PidLog(const PidLog&) = delete;
  PidLog& operator=(const PidLog&) = delete;
  void record(const std::string& id, pid_t pid);

 private:
  std::unique_ptr<LineFile> out_;  // none if it could not be opened
};

// Ends (SIGKILL) the process groups of DIR/pids.jsonl whose leader is gone
// or still runs with its recorded start time, unless that leader is still
// the child of its fcbench (that run is alive). Waits up to 2 s for the
// leaders to go, then ends and removes the dead fcbench's per-instance
// cgroups (host/cgroup). Returns how many process groups it signalled.
size_t end_stale_processes(const std::filesystem::path& dir);

}  // namespace fcbench::run

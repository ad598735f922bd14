// Per-instance cgroups. Lifecycle: Cgroups (the layout; v2 controllers
// enabled for our children) → remove_leftovers() once per run (and
// end_groups_of() a dead run's on --resume) → create() per
// instance → the VMM or payload joins through join_fds() between vfork and
// exec, so it is inside from its first instruction → usage() once it has
// ended → the InstanceCgroup's destructor kills what is left and removes
// the group. Only cgroup_layout and cgroup_plan decide; this makes the calls.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/cgroup_layout.hpp"
#include "host/cgroup_plan.hpp"

namespace fcbench::host {

class InstanceCgroup {
 public:
  // `dirs`: the group in each hierarchy (v2: key ""), made by Cgroups::create.
  InstanceCgroup(CgroupVersion version, std::map<std::string, std::filesystem::path> dirs,
                 CgroupLimits limits);
  ~InstanceCgroup();  // kill_all(), then remove()
  InstanceCgroup(const InstanceCgroup&) = delete;
  InstanceCgroup& operator=(const InstanceCgroup&) = delete;

  const CgroupLimits& limits() const { return limits_; }
  const std::map<std::string, std::filesystem::path>& dirs() const { return dirs_; }
  // Each group's cgroup.procs, open for writing (close-on-exec): a child
  // that writes "0" to each joins them. Opened on first call; "" or why not.
  std::string open_join_fds();
  const std::vector<int>& join_fds() const { return join_fds_; }
  void close_join_fds();  // once the child has started
  // Memory peak, CPU time and OOM kills as the control files say now.
  CgroupUsage usage() const;
  // SIGKILLs every process left (v2 cgroup.kill, else each pid in
  // cgroup.procs) and waits up to `wait` for them to go; true once empty.
  bool kill_all(std::chrono::milliseconds wait = std::chrono::milliseconds(2000));
  // Removes the groups (rmdir); "" or the first reason one stays.
  std::string remove();

 private:
  CgroupVersion version_;
  std::map<std::string, std::filesystem::path> dirs_;
  CgroupLimits limits_;
  std::vector<int> join_fds_;
  bool removed_ = false;
};

class Cgroups {
 public:
  // With v2, enables the memory (and cpuset) controller for our children;
  // when that is refused the layout becomes unavailable, with the reason.
  // `owner` names the groups (fcbench's pid).
  explicit Cgroups(CgroupLayout layout, pid_t owner);

  const CgroupLayout& layout() const { return layout_; }
  bool usable() const { return layout_.version != CgroupVersion::none; }
  // A new group for `instance_id` with `limits`, or nullptr with `error` set.
  // Safe to call from several threads.
  std::unique_ptr<InstanceCgroup> create(std::string_view instance_id, const CgroupLimits& limits,
                                         std::string& error) const;
  // Kills what is left in the groups of `dead_owner` (a dead fcbench's pid,
  // from a run's pids.jsonl) and removes them; none while that pid is a live
  // fcbench. Returns their names.
  std::vector<std::string> end_groups_of(pid_t dead_owner) const;
  // Removes the empty fcbench-* groups whose owner is gone or is no longer
  // fcbench; groups that still hold processes are left to their run's
  // --resume (another run's may still want them) and listed in `busy`.
  std::vector<std::string> remove_leftovers(std::vector<std::string>* busy = nullptr) const;

 private:
  CgroupLayout layout_;
  pid_t owner_;
};

// A group directory's processes (cgroup.procs), living ones only.
std::vector<pid_t> cgroup_processes(const std::filesystem::path& dir);

}  // namespace fcbench::host

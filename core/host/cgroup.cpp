#include "host/cgroup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>
#include <sstream>
#include <thread>

#include "util/clock.hpp"
#include "util/fs.hpp"

namespace fcbench::host {

namespace fs = std::filesystem;

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// Opens a control file for writing. O_CREAT changes nothing on a cgroup
// file system; in a test's fake tree it makes the file.
int open_control(const fs::path& p, int extra) {
  int fd;
  do fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | extra, 0644);
  while (fd < 0 && errno == EINTR);
  return fd;
}

// Writes `value` to a control file; "" or "FILE: reason".
std::string put(const fs::path& p, std::string_view value) {
  const int fd = open_control(p, O_TRUNC);
  if (fd < 0) return p.string() + ": " + std::strerror(errno);
  ssize_t w;
  do w = ::write(fd, value.data(), value.size());
  while (w < 0 && errno == EINTR);
  const int e = errno;
  ::close(fd);
  if (w == ssize_t(value.size())) return "";
  return fmt::format("{} = {}: {}", p.string(), value, w < 0 ? std::strerror(e) : "short write");
}

bool present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

bool alive(pid_t pid) {
  const std::string stat = read_file_or_empty("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

// v2: memory.max (no swap, the whole group killed on OOM), the cores.
std::string limit_v2(const fs::path& d, const CgroupLimits& l) {
  if (auto e = put(d / "memory.max", std::to_string(l.memory_bytes)); !e.empty()) return e;
  if (present(d / "memory.swap.max"))
    if (auto e = put(d / "memory.swap.max", "0"); !e.empty()) return e;
  if (present(d / "memory.oom.group")) put(d / "memory.oom.group", "1");  // best effort
  if (!l.cpus.empty() && present(d / "cpuset.cpus")) return put(d / "cpuset.cpus", l.cpus);
  return "";
}

// v1: the memory limit (memory+swap too where accounted); a cpuset needs
// its mems and cpus before anything may join it.
std::string limit_v1(const std::map<std::string, fs::path>& dirs, const CgroupLimits& l) {
  const fs::path& m = dirs.at("memory");
  const std::string bytes = std::to_string(l.memory_bytes);
  if (auto e = put(m / "memory.limit_in_bytes", bytes); !e.empty()) return e;
  if (present(m / "memory.memsw.limit_in_bytes"))
    if (auto e = put(m / "memory.memsw.limit_in_bytes", bytes); !e.empty()) return e;
  auto cs = dirs.find("cpuset");
  if (cs == dirs.end()) return "";
  const fs::path parent = cs->second.parent_path();
  if (auto e = put(cs->second / "cpuset.mems", trimmed(read_file_or_empty(parent / "cpuset.mems")));
      !e.empty())
    return e;
  const std::string cpus =
      l.cpus.empty() ? trimmed(read_file_or_empty(parent / "cpuset.cpus")) : l.cpus;
  return put(cs->second / "cpuset.cpus", cpus);
}

// SIGKILLs the processes of `dirs` until none is left or `wait` is over.
bool end_processes(const std::map<std::string, fs::path>& dirs, CgroupVersion v,
                   std::chrono::milliseconds wait) {
  const int64_t deadline = now_ns() + int64_t(wait.count()) * 1'000'000;
  bool cgroup_kill = false;
  if (v == CgroupVersion::v2)
    for (auto& [ctrl, d] : dirs)
      if (present(d / "cgroup.kill")) cgroup_kill = put(d / "cgroup.kill", "1").empty();
  for (;;) {
    bool any = false;
    for (auto& [ctrl, d] : dirs)
      for (pid_t p : cgroup_processes(d)) {
        any = true;
        if (!cgroup_kill) ::kill(p, SIGKILL);  // a fork since the last look is caught next round
      }
    if (!any) return true;
    if (now_ns() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// rmdir with a short retry: a group's last process may still be exiting.
std::string remove_dir(const fs::path& d) {
  for (int i = 0; i < 100; ++i) {
    if (::rmdir(d.c_str()) == 0 || errno == ENOENT) return "";
    if (errno != EBUSY) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "cannot remove " + d.string() + ": " + std::strerror(errno);
}

bool is_fcbench(pid_t pid) {
  return alive(pid) &&
         trimmed(read_file_or_empty("/proc/" + std::to_string(pid) + "/comm")) == "fcbench";
}

}  // namespace

std::vector<pid_t> cgroup_processes(const fs::path& dir) {
  std::vector<pid_t> out;
  std::istringstream in(read_file_or_empty(dir / "cgroup.procs"));
  for (long p; in >> p;)
    if (p > 0 && alive(pid_t(p))) out.push_back(pid_t(p));
  return out;
}

InstanceCgroup::InstanceCgroup(CgroupVersion version, std::map<std::string, fs::path> dirs,
                               CgroupLimits limits)
    : version_(version), dirs_(std::move(dirs)), limits_(std::move(limits)) {}

InstanceCgroup::~InstanceCgroup() {
  close_join_fds();
  if (removed_) return;
  kill_all();
  remove();
}

std::string InstanceCgroup::open_join_fds() {
  if (!join_fds_.empty()) return "";
  for (auto& [ctrl, d] : dirs_) {
    const int fd = open_control(d / "cgroup.procs", 0);
    if (fd < 0) {
      const std::string why = (d / "cgroup.procs").string() + ": " + std::strerror(errno);
      close_join_fds();
      return why;
    }
    join_fds_.push_back(fd);
  }
  return "";
}

void InstanceCgroup::close_join_fds() {
  for (int fd : join_fds_) ::close(fd);
  join_fds_.clear();
}

CgroupUsage InstanceCgroup::usage() const {
  CgroupUsage u;
  if (version_ == CgroupVersion::v2) {
    const fs::path& d = dirs_.at("");
    u.memory_peak_bytes = single_value(read_file_or_empty(d / "memory.peak"));
    if (auto us = keyed_value(read_file_or_empty(d / "cpu.stat"), "usage_usec"))
      u.cpu_ns = *us * 1000;
    u.oom_kills = keyed_value(read_file_or_empty(d / "memory.events"), "oom_kill").value_or(0);
    return u;
  }
  if (auto m = dirs_.find("memory"); m != dirs_.end()) {
    u.memory_peak_bytes = single_value(read_file_or_empty(m->second / "memory.max_usage_in_bytes"));
    u.oom_kills =
        keyed_value(read_file_or_empty(m->second / "memory.oom_control"), "oom_kill").value_or(0);
  }
  if (auto c = dirs_.find("cpuacct"); c != dirs_.end())
    u.cpu_ns = single_value(read_file_or_empty(c->second / "cpuacct.usage"));
  return u;
}

bool InstanceCgroup::kill_all(std::chrono::milliseconds wait) {
  return end_processes(dirs_, version_, wait);
}

std::string InstanceCgroup::remove() {
  removed_ = true;
  std::string first;
  for (auto& [ctrl, d] : dirs_)
    if (auto e = remove_dir(d); first.empty()) first = e;
  return first;
}

Cgroups::Cgroups(CgroupLayout layout, pid_t owner) : layout_(std::move(layout)), owner_(owner) {
  if (layout_.version != CgroupVersion::v2) return;
  const fs::path& d = layout_.parents.at("");
  const std::string offered = read_file_or_empty(d / "cgroup.controllers");
  const std::string enabled = read_file_or_empty(d / "cgroup.subtree_control");
  if (!list_has(enabled, "memory"))
    if (auto e = put(d / "cgroup.subtree_control", "+memory"); !e.empty()) {
      layout_ = {CgroupVersion::none,
                 "cannot enable the memory controller for groups under our own (" + e +
                     "); a v2 group holding processes cannot: start fcbench in a delegated "
                     "cgroup, e.g. systemd-run --scope -p Delegate=yes",
                 {}};
      return;
    }
  if (list_has(offered, "cpuset") && !list_has(enabled, "cpuset"))
    put(d / "cgroup.subtree_control", "+cpuset");  // best effort: pinning still applies
}

std::unique_ptr<InstanceCgroup> Cgroups::create(std::string_view instance_id,
                                                const CgroupLimits& limits,
                                                std::string& error) const {
  if (!usable()) {
    error = layout_.describe();
    return nullptr;
  }
  const std::string name = cgroup_name(owner_, instance_id);
  std::map<std::string, fs::path> dirs;
  for (auto& [ctrl, parent] : layout_.parents) {
    // v1: without cores of its own, the instance stays in our cpuset (each
    // hierarchy joined costs it an RCU grace period at launch).
    if (ctrl == "cpuset" && limits.cpus.empty()) continue;
    const fs::path d = parent / name;
    if (::mkdir(d.c_str(), 0755) != 0) {
      error = "cannot create " + d.string() + ": " + std::strerror(errno);
      InstanceCgroup partial(layout_.version, std::move(dirs), limits);  // removes what was made
      return nullptr;
    }
    dirs[ctrl] = d;
  }
  auto g = std::make_unique<InstanceCgroup>(layout_.version, std::move(dirs), limits);
  error = layout_.version == CgroupVersion::v2 ? limit_v2(g->dirs().at(""), limits)
                                               : limit_v1(g->dirs(), limits);
  if (error.empty()) error = g->open_join_fds();
  if (!error.empty()) return nullptr;  // g's destructor removes the group
  return g;
}

namespace {

// Each fcbench-* group under our parents whose owner is gone or is no
// longer fcbench (never ours): its hierarchy's key, its path, its owner.
struct Leftover {
  std::string ctrl;
  fs::path dir;
  pid_t owner;
};
std::vector<Leftover> leftovers(const CgroupLayout& layout, pid_t self) {
  std::vector<Leftover> out;
  for (auto& [ctrl, parent] : layout.parents) {
    std::error_code ec;
    for (auto& e : fs::directory_iterator(parent, ec)) {
      auto owner = cgroup_owner(e.path().filename().string());
      if (owner && *owner != self && e.is_directory(ec) && !is_fcbench(*owner))
        out.push_back({ctrl, e.path(), *owner});
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> Cgroups::end_groups_of(pid_t dead_owner) const {
  std::set<std::string> ended;
  for (auto& l : leftovers(layout_, owner_)) {
    if (l.owner != dead_owner) continue;
    end_processes({{l.ctrl, l.dir}}, layout_.version, std::chrono::milliseconds(2000));
    if (remove_dir(l.dir).empty()) ended.insert(l.dir.filename());
  }
  return {ended.begin(), ended.end()};
}

std::vector<std::string> Cgroups::remove_leftovers(std::vector<std::string>* busy) const {
  std::set<std::string> removed, held;
  for (auto& l : leftovers(layout_, owner_)) {
    if (!cgroup_processes(l.dir).empty())
      held.insert(l.dir.filename());
    else if (::rmdir(l.dir.c_str()) == 0)
      removed.insert(l.dir.filename());
  }
  if (busy) busy->assign(held.begin(), held.end());
  return {removed.begin(), removed.end()};
}

}  // namespace fcbench::host

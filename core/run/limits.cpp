// Resource limit checks: decide_limit() decides, ensure_limits() applies.
#include "run/limits.hpp"

#include <dirent.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "util/error.hpp"
#include "util/number.hpp"

namespace fcbench::run {

namespace {

std::string show(uint64_t v) {
  return v == UINT64_MAX ? "unlimited" : std::to_string(v);
}

uint64_t from_rlim(rlim_t v) {
  return v == RLIM_INFINITY ? UINT64_MAX : uint64_t(v);
}

struct Threads {
  uint64_t total = 0, of_uid = 0;
};

// Threads on the system and those owned by `uid` (by /proc/PID/task/TID
// owner). Processes that vanish or cannot be read are skipped.
Threads count_threads(uid_t uid) {
  Threads t;
  DIR* proc = ::opendir("/proc");
  if (!proc) return t;
  while (dirent* pe = ::readdir(proc)) {
    if (pe->d_name[0] < '0' || pe->d_name[0] > '9') continue;
    std::string task_dir = fmt::format("/proc/{}/task", pe->d_name);
    DIR* task = ::opendir(task_dir.c_str());
    if (!task) continue;
    while (dirent* te = ::readdir(task)) {
      if (te->d_name[0] < '0' || te->d_name[0] > '9') continue;
      ++t.total;
      struct stat st;
      if (::fstatat(::dirfd(task), te->d_name, &st, 0) == 0 && st.st_uid == uid) ++t.of_uid;
    }
    ::closedir(task);
  }
  ::closedir(proc);
  return t;
}

std::optional<uint64_t> read_sysctl(const char* file) {
  std::ifstream in(file);
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  return parse_number<uint64_t>(text);
}

// Applies a decision: raise the soft limit or throw.
void apply(int resource, const LimitDecision& d, LimitState s, LimitReport& report) {
  if (!d.ok) throw UserError(d.message, 2);
  if (!d.raise) return;
  rlimit rl{d.new_soft == UINT64_MAX ? RLIM_INFINITY : rlim_t(d.new_soft),
            s.hard == UINT64_MAX ? RLIM_INFINITY : rlim_t(s.hard)};
  if (::setrlimit(resource, &rl) != 0)
    throw UserError(fmt::format("cannot raise the soft limit to {}: {}", show(d.new_soft),
                                std::strerror(errno)),
                    2);
  report.notes.push_back(d.message);
}

LimitState current(int resource) {
  rlimit rl{};
  if (::getrlimit(resource, &rl) != 0) throw SystemError("getrlimit failed", errno);
  return {from_rlim(rl.rlim_cur), from_rlim(rl.rlim_max)};
}

void check_sysctl(const char* file, const char* key, const char* what, uint64_t in_use,
                  uint64_t need) {
  auto max = read_sysctl(file);
  if (!max || in_use + need <= *max) return;
  throw UserError(fmt::format("need {} more {} but {} are in use on this system and {} is {}; "
                              "raise it with `sysctl {}={}` (as root), or use a lower "
                              "--max-concurrent",
                              need, what, in_use, key, *max, key, in_use + need),
                  2);
}

}  // namespace

InstanceNeeds instance_needs(bool vm, uint32_t vcpus) {
  return vm ? InstanceNeeds{4, uint64_t(vcpus) + 8} : InstanceNeeds{3, 1};
}

InstanceNeeds max_needs(InstanceNeeds a, InstanceNeeds b) {
  return {std::max(a.open_files, b.open_files), std::max(a.processes, b.processes)};
}

size_t peak_instances(const std::vector<int64_t>& arrivals_ns, int64_t window_ns, uint32_t cap) {
  size_t peak = 0;
  for (size_t lo = 0, hi = 0; hi < arrivals_ns.size(); ++hi) {
    while (arrivals_ns[hi] - arrivals_ns[lo] >= window_ns) ++lo;
    peak = std::max(peak, hi - lo + 1);
  }
  return cap ? std::min<size_t>(peak, cap) : peak;
}

LimitNeeds limit_needs(InstanceNeeds each, size_t peak, uint64_t open_now) {
  return {open_now + 64 + peak * each.open_files, peak * each.processes};
}

uint64_t open_fds() {
  std::error_code ec;
  uint64_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n;
}

LimitDecision decide_limit(const char* what, const char* ulimit_flag, const char* systemd_key,
                           const char* limits_conf_item, LimitState s, uint64_t need) {
  if (s.soft >= need) return {true, false, s.soft, ""};
  if (s.hard >= need)
    return {true, true, need,
            fmt::format("raised the {} soft limit from {} to {} (hard limit {})", what,
                        show(s.soft), need, show(s.hard))};
  return {false, false, s.soft,
          fmt::format("this run needs {} {} at peak, but the hard limit is {} (soft limit {}). "
                      "Raise it: `ulimit {} {}` in the shell (lifting a hard limit needs root), "
                      "{}={} in a systemd unit, or a `{}` line in /etc/security/limits.conf; "
                      "or use a lower --max-concurrent",
                      need, what, show(s.hard), show(s.soft), ulimit_flag, need, systemd_key, need,
                      limits_conf_item)};
}

LimitReport ensure_limits(const LimitNeeds& need) {
  LimitReport report;
  if (need.open_files > 0) {
    LimitState s = current(RLIMIT_NOFILE);
    apply(RLIMIT_NOFILE,
          decide_limit("open files", "-n", "LimitNOFILE", "nofile", s, need.open_files), s, report);
  }
  if (need.processes > 0) {
    Threads t = count_threads(::getuid());
    // RLIMIT_NPROC counts the real uid's threads; root is exempt from it.
    if (::geteuid() != 0) {
      LimitState s = current(RLIMIT_NPROC);
      apply(RLIMIT_NPROC,
            decide_limit("processes", "-u", "LimitNPROC", "nproc", s, t.of_uid + need.processes), s,
            report);
    }
    check_sysctl("/proc/sys/kernel/threads-max", "kernel.threads-max", "threads", t.total,
                 need.processes);
    check_sysctl("/proc/sys/kernel/pid_max", "kernel.pid_max", "process IDs", t.total,
                 need.processes);
  }
  return report;
}

}  // namespace fcbench::run

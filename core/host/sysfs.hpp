// The one module through which fcbench reads and writes host state: sysfs,
// procfs tunables and the files the environment fingerprint reads.
//
// Every path is written as on a real host ("/sys/devices/system/cpu/...",
// "/proc/sys/vm/drop_caches") and resolved under a root, "/" by default or
// $FCBENCH_SYSFS_ROOT, so tests run against a fake tree.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::host {

// Where CPU settings live.
inline constexpr std::string_view kCpuDir = "/sys/devices/system/cpu";

class Sysfs {
 public:
  // $FCBENCH_SYSFS_ROOT (made absolute) if set and not empty, else "/".
  static std::filesystem::path root_from_env();

  Sysfs() : Sysfs(root_from_env()) {}
  explicit Sysfs(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  bool redirected() const { return root_ != "/"; }
  // The real location of a host path under the root.
  std::filesystem::path at(std::string_view host_path) const;

  bool exists(std::string_view host_path) const;
  // The file's content without trailing white space; nullopt if it is
  // missing or unreadable.
  std::optional<std::string> read(std::string_view host_path) const;
  // Writes `value` plus a newline, as `echo value > file` does; never
  // creates a file. Returns "" on success, else the reason.
  std::string write(std::string_view host_path, std::string_view value) const;
  // "" if the file exists and this process may write it, else why not:
  // "missing", "read-only", or a permission message.
  std::string why_not_writable(std::string_view host_path) const;
  // Names of the entries of a directory, sorted; empty if it is missing.
  std::vector<std::string> list(std::string_view host_dir) const;

 private:
  std::filesystem::path root_;
};

// Kernel CPU lists ("0-3,8,10-11") ↔ sets. parse throws std::invalid_argument.
std::set<int> parse_cpu_list(std::string_view text);
std::string format_cpu_list(const std::set<int>& cpus);

// The start time of a live process (field 22 of /proc/PID/stat), or nullopt
// if there is no such process. This always reads the real /proc: processes
// are never redirected, only host settings are.
std::optional<uint64_t> process_start_time(pid_t pid);

}  // namespace fcbench::host

#include "host/cgroup_layout.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "host/cgroup_plan.hpp"
#include "util/fs.hpp"

namespace fcbench::host {

namespace fs = std::filesystem;

namespace {

// `base` joined with a group path from /proc/self/cgroup ("/" is base).
fs::path group_dir(const fs::path& base, const std::string& group) {
  const fs::path rel = fs::path(group).relative_path();
  return rel.empty() ? base : base / rel;
}

// "" if this process may make groups in `dir`, else why not.
std::string why_not_usable(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "our group " + dir.string() + " is missing";
  if (::access(dir.c_str(), W_OK) != 0)
    return "our group " + dir.string() + " is not writable (not root, and not delegated to us)";
  return "";
}

// v2 (pure, or the hybrid's "unified" mount) if our group offers memory.
CgroupLayout detect_v2(const fs::path& root, const std::map<std::string, std::string>& self) {
  CgroupLayout l;
  const fs::path mount = fs::exists(root / "cgroup.controllers") ? root : root / "unified";
  auto it = self.find("");
  if (!fs::exists(mount / "cgroup.controllers") || it == self.end()) {
    l.reason = "no cgroup v2 hierarchy";
    return l;
  }
  const fs::path dir = group_dir(mount, it->second);
  if (!list_has(read_file_or_empty(dir / "cgroup.controllers"), "memory")) {
    l.reason = "cgroup v2 offers no memory controller to " + dir.string();
    return l;
  }
  if (l.reason = why_not_usable(dir); !l.reason.empty()) return l;
  l.version = CgroupVersion::v2;
  l.parents[""] = dir;
  return l;
}

// v1: the memory hierarchy is required, cpuset and cpuacct are taken if there.
CgroupLayout detect_v1(const fs::path& root, const std::map<std::string, std::string>& self) {
  CgroupLayout l;
  auto mem = self.find("memory");
  if (mem == self.end() || !fs::exists(root / "memory" / "memory.limit_in_bytes")) {
    l.reason = "no cgroup v1 memory hierarchy";
    return l;
  }
  const fs::path dir = group_dir(root / "memory", mem->second);
  if (l.reason = why_not_usable(dir); !l.reason.empty()) return l;
  l.version = CgroupVersion::v1;
  l.parents["memory"] = dir;
  for (const char* c : {"cpuset", "cpuacct"}) {
    auto it = self.find(c);
    if (it == self.end()) continue;
    const fs::path d = group_dir(root / c, it->second);
    if (why_not_usable(d).empty()) l.parents[c] = d;
  }
  return l;
}

}  // namespace

std::string CgroupLayout::describe() const {
  switch (version) {
    case CgroupVersion::v1:
      return "v1";
    case CgroupVersion::v2:
      return "v2";
    default:
      return "unavailable: " + reason;
  }
}

fs::path cgroup_root_from_env() {
  const char* r = std::getenv("FCBENCH_CGROUP_ROOT");
  if (!r || !*r) return "/sys/fs/cgroup";
  return fs::absolute(r).lexically_normal();
}

std::map<std::string, std::string> parse_proc_cgroup(std::string_view text) {
  std::map<std::string, std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    const size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const std::string list = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    if (list.empty()) {
      out[""] = path;
      continue;
    }
    std::istringstream names(list);
    for (std::string name; std::getline(names, name, ',');) out[name] = path;
  }
  return out;
}

CgroupLayout detect_cgroups(const fs::path& root, std::string_view self_cgroup) {
  const auto self = parse_proc_cgroup(self_cgroup);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return {CgroupVersion::none, root.string() + " is missing", {}};
  CgroupLayout v2 = detect_v2(root, self);
  if (v2.version != CgroupVersion::none) return v2;
  CgroupLayout v1 = detect_v1(root, self);
  if (v1.version != CgroupVersion::none) return v1;
  v1.reason = v2.reason + "; " + v1.reason;
  return v1;
}

CgroupLayout detect_cgroups() {
  return detect_cgroups(cgroup_root_from_env(), read_file_or_empty("/proc/self/cgroup"));
}

}  // namespace fcbench::host

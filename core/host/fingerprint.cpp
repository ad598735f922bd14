#include "host/fingerprint.hpp"

#include <sys/utsname.h>

#include <set>
#include <sstream>
#include <utility>

#include "host/tuner.hpp"

namespace fcbench::host {

namespace {

nlohmann::json opt(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

std::optional<std::string> cpuinfo_field(const Sysfs& sys, const std::string& key) {
  auto text = sys.read("/proc/cpuinfo");
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      size_t start = line.find_first_not_of(" \t", colon + 1);
      return start == std::string::npos ? "" : line.substr(start);
    }
  return std::nullopt;
}

std::set<int> cpu_list(const Sysfs& sys, const std::string& file) {
  auto v = sys.read(file);
  if (!v) return {};
  try {
    return parse_cpu_list(*v);
  } catch (const std::invalid_argument&) {
    return {};
  }
}

// module → {parameter: value} for every loaded kvm* module.
nlohmann::json kvm_parameters(const Sysfs& sys) {
  nlohmann::json out = nlohmann::json::object();
  for (auto& mod : sys.list("/sys/module")) {
    if (mod.rfind("kvm", 0) != 0) continue;
    std::string dir = "/sys/module/" + mod + "/parameters";
    nlohmann::json params = nlohmann::json::object();
    for (auto& p : sys.list(dir))
      if (auto v = sys.read(dir + "/" + p)) params[p] = *v;  // some are write-only
    if (!params.empty()) out[mod] = params;
  }
  return out;
}

}  // namespace

nlohmann::json host_fingerprint(const Sysfs& sys) {
  const std::string cpu_dir(kCpuDir);
  std::set<int> online = read_state(sys).online;
  std::set<std::pair<std::string, std::string>> cores;
  std::set<std::string> packages;
  bool topology = !online.empty();
  for (int cpu : online) {
    std::string t = cpu_dir + "/cpu" + std::to_string(cpu) + "/topology/";
    auto pkg = sys.read(t + "physical_package_id");
    auto core = sys.read(t + "core_id");
    if (!pkg || !core) {
      topology = false;
      break;
    }
    packages.insert(*pkg);
    cores.insert({*pkg, *core});
  }
  std::set<int> nodes = cpu_list(sys, "/sys/devices/system/node/online");
  utsname u{};
  ::uname(&u);
  return {
      {"cpu_model", opt(cpuinfo_field(sys, "model name"))},
      {"cpu_vendor", opt(cpuinfo_field(sys, "vendor_id"))},
      {"cpu_microcode", opt(cpuinfo_field(sys, "microcode"))},
      {"cpu_threads", online.empty() ? nlohmann::json() : nlohmann::json(online.size())},
      {"cpu_cores", topology ? nlohmann::json(cores.size()) : nlohmann::json()},
      {"cpu_packages", topology ? nlohmann::json(packages.size()) : nlohmann::json()},
      {"cpus_online", format_cpu_list(online)},
      {"numa_nodes", nodes.empty() ? nlohmann::json() : nlohmann::json(nodes.size())},
      {"host_arch", u.machine},
      {"host_kernel", opt(sys.read("/proc/sys/kernel/osrelease"))},
      {"host_kernel_version", opt(sys.read("/proc/sys/kernel/version"))},
      {"host_cmdline", opt(sys.read("/proc/cmdline"))},
      {"kvm_parameters", kvm_parameters(sys)},
  };
}

}  // namespace fcbench::host

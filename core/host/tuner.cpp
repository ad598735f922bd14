#include "host/tuner.hpp"

#include <fmt/ranges.h>
#include <unistd.h>

#include <sstream>

#include "util/number.hpp"
#include "util/text.hpp"

namespace fcbench::host {

namespace {

std::string cpu_path(int cpu, std::string_view rest) {
  return std::string(kCpuDir) + "/cpu" + std::to_string(cpu) + "/" + std::string(rest);
}

// Every CPU directory (cpu0, cpu1, ...), split by whether it is online. A
// CPU without an `online` file (often cpu0) cannot be offlined: online.
void scan_cpus(const Sysfs& sys, std::set<int>& online, std::set<int>& offline) {
  for (auto& name : sys.list(kCpuDir)) {
    if (name.rfind("cpu", 0) != 0) continue;
    auto cpu = parse_number<int>(std::string_view(name).substr(3));  // cpu0, not cpufreq
    if (!cpu) continue;
    auto v = sys.read(cpu_path(*cpu, "online"));
    (v && *v == "0" ? offline : online).insert(*cpu);
  }
}

// Online CPUs that share a core with a lower-numbered online CPU: the ones
// to take offline to turn SMT off. `missing` collects CPUs without topology.
std::set<int> sibling_cpus(const Sysfs& sys, const std::set<int>& online, std::set<int>* missing) {
  std::set<int> extra;
  for (int cpu : online) {
    auto list = sys.read(cpu_path(cpu, "topology/thread_siblings_list"));
    if (!list) {
      if (missing) missing->insert(cpu);
      continue;
    }
    std::set<int> group;
    try {
      group = parse_cpu_list(*list);
    } catch (const std::invalid_argument&) {
      if (missing) missing->insert(cpu);
      continue;
    }
    for (int s : group)
      if (s < cpu && online.count(s)) {
        extra.insert(cpu);
        break;
      }
  }
  return extra;
}

// One warning per reason, naming the CPUs it applies to.
class CpuProblems {
 public:
  void add(const std::string& reason, int cpu) { by_reason_[reason].insert(cpu); }
  void report(const std::string& setting, std::vector<std::string>& warnings) const {
    for (auto& [reason, cpus] : by_reason_)
      warnings.push_back(setting + ": " + reason + " (CPU " + format_cpu_list(cpus) + ")");
  }

 private:
  std::map<std::string, std::set<int>> by_reason_;
};

std::string smt_control_problem(const std::string& v) {
  if (v == "notsupported")
    return "smt/control reads 'notsupported': the CPU (or the hypervisor) has no SMT to switch";
  if (v == "notimplemented")
    return "smt/control reads 'notimplemented': this kernel cannot switch SMT here";
  if (v == "forceoff")
    return "smt/control reads 'forceoff': SMT was disabled at boot (nosmt=force) and only a "
           "reboot turns it on";
  return "smt/control reads '" + v + "', which fcbench does not know how to change";
}

void plan_smt(const Sysfs& sys, Toggle want, const std::set<int>& online,
              const std::set<int>& offline, Plan& p) {
  const std::string target = to_string(want);
  if (auto control = sys.read(kSmtControl)) {
    if (*control == target) return;
    if (*control != "on" && *control != "off") {
      if (!(want == Toggle::off && *control == "forceoff"))
        p.warnings.push_back("smt: " + smt_control_problem(*control));
      return;
    }
    if (auto why = sys.why_not_writable(kSmtControl); !why.empty()) {
      p.warnings.push_back("smt: cannot write " + std::string(kSmtControl) + ": " + why);
      return;
    }
    p.changes.push_back({"smt", std::string(kSmtControl), *control, target});
    return;
  }
  // No smt/control (an old kernel, or a kernel built without HOTPLUG_SMT):
  // switch the sibling CPUs themselves.
  std::set<int> to_switch;
  if (want == Toggle::off) {
    std::set<int> missing;
    to_switch = sibling_cpus(sys, online, &missing);
    if (!missing.empty()) {
      p.warnings.push_back("smt: " + std::string(kSmtControl) +
                           " is missing and so is topology/thread_siblings_list for CPU " +
                           format_cpu_list(missing) + "; cannot tell which CPUs are siblings");
      return;
    }
  } else {
    // The topology of an offline CPU is not readable, so every offline CPU
    // comes back online.
    to_switch = offline;
  }
  CpuProblems problems;
  std::vector<Change> changes;
  for (int cpu : to_switch) {
    std::string path = cpu_path(cpu, "online");
    if (auto why = sys.why_not_writable(path); !why.empty()) {
      problems.add("cannot write cpuN/online: " + why, cpu);
      continue;
    }
    changes.push_back(
        {"smt", path, want == Toggle::off ? "1" : "0", want == Toggle::off ? "0" : "1"});
  }
  std::vector<std::string> w;
  problems.report("smt", w);
  if (!w.empty()) {
    p.warnings.insert(p.warnings.end(), w.begin(), w.end());
    return;  // all or nothing: half the siblings offline helps no one
  }
  p.changes.insert(p.changes.end(), changes.begin(), changes.end());
}

void plan_governor(const Sysfs& sys, const std::string& name, const std::set<int>& cpus, Plan& p) {
  CpuProblems problems;
  for (int cpu : cpus) {
    std::string path = cpu_path(cpu, "cpufreq/scaling_governor");
    auto current = sys.read(path);
    if (!current) {
      problems.add(std::string(kCpuDir) + "/cpuN/cpufreq/scaling_governor is missing (no cpufreq)",
                   cpu);
      continue;
    }
    if (auto avail = sys.read(cpu_path(cpu, "cpufreq/scaling_available_governors"))) {
      std::istringstream in(*avail);
      bool found = false;
      for (std::string g; in >> g;) found = found || g == name;
      if (!found) {
        problems.add("governor '" + name + "' is not available (available: " + *avail + ")", cpu);
        continue;
      }
    }
    if (*current == name) continue;
    if (auto why = sys.why_not_writable(path); !why.empty()) {
      problems.add("cannot write cpuN/cpufreq/scaling_governor: " + why, cpu);
      continue;
    }
    p.changes.push_back({"governor", path, *current, name});
  }
  problems.report("governor", p.warnings);
}

void plan_turbo(const Sysfs& sys, Toggle want, Plan& p) {
  std::string path, target;
  if (sys.exists(kNoTurbo)) {
    path = kNoTurbo;  // intel_pstate: 1 means turbo off
    target = want == Toggle::off ? "1" : "0";
  } else if (sys.exists(kBoost)) {
    path = kBoost;  // acpi-cpufreq, amd-pstate: 1 means boost on
    target = want == Toggle::off ? "0" : "1";
  } else {
    p.warnings.push_back("turbo: neither " + std::string(kNoTurbo) + " nor " + std::string(kBoost) +
                         " exists (no intel_pstate, and no cpufreq driver that can boost)");
    return;
  }
  auto current = sys.read(path);
  if (!current) {
    p.warnings.push_back("turbo: cannot read " + path);
    return;
  }
  if (*current == target) return;
  if (auto why = sys.why_not_writable(path); !why.empty()) {
    p.warnings.push_back("turbo: cannot write " + path + ": " + why);
    return;
  }
  p.changes.push_back({"turbo", path, *current, target});
}

}  // namespace

std::string State::governor(const std::set<int>& cpus) const {
  const std::set<int>& which = cpus.empty() ? online : cpus;
  std::map<int, std::string> found;
  for (int cpu : which)
    if (auto it = governors.find(cpu); it != governors.end()) found.insert(*it);
  if (found.empty()) return "unavailable";
  std::set<std::string> distinct;
  for (auto& [cpu, g] : found) distinct.insert(g);
  if (distinct.size() == 1 && found.size() == which.size()) return *distinct.begin();
  auto describe = [&](int cpu) {
    auto it = found.find(cpu);
    return fmt::format("cpu{} {}", cpu, it == found.end() ? "none" : it->second);
  };
  return fmt::format("mixed ({})", fmt::join(mapped(which, describe), ", "));
}

nlohmann::json State::to_json() const {
  nlohmann::json gov = nlohmann::json::object();
  for (auto& [cpu, g] : governors) gov["cpu" + std::to_string(cpu)] = g;
  return {{"smt", smt},
          {"smt_source", smt_source},
          {"cpus_online", format_cpu_list(online)},
          {"cpus_offline", format_cpu_list(offline)},
          {"governor", governor()},
          {"governors", gov},
          {"turbo", turbo},
          {"turbo_source", turbo_source}};
}

State read_state(const Sysfs& sys) {
  State st;
  scan_cpus(sys, st.online, st.offline);
  if (auto control = sys.read(kSmtControl)) {
    st.smt = *control;
    st.smt_source = std::string(kSmtControl);
  } else {
    std::set<int> missing;
    bool siblings = !sibling_cpus(sys, st.online, &missing).empty();
    st.smt = siblings ? "on" : missing.empty() ? "off" : "unknown";
    st.smt_source = "topology/thread_siblings_list (no smt/control)";
  }
  for (int cpu : st.online)
    if (auto g = sys.read(cpu_path(cpu, "cpufreq/scaling_governor"))) st.governors[cpu] = *g;
  if (auto v = sys.read(kNoTurbo)) {
    st.turbo = *v == "1" ? "off" : "on";
    st.turbo_source = std::string(kNoTurbo);
  } else if (auto b = sys.read(kBoost)) {
    st.turbo = *b == "0" ? "off" : "on";
    st.turbo_source = std::string(kBoost);
  } else {
    st.turbo = "unavailable";
  }
  return st;
}

Plan make_plan(const Sysfs& sys, const Settings& s) {
  Plan p;
  std::set<int> online, offline;
  scan_cpus(sys, online, offline);
  p.cpus_in_use = online;
  if (s.smt != Toggle::keep) plan_smt(sys, s.smt, online, offline, p);
  // With SMT going off, the siblings leave; with it coming on via cpuN/online,
  // the CPUs coming back are in use too.
  bool smt_changes = false;
  for (auto& c : p.changes) smt_changes = smt_changes || c.setting == "smt";
  if (s.smt == Toggle::off && (smt_changes || sys.read(kSmtControl) == "off"))
    for (int cpu : sibling_cpus(sys, online, nullptr)) p.cpus_in_use.erase(cpu);
  if (s.smt == Toggle::on)
    for (auto& c : p.changes)
      if (c.path != kSmtControl) p.cpus_in_use.insert(std::stoi(c.path.substr(kCpuDir.size() + 4)));
  if (!s.governor.empty()) plan_governor(sys, s.governor, p.cpus_in_use, p);
  if (s.turbo != Toggle::keep) plan_turbo(sys, s.turbo, p);
  if (s.drop_caches)
    if (auto why = sys.why_not_writable(kDropCaches); !why.empty())
      p.warnings.push_back("drop_caches: cannot write " + std::string(kDropCaches) + ": " + why);
  return p;
}

std::vector<Change> apply(const Sysfs& sys, const std::vector<Change>& changes,
                          std::vector<std::string>* errors) {
  std::vector<Change> made;
  for (auto& c : changes) {
    if (auto err = sys.write(c.path, c.target); !err.empty()) {
      if (errors)
        errors->push_back(c.setting + ": cannot write '" + c.target + "' to " + c.path + ": " +
                          err);
      continue;
    }
    made.push_back(c);
  }
  return made;
}

std::vector<Change> restore(const Sysfs& sys, const std::vector<Change>& changes,
                            std::vector<std::string>* errors) {
  std::vector<Change> failed;
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
    if (sys.read(it->path) == it->original) continue;
    if (auto err = sys.write(it->path, it->original); !err.empty()) {
      if (errors)
        errors->push_back(it->setting + ": cannot write '" + it->original + "' back to " +
                          it->path + ": " + err);
      failed.insert(failed.begin(), *it);
    }
  }
  return failed;
}

std::string drop_page_cache(const Sysfs& sys) {
  ::sync();
  return sys.write(kDropCaches, "3");
}

}  // namespace fcbench::host

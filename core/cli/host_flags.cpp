#include "cli/host_flags.hpp"

#include "util/error.hpp"

namespace fcbench::cli {

void add_host_options(po::options_description& o, HostFlags& flags) {
  po::options_description h("host settings (default keep: change nothing; restored after the run)");
  h.add_options()("smt", po::value(&flags.smt), "on | off | keep: SMT (hyper-threading)")(
      "governor", po::value(&flags.governor), "NAME | keep: cpufreq governor of the CPUs in use")(
      "turbo", po::value(&flags.turbo), "on | off | keep: turbo / boost")(
      "drop-caches", "drop the page cache before each instance")(
      "pin", "pin each vCPU thread to a core of its own, the VMM's other threads to one more")(
      "cpuset", po::value(&flags.cpuset),
      "LIST: the cores --pin uses, e.g. 2-5 (default: all usable)")(
      "strict-host", "a host setting that cannot be applied is an error (exit 2), not a warning")(
      "no-cgroups", "run instances without per-instance cgroups (no memory limit or peak)");
  o.add(h);
}

host::Overrides host_overrides(const po::variables_map& vm, const HostFlags& flags) {
  host::Overrides o;
  auto toggle = [&](const char* name, const std::string& v) {
    auto t = host::parse_toggle(v);
    if (!t) throw UserError(std::string("--") + name + " must be on, off or keep", 2);
    return *t;
  };
  if (vm.count("smt")) o.smt = toggle("smt", flags.smt);
  if (vm.count("turbo")) o.turbo = toggle("turbo", flags.turbo);
  if (vm.count("governor")) {
    o.governor = host::parse_governor(flags.governor);
    if (!o.governor)
      throw UserError("--governor must be a cpufreq governor name (e.g. performance) or keep", 2);
  }
  if (vm.count("drop-caches")) o.drop_caches = true;
  if (vm.count("strict-host")) o.strict = true;
  if (vm.count("pin")) o.pin = true;
  if (vm.count("no-cgroups")) o.cgroups = false;
  if (vm.count("cpuset")) {
    o.cpuset = host::parse_cpuset(flags.cpuset);
    if (!o.cpuset) throw UserError("--cpuset must be a CPU list such as 2-5 or 0,2,4", 2);
  }
  return o;
}

}  // namespace fcbench::cli

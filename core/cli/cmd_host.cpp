#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "host/journal.hpp"
#include "host/session.hpp"
#include "host/sysfs.hpp"
#include "host/tuner.hpp"

namespace fcbench::cli {

namespace {

constexpr const char* kHostUsage =
    "usage: fcbench host status      current SMT, governor, turbo and any pending journal\n"
    "       fcbench host restore     restore the settings a journal holds [--force]\n";

int host_status(const host::Sysfs& sys) {
  auto st = host::read_state(sys);
  auto line = [](const std::string& what, const std::string& detail) {
    fmt::print("{:<10} {}\n", what, detail);
  };
  line("root", sys.root().string() + (sys.redirected() ? " (FCBENCH_SYSFS_ROOT)" : ""));
  line("cpus", "online " + host::format_cpu_list(st.online) +
                   (st.offline.empty() ? "" : ", offline " + host::format_cpu_list(st.offline)));
  line("smt", st.smt + " (" + st.smt_source + ")");
  line("governor", st.governor() == "unavailable" ? "unavailable (no cpufreq)" : st.governor());
  line("turbo", st.turbo + (st.turbo_source.empty() ? " (no intel_pstate/no_turbo or cpufreq/boost)"
                                                    : " (" + st.turbo_source + ")"));
  auto file = host::journal_path(sys);
  auto j = host::read_journal(file);  // throws UserError if corrupt
  if (!j) {
    line("journal", "none (" + file.string() + ")");
    return 0;
  }
  bool alive = host::owner_alive(*j);
  line("journal", fmt::format("{}: pid {} ({}), written {}", file.string(), j->pid,
                              alive ? "running" : "gone", j->created_at));
  for (auto& c : j->changes)
    fmt::print("{:<10}   {:<8} set to {}, restore writes {}  {}\n", "", c.setting, c.target,
               c.original, c.path);
  return 0;
}

int host_restore(const host::Sysfs& sys, bool force) {
  auto r = host::restore_from_journal(sys, force);
  if (r.owner_alive) {
    fmt::print(stderr,
               "fcbench host restore: the journal belongs to a running fcbench; it restores the "
               "settings itself when it ends (use --force to restore now)\n");
    return 1;
  }
  fmt::print("{}\n", r.summary());
  return r.errors.empty() ? 0 : 1;
}

}  // namespace

int cmd_host(const std::vector<std::string>& args) {
  po::options_description o(kHostUsage);
  std::string sub;
  add_common(o, nullptr);
  o.add_options()("force", "restore even if the journal's process is still running");
  auto vm = parse_args(args, o, &sub, 1);
  if (!vm) return 0;
  host::Sysfs sys;
  if (sub == "status") return host_status(sys);
  if (sub == "restore") return host_restore(sys, vm->count("force") > 0);
  fmt::print(stderr, "{}", kHostUsage);
  return 2;
}

}  // namespace fcbench::cli

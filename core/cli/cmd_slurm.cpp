// fcbench slurm submit|status: a workload as a Slurm array job, one shard a
// task (docs/multi-host.md).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/host_flags.hpp"
#include "cli/options.hpp"
#include "plugin/registry.hpp"
#include "run/start_clock.hpp"
#include "slurm/script.hpp"
#include "slurm/status.hpp"
#include "slurm/submit.hpp"
#include "util/error.hpp"
#include "vmm/driver.hpp"
#include "workload/reader.hpp"

namespace fcbench::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSlurmUsage =
    "usage: fcbench slurm submit W.jsonl --shards N --output SHARED_DIR [options]\n"
    "       fcbench slurm status JOBID [--output SHARED_DIR]\n"
    "submit writes SHARED_DIR/fcbench-slurm.sh, an array of N tasks (one per node), each\n"
    "running `fcbench run --workload W --shard K/N --start-at T --output SHARED_DIR/shard-K`,\n"
    "and submits it with sbatch. SHARED_DIR must be visible on every node at the same path.\n\n"
    "options";

// The command line as given.
struct SlurmArgs {
  std::vector<std::string> pos, plugin_paths, sbatch_args;
  std::string output, partition, vmm_name, accel, firecracker, fc_mode;
  uint32_t shards = 0, max_concurrent = 0;
  double start_delay_s = 60, timeout_s = 0;
  HostFlags host_flags;
};

void add_slurm_options(po::options_description& o, SlurmArgs& a) {
  add_common(o, &a.plugin_paths);
  o.add_options()("shards", po::value(&a.shards), "submit: N tasks, shard K of N each (required)")(
      "output,o", po::value(&a.output),
      "submit: the shared results directory (required); status: read its shards")(
      "partition", po::value(&a.partition), "submit: the Slurm partition")(
      "start-delay-s", po::value(&a.start_delay_s)->default_value(60),
      "submit: the common start is now + S seconds; every task must have started by then")(
      "sbatch-arg", po::value(&a.sbatch_args)->composing(),
      "submit: one more sbatch option, e.g. --sbatch-arg=--time=30 (repeatable)")(
      "no-exclusive", "submit: let tasks share a node (default: --exclusive, one per node)")(
      "dry-run", "submit: print the script; write and submit nothing");
  po::options_description r("passed to every task's `fcbench run`");
  r.add_options()("vmm", po::value(&a.vmm_name), "qemu | firecracker | native")(
      "accel", po::value(&a.accel), "auto | kvm | tcg")(
      "max-concurrent,j", po::value(&a.max_concurrent), "at most N instances at once per task")(
      "timeout-s", po::value(&a.timeout_s), "every instance's timeout_s")(
      "firecracker", po::value(&a.firecracker), "the firecracker binary on the nodes")(
      "firecracker-mode", po::value(&a.fc_mode), "api | config-file")(
      "late-ok", "a task that starts after the common start runs anyway");
  o.add(r);
  add_host_options(o, a.host_flags);
}

// Throws UserError (exit 2) for a run option `fcbench run` would refuse.
void check_run_options(const SlurmArgs& a, const po::variables_map& vm) {
  auto bad = [](const std::string& what) { throw UserError("slurm submit: " + what, 2); };
  if (vm.count("timeout-s") && !(a.timeout_s > 0 && a.timeout_s <= 86400 * 7))
    bad("--timeout-s must be in (0, 604800]");
  if (!a.accel.empty() && a.accel != "auto" && a.accel != "kvm" && a.accel != "tcg")
    bad("--accel must be auto, kvm or tcg");
  if (!a.fc_mode.empty() && a.fc_mode != "api" && a.fc_mode != "config-file")
    bad("--firecracker-mode must be api or config-file");
  if (!a.vmm_name.empty() && !vmm::driver_names().count(a.vmm_name))
    vmm::make_driver(a.vmm_name);    // throws, naming the known ones
  host_overrides(vm, a.host_flags);  // throws for a bad host flag
  if (!(a.start_delay_s >= 0 && a.start_delay_s <= 86400 * 7))
    bad("--start-delay-s must be in [0, 604800]");
}

// A path as the tasks see it: absolute (they run in SHARED_DIR).
std::string absolute(const std::string& p) {
  return fs::absolute(p).lexically_normal().string();
}

// The run options given, as `fcbench run` arguments.
std::vector<std::string> run_args(const SlurmArgs& a, const po::variables_map& vm) {
  std::vector<std::string> out;
  auto value = [&](const char* name, const std::string& v) {
    if (vm.count(name)) out.insert(out.end(), {std::string("--") + name, v});
  };
  for (const auto& p : a.plugin_paths) out.insert(out.end(), {"--plugin-path", absolute(p)});
  if (vm.count("plugin-timeout-s"))
    value("plugin-timeout-s", fmt::format("{}", vm["plugin-timeout-s"].as<double>()));
  value("vmm", a.vmm_name);
  value("accel", a.accel);
  value("max-concurrent", std::to_string(a.max_concurrent));
  value("timeout-s", fmt::format("{}", a.timeout_s));
  value("firecracker",
        a.firecracker.find('/') == std::string::npos ? a.firecracker : absolute(a.firecracker));
  value("firecracker-mode", a.fc_mode);
  value("smt", a.host_flags.smt);
  value("governor", a.host_flags.governor);
  value("turbo", a.host_flags.turbo);
  value("cpuset", a.host_flags.cpuset);
  for (const char* flag : {"drop-caches", "pin", "strict-host", "no-cgroups", "late-ok"})
    if (vm.count(flag)) out.push_back(std::string("--") + flag);
  return out;
}

int64_t epoch_ns_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The submission from the checked arguments; reads the workload (exit 2 if
// it is missing or malformed) and returns its size in `instances`.
slurm::SubmitConfig submit_config(const SlurmArgs& a, const po::variables_map& vm,
                                  uint64_t& instances) {
  const std::string& w = a.pos[1];
  if (!fs::is_regular_file(w))
    throw UserError("slurm submit: no workload file " + w + " (make one with fcbench generate)", 2);
  auto registry = plugin::Registry::discover(plugin::Registry::search_path(a.plugin_paths));
  instances = workload::read_workload(w, registry).instances.size();
  slurm::SubmitConfig c;
  c.fcbench = fs::read_symlink("/proc/self/exe").string();
  c.version = slurm::fcbench_version(c.fcbench);
  c.workload = absolute(w);
  c.shared_dir = absolute(a.output);
  c.shards = a.shards;
  c.start_at_ns = epoch_ns_now() + int64_t(a.start_delay_s * 1e9);
  c.exclusive = vm.count("no-exclusive") == 0;
  c.partition = a.partition;
  c.run_args = run_args(a, vm);
  c.sbatch_args = a.sbatch_args;
  slurm::check_config(c);
  return c;
}

int slurm_submit(const SlurmArgs& a, const po::variables_map& vm) {
  auto usage = [](const std::string& what) { throw UserError("slurm submit: " + what, 2); };
  if (a.pos.size() != 2) usage("give exactly one workload file: fcbench slurm submit W.jsonl ...");
  if (!vm.count("shards") || a.shards == 0) usage("--shards N (N >= 1) is required");
  if (a.output.empty()) usage("--output SHARED_DIR is required");
  check_run_options(a, vm);
  uint64_t instances = 0;
  const slurm::SubmitConfig c = submit_config(a, vm, instances);
  if (vm.count("dry-run")) {
    std::cout << slurm::batch_script(c);
    return 0;
  }
  slurm::preflight(c);
  const auto s = slurm::submit(c, instances);
  fmt::print("submitted job {}: {} task(s), {} instances of {}\n", s.job_id, c.shards, instances,
             c.workload);
  fmt::print("common start: {} (epoch ns {}), in {} s\n", run::wall_iso(c.start_at_ns),
             c.start_at_ns, a.start_delay_s);
  fmt::print("script: {}\nstatus: fcbench slurm status {}\n", s.script, s.job_id);
  fmt::print("when every task has ended: {}\n", slurm::merge_command(c));
  return 0;
}

}  // namespace

int cmd_slurm(const std::vector<std::string>& args) {
  po::options_description o(kSlurmUsage);
  SlurmArgs a;
  add_slurm_options(o, a);
  auto vm = parse_args(args, o, &a.pos, -1);
  if (!vm) return 0;
  const std::string sub = a.pos.empty() ? "" : a.pos[0];
  if (sub == "submit") return slurm_submit(a, *vm);
  if (sub == "status" && a.pos.size() == 2) return slurm::print_status({a.pos[1], a.output});
  std::cerr << (sub.empty() || sub == "submit" || sub == "status"
                    ? ""
                    : "fcbench slurm: unknown subcommand '" + sub + "'\n")
            << o << "\n";
  return 2;
}

}  // namespace fcbench::cli

#include "run/runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <optional>
#include <set>

#include "host/pinning.hpp"
#include "host/session.hpp"
#include "image/disk.hpp"
#include "results/sink.hpp"
#include "results/summary.hpp"
#include "run/assets.hpp"
#include "run/channel.hpp"
#include "run/env.hpp"
#include "run/env_file.hpp"
#include "run/instance.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::run {

namespace {

std::string slug(const std::string& s) {
  std::string out;
  for (char c : s)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return out.substr(0, 80);
}

std::filesystem::path default_output(const std::string& suite) {
  std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&t));
  return std::filesystem::path("fcbench-results") / (slug(suite) + "-" + stamp);
}

void prepare_instance_files(Instance& inst, const vmm::Driver& drv) {
  make_private_dir(inst.spec.instance_dir);
  uint32_t disk_mib = std::max<uint32_t>(inst.job.requirements.write_disk_mib, 16);
  image::make_work_disk(image::work_disk_template(disk_mib), inst.spec.work_disk);
  JobSpec job{inst.job.argv, inst.job.result_files, {}, "/work", drv.boot_timer_addr()};
  write_channel(inst.spec.channel, job);
  drv.prepare(inst.spec);
}

// The cores --pin hands out: --cpuset (or the suite's cpuset) within the
// CPUs this process may use, else all of those. CPUs it may not use are
// dropped with a warning (an error with --strict-host).
std::set<int> pin_cores(const host::Settings& s) {
  std::set<int> usable = host::usable_cpus();
  if (usable.empty()) throw UserError("--pin: cannot read this process's CPU affinity", 2);
  if (s.cpuset.empty()) return usable;
  std::set<int> want = host::parse_cpu_list(s.cpuset), ok, not_usable;
  for (int c : want) (usable.count(c) ? ok : not_usable).insert(c);
  if (ok.empty())
    throw UserError("--cpuset " + s.cpuset + ": none of these CPUs is usable here (usable: " +
                        host::format_cpu_list(usable) + ")",
                    2);
  if (!not_usable.empty()) {
    std::string msg = "cpuset: CPU(s) " + host::format_cpu_list(not_usable) +
                      " not usable here (usable: " + host::format_cpu_list(usable) + ")";
    if (s.strict) throw UserError("host setting cannot be applied: " + msg, 2);
    fmt::print(stderr, "warning: {}; pinning to {}\n", msg, host::format_cpu_list(ok));
  }
  return ok;
}

}  // namespace

int run_suite(const config::Suite& suite, const plugin::Registry& plugins, const RunOptions& opt) {
  std::vector<config::Benchmark> benches = suite.benchmarks;
  for (auto& b : benches) {
    if (!opt.vmm.empty()) b.vm.vmm = opt.vmm;
    if (!opt.accel.empty()) b.vm.accel = opt.accel;
    if (!opt.firecracker_mode.empty()) b.vm.firecracker_mode = opt.firecracker_mode;
    if (opt.repetitions) b.vm.repetitions = opt.repetitions;
  }

  // Output directory: never overwrite earlier results.
  std::filesystem::path out = opt.output.empty() ? default_output(suite.name) : opt.output;
  std::error_code ec;
  if (std::filesystem::exists(out / "results.jsonl", ec))
    throw UserError(out.string() + " already holds results; choose another --output", 2);

  // Host settings: planned (read only) now, so --strict-host refuses before
  // anything is built or changed; applied once the assets are ready; restored
  // when `tuning` goes out of scope, however this function ends.
  host::Sysfs sysfs;
  const host::Settings settings = host::merge(suite.host, opt.host);
  host::Session tuning(sysfs, settings);
  for (auto& w : tuning.warnings())
    fmt::print(stderr, "warning: host setting not applied: {}\n", w);
  std::optional<host::CoreAllocator> cores;
  if (settings.pin) cores.emplace(pin_cores(settings));

  Assets a = prepare_assets(benches, plugins, opt.drivers);
  std::filesystem::create_directories(out / "logs");
  make_private_dir(out / "instances");

  nlohmann::json env_base = host_env();

  // Plan: repetitions interleaved across benchmarks (1 of each, then 2, ...).
  std::vector<Instance> plan;
  uint32_t max_reps = 0;
  for (auto& b : benches) max_reps = std::max(max_reps, b.vm.repetitions);
  for (uint32_t rep = 1; rep <= max_reps; ++rep)
    for (auto& b : benches) {
      if (rep > b.vm.repetitions) continue;
      Instance inst;
      inst.bench = &b;
      inst.repetition = rep;
      inst.plugin = plugins.find(b.plugin);
      inst.job = inst.plugin->describe_job(b.params);
      inst.id = fmt::format("{:04}-{}-r{}", plan.size() + 1, slug(b.name), rep);
      const vmm::Driver& drv = a.driver(b.vm);
      auto& s = inst.spec;
      s.id = inst.id;
      s.instance_dir = out / "instances" / inst.id;
      s.kernel = kernel_for(a.kernels[b.vm.kernel], drv);
      s.initrd = a.initrds[b.vm.kernel];
      s.rootfs = a.rootfs.path;
      s.work_disk = s.instance_dir / "work.ext4";
      s.channel = s.instance_dir / "channel.img";
      s.vcpus = b.vm.vcpus;
      s.mem_mib = b.vm.mem_mib;
      s.accel = a.accels[Assets::accel_key(b.vm)];
      s.firecracker_mode = b.vm.firecracker_mode;
      s.jailer = b.vm.jailer;
      inst.command = drv.command(s);
      auto& r = inst.base;
      r.id = inst.id;
      r.suite = suite.name;
      r.benchmark = b.name;
      r.plugin = b.plugin;
      r.params = b.params;
      for (auto& d : inst.plugin->params()) r.param_types[d.name] = d.type;
      r.repetition = rep;
      r.vmm = b.vm.vmm;
      r.accel = s.accel;
      r.vcpus = b.vm.vcpus;
      r.mem_mib = b.vm.mem_mib;
      r.env = env_base;
      r.env["vmm"] = drv.name();
      r.env["vmm_version"] = drv.version();
      r.env["guest_kernel"] = a.kernels[b.vm.kernel].release;
      r.env["rootfs_sha256"] = a.rootfs.hash;
      r.env["plugin_version"] = inst.plugin->version();
      for (auto& [k, v] : drv.env_facts(s)) r.env[k] = v;
      plan.push_back(std::move(inst));
    }

  if (opt.dry_run) {
    std::set<std::string> notes;
    for (auto& inst : plan) {
      const vmm::Driver& drv = a.driver(inst.bench->vm);
      prepare_instance_files(inst, drv);
      fmt::print("{}\n", shell_quote(inst.command));
      if (auto n = drv.dry_run_note(inst.spec); !n.empty()) notes.insert(n);
    }
    std::fflush(stdout);
    for (auto& n : notes) fmt::print(stderr, "{}\n", n);
    fmt::print(stderr, "dry run: {} instance(s) prepared under {}; nothing launched\n", plan.size(),
               (out / "instances").string());
    if (!tuning.plan().changes.empty())
      fmt::print(stderr, "dry run: {} host setting change(s) not made\n",
                 tuning.plan().changes.size());
    return 0;
  }

  size_t warned = tuning.warnings().size();
  tuning.apply();
  for (size_t i = warned; i < tuning.warnings().size(); ++i)
    fmt::print(stderr, "warning: host setting not applied: {}\n", tuning.warnings()[i]);
  nlohmann::json env_doc = run_env(sysfs, tuning, a, plan, suite);
  const std::string env_hash = env_id(env_doc);
  write_file_atomic(out / "env.json", env_doc.dump(2) + "\n");

  results::JsonlSink sink(out / "results.jsonl");
  std::vector<results::Record> records;
  ExecContext ctx{nullptr, out / "logs", opt.interrupted, cores ? &*cores : nullptr};
  size_t done = 0;
  const int64_t run_start = now_ns();
  bool interrupted = false;
  fmt::print(stderr, "running {} instance(s) of suite '{}' → {}\n", plan.size(), suite.name,
             out.string());
  for (auto& inst : plan) {
    if (opt.interrupted && opt.interrupted->load()) {
      interrupted = true;
      break;
    }
    results::Record rec;
    ctx.driver = &a.driver(inst.bench->vm);
    try {
      prepare_instance_files(inst, *ctx.driver);
      if (auto w = tuning.before_instance(); !w.empty()) fmt::print(stderr, "warning: {}\n", w);
      rec = execute(inst, ctx);
    } catch (const std::exception& e) {
      rec = inst.base;
      rec.status = "failed";
      rec.error = std::string("could not prepare the instance: ") + e.what();
    }
    rec.env_id = env_hash;
    sink.write(rec);
    records.push_back(rec);
    if (!opt.keep_instances) {
      std::filesystem::remove_all(inst.spec.instance_dir, ec);
      try {
        ctx.driver->cleanup(inst.spec);
      } catch (...) {
      }
    }
    ++done;
    auto e2e = results::span_ms(rec.ts.launched, rec.ts.exited);
    double left_s = double(now_ns() - run_start) / 1e9 / double(done) * double(plan.size() - done);
    fmt::print(
        stderr, "[{:>{}}/{}] {:<40} {:<11} {:>9}  {}\n", done, std::to_string(plan.size()).size(),
        plan.size(), inst.id, rec.status, e2e ? fmt::format("{:.2f} s", *e2e / 1000) : "",
        done < plan.size()
            ? fmt::format("eta {:.0f}m{:02.0f}s", std::floor(left_s / 60), std::fmod(left_s, 60))
            : "");
    if (rec.status != "ok") fmt::print(stderr, "      {}\n", rec.error);
    if (rec.pinning.is_object())
      for (auto& w : rec.pinning["warnings"])
        fmt::print(stderr, "      warning: {}\n", w.get<std::string>());
    if (rec.status == "interrupted") interrupted = true;
    if (interrupted) break;
  }

  for (auto& e : tuning.restore()) fmt::print(stderr, "warning: host restore: {}\n", e);

  auto summary = results::summarize(records);
  auto summary_json = results::to_json(summary);
  summary_json["suite"] = suite.name;
  summary_json["suite_sha256"] = suite.sha256;
  summary_json["env_id"] = env_hash;
  summary_json["fcbench_version"] = FCBENCH_VERSION;
  summary_json["instances_planned"] = plan.size();
  summary_json["instances_recorded"] = records.size();
  summary_json["interrupted"] = interrupted;
  write_file_atomic(out / "summary.json", summary_json.dump(2) + "\n");
  fmt::print("{}", results::format_table(summary));
  size_t bad = size_t(
      std::count_if(records.begin(), records.end(), [](auto& r) { return r.status != "ok"; }));
  fmt::print("\n{} instance(s): {} ok, {} not ok{}. Results: {}\n", records.size(),
             records.size() - bad, bad,
             interrupted ? fmt::format(", {} not started (interrupted)", plan.size() - done) : "",
             (out / "results.jsonl").string());
  if (!opt.keep_instances) std::filesystem::remove(out / "instances", ec);
  if (interrupted) return 130;
  return bad ? 1 : 0;
}

}  // namespace fcbench::run

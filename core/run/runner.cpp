#include "run/runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "host/monitor.hpp"
#include "host/pinning.hpp"
#include "host/session.hpp"
#include "results/baseline.hpp"
#include "results/sink.hpp"
#include "results/slowdown.hpp"
#include "results/stats.hpp"
#include "results/summary.hpp"
#include "run/assets.hpp"
#include "run/env.hpp"
#include "run/env_file.hpp"
#include "run/limits.hpp"
#include "run/plan.hpp"
#include "run/progress.hpp"
#include "run/run_file.hpp"
#include "run/scheduler.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "workload/reader.hpp"

namespace fcbench::run {

namespace {

std::filesystem::path default_output(const std::string& name) {
  std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&t));
  return std::filesystem::path("fcbench-results") / (slug(name) + "-" + stamp);
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

// Writes env.json (or, when a resumed part runs in a different
// environment, env-<id>.json beside it) and returns the env_id.
std::string write_env(const std::filesystem::path& out, const nlohmann::json& doc) {
  const std::string id = env_id(doc);
  std::error_code ec;
  auto main_file = out / "env.json";
  if (std::filesystem::exists(main_file, ec)) {
    if (env_id(nlohmann::json::parse(read_file(main_file))) == id) return id;
    fmt::print(stderr, "warning: the environment differs from the run's first part; see {}\n",
               (out / ("env-" + id.substr(0, 12) + ".json")).string());
    main_file = out / ("env-" + id.substr(0, 12) + ".json");
  }
  write_file_atomic(main_file, doc.dump(2) + "\n");
  return id;
}

// The most instances that can run at once: the cap, or without one the most
// arrivals within any window of the timeout plus the stop grace (no
// instance outlives that).
size_t peak_instances(const Plan& plan) {
  double timeout_s = 0;
  for (auto& b : plan.benches) timeout_s = std::max(timeout_s, b.vm.timeout_s);
  const int64_t span = int64_t(std::llround((timeout_s + 5) * 1e9));
  size_t peak = 0;
  for (size_t lo = 0, hi = 0; hi < plan.instances.size(); ++hi) {
    while (plan.instances[hi].arrival_ns - plan.instances[lo].arrival_ns >= span) ++lo;
    peak = std::max(peak, hi - lo + 1);
  }
  return plan.max_concurrent ? std::min<size_t>(peak, plan.max_concurrent) : peak;
}

// Open files and processes the run needs at its peak: each running VM holds
// its console pipe and a pidfd, and its VMM has a thread per vCPU plus a
// few of its own; a native payload holds two pipes and a pidfd and is one
// process (more if it forks).
LimitNeeds limit_needs(const Plan& plan, size_t peak) {
  uint64_t fds_each = 3, procs_each = 1;
  for (auto& b : plan.benches)
    if (b.vm.vmm != "native") {
      fds_each = std::max<uint64_t>(fds_each, 4);
      procs_each = std::max<uint64_t>(procs_each, b.vm.vcpus + 8);
    }
  std::error_code ec;
  uint64_t open_now = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++open_now;
  return {open_now + 64 + peak * fds_each, peak * procs_each};
}

// Guest memory at the peak against what the host has free: a warning, since
// guests rarely touch all of their memory.
void warn_memory(const Plan& plan, size_t peak) {
  uint64_t guest_mib = 0;
  for (auto& b : plan.benches)
    if (b.vm.vmm != "native") guest_mib = std::max<uint64_t>(guest_mib, b.vm.mem_mib);
  if (!guest_mib) return;
  host::HostSample s;
  try {
    host::parse_meminfo(read_file("/proc/meminfo"), s);
  } catch (const std::exception&) {
    return;
  }
  const uint64_t need_mib = peak * guest_mib, avail_mib = s.mem_available_kib / 1024;
  if (need_mib > avail_mib)
    fmt::print(stderr,
               "warning: up to {} guest(s) of up to {} MiB may run at once ({} MiB), but only {} "
               "MiB is available; guests that touch their memory will swap or be killed (lower "
               "--max-concurrent)\n",
               peak, guest_mib, need_mib, avail_mib);
}

// The scheduler's own accuracy, for summary.json: how late instances
// started beyond any queueing (start_lag), how long queued ones waited, and
// the launch rate.
nlohmann::json schedule_summary(const std::vector<results::Record>& recs, const Plan& plan) {
  std::vector<double> lag, queued;
  int64_t first = 0, last = 0;
  for (auto& r : recs) {
    if (r.started_ns <= 0 || r.scheduled_ns <= 0) continue;
    lag.push_back(double(r.started_ns - r.scheduled_ns - r.queue_delay_ns));
    if (r.queue_delay_ns > 0) queued.push_back(double(r.queue_delay_ns));
    first = first ? std::min(first, r.started_ns) : r.started_ns;
    last = std::max(last, r.started_ns);
  }
  auto dist = [](const std::vector<double>& v) {
    if (v.empty()) return nlohmann::json();
    return nlohmann::json{{"n", v.size()},
                          {"p50", results::percentile(v, 50)},
                          {"p99", results::percentile(v, 99)},
                          {"max", *std::max_element(v.begin(), v.end())}};
  };
  return {{"max_concurrent",
           plan.max_concurrent ? nlohmann::json(plan.max_concurrent) : nlohmann::json("none")},
          {"started", lag.size()},
          {"launch_span_s", double(last - first) / 1e9},
          {"launch_rate_per_s",
           last > first ? nlohmann::json(double(lag.size() - 1) / (double(last - first) / 1e9))
                        : nlohmann::json()},
          {"start_lag_ns", dist(lag)},
          {"queue_delay_ns", dist(queued)}};
}

// One line for the terminal from schedule_summary().
std::string schedule_line(const nlohmann::json& s) {
  if (s["started"].get<size_t>() < 2) return "";
  auto ms = [](const nlohmann::json& v) { return v.get<double>() / 1e6; };
  std::string line = fmt::format("schedule: {} started over {:.3f} s", s["started"].get<size_t>(),
                                 s["launch_span_s"].get<double>());
  if (s["launch_rate_per_s"].is_number())
    line += fmt::format(" ({:.3g}/s)", s["launch_rate_per_s"].get<double>());
  const auto& lag = s["start_lag_ns"];
  line += fmt::format("; start lag p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms", ms(lag["p50"]),
                      ms(lag["p99"]), ms(lag["max"]));
  if (const auto& q = s["queue_delay_ns"]; q.is_object())
    line += fmt::format("; {} queued (p50 {:.1f} ms, max {:.1f} ms)", q["n"].get<size_t>(),
                        ms(q["p50"]), ms(q["max"]));
  return line + "\n";
}

// Runs `plan` into `out`. `done` holds the records an earlier part of the
// run already finished (resume); the plan holds only what is left.
// `init_dir` writes the run's own files once nothing can refuse any more.
int execute(Plan& plan, const plugin::Registry& plugins, const RunOptions& opt,
            const std::filesystem::path& out, std::vector<results::Record> done,
            const std::function<void()>& init_dir) {
  // Host settings: planned (read only) now, so --strict-host refuses before
  // anything is built or changed; applied once the assets are ready; restored
  // when `tuning` goes out of scope, however this function ends.
  host::Sysfs sysfs;
  const host::Settings settings = host::merge(plan.host, opt.host);
  host::Session tuning(sysfs, settings);
  for (auto& w : tuning.warnings())
    fmt::print(stderr, "warning: host setting not applied: {}\n", w);
  std::optional<host::CoreAllocator> cores;
  if (settings.pin) cores.emplace(pin_cores(settings));

  std::optional<results::Baseline> baseline;
  if (!opt.baseline.empty()) baseline = results::load_baseline(opt.baseline);
  if (!opt.dry_run) {
    const size_t peak = peak_instances(plan);
    for (auto& note : ensure_limits(limit_needs(plan, peak)).notes)
      fmt::print(stderr, "note: {}\n", note);
    warn_memory(plan, peak);
  }

  Assets a = prepare_assets(plan.benches, plugins, opt.drivers);
  std::filesystem::create_directories(out / "logs");
  if (!opt.dry_run && init_dir) init_dir();
  make_private_dir(out / "instances");
  complete_plan(plan, plugins, a, out);

  if (opt.dry_run) {
    std::set<std::string> notes;
    for (auto& inst : plan.instances) {
      prepare_instance_files(inst);
      fmt::print("{}\n", shell_quote(inst.command));
      if (auto n = inst.driver->dry_run_note(inst.spec); !n.empty()) notes.insert(n);
    }
    std::fflush(stdout);
    for (auto& n : notes) fmt::print(stderr, "{}\n", n);
    fmt::print(stderr, "dry run: {} instance(s) prepared under {}; nothing launched\n",
               plan.instances.size(), (out / "instances").string());
    if (!tuning.plan().changes.empty())
      fmt::print(stderr, "dry run: {} host setting change(s) not made\n",
                 tuning.plan().changes.size());
    return 0;
  }

  size_t warned = tuning.warnings().size();
  tuning.apply();
  for (size_t i = warned; i < tuning.warnings().size(); ++i)
    fmt::print(stderr, "warning: host setting not applied: {}\n", tuning.warnings()[i]);
  const std::string env_hash =
      write_env(out, run_env(sysfs, tuning, a, plan.instances, plan.src.sha256));

  results::JsonlSink sink(out / "results.jsonl");
  std::vector<results::Record> records = std::move(done);
  const size_t total = records.size() + plan.instances.size();
  Progress progress(total, records.size(), plan.instances.size() > 100);
  ExecContext ctx;
  ctx.logs_dir = out / "logs";
  ctx.cores = cores ? &*cores : nullptr;
  // Logs and clean-up go to the writer thread, off the scheduler's path.
  ctx.save_log = [&sink](std::filesystem::path file, std::string text) {
    sink.after([file = std::move(file), text = std::move(text)] {
      try {
        write_file(file, text, 0600);
      } catch (...) {  // a log that cannot be written never changes the record
      }
    });
  };

  std::atomic<int64_t> running{0};
  std::optional<host::Monitor> monitor;
  if (opt.monitor_interval_s > 0)
    monitor.emplace(out / "host.jsonl",
                    std::chrono::milliseconds(
                        std::max<int64_t>(1, std::llround(opt.monitor_interval_s * 1000))),
                    [&running] { return running.load(); });
  ScheduleOptions so;
  so.running = &running;
  so.max_concurrent = plan.max_concurrent;
  so.grace_ns = int64_t(std::llround(opt.grace_s * 1e9));
  so.interrupted = opt.interrupted;
  so.prepare = [&](Instance& inst) {
    prepare_instance_files(inst);
    if (auto w = tuning.before_instance(); !w.empty()) fmt::print(stderr, "warning: {}\n", w);
  };
  so.on_record = [&](const Instance& inst, results::Record rec) {
    rec.env_id = env_hash;
    sink.write(rec);
    if (!opt.keep_instances)
      sink.after([&inst] {
        std::error_code ec;
        std::filesystem::remove_all(inst.spec.instance_dir, ec);
        try {
          inst.driver->cleanup(inst.spec);
        } catch (...) {
        }
      });
    progress.record(rec);
    records.push_back(std::move(rec));
  };
  fmt::print(stderr, "running {} instance(s) of {} '{}'{} → {}\n", plan.instances.size(),
             plan.src.kind, plan.src.name,
             plan.max_concurrent == 1 ? ""
             : plan.max_concurrent    ? fmt::format(", at most {} at once", plan.max_concurrent)
                                      : ", no concurrency cap",
             out.string());
  const size_t first_new = records.size();
  ScheduleResult sr = run_schedule(plan.instances, ctx, so);
  if (monitor) monitor->stop();
  sink.flush();

  for (auto& e : tuning.restore()) fmt::print(stderr, "warning: host restore: {}\n", e);

  auto summary = results::summarize(records);
  auto summary_json = results::to_json(summary);
  summary_json[plan.src.kind] = plan.src.name;
  summary_json[plan.src.kind + "_sha256"] = plan.src.sha256;
  summary_json["env_id"] = env_hash;
  summary_json["fcbench_version"] = FCBENCH_VERSION;
  summary_json["instances_planned"] = total;
  summary_json["instances_recorded"] = records.size();
  summary_json["interrupted"] = sr.interrupted;
  summary_json["schedule"] = schedule_summary(
      std::vector<results::Record>(records.begin() + long(first_new), records.end()), plan);
  std::string slowdown_table;
  if (baseline) {
    auto report = results::slowdown(records, *baseline);
    summary_json["slowdown"] = results::to_json(report);
    summary_json["slowdown"]["baseline"] = std::filesystem::absolute(opt.baseline).string();
    summary_json["slowdown"]["baseline_vmm"] = baseline->vmm;
    slowdown_table = results::format_slowdown(report);
  }
  if (plan.src.kind == "baseline") {
    auto b = results::make_baseline(records, plan.repetitions);
    write_file_atomic(out / "baseline.json", results::to_json(b).dump(2) + "\n");
    fmt::print(stderr, "baseline: {} configuration(s) → {}\n", b.entries.size(),
               (out / "baseline.json").string());
  }
  write_file_atomic(out / "summary.json", summary_json.dump(2) + "\n");
  if (summary.size() <= 40)
    fmt::print("{}", results::format_table(summary));
  else
    fmt::print("{} distinct benchmarks: see {}\n", summary.size(), (out / "summary.json").string());
  // A suite or baseline run one at a time: the schedule line says nothing new.
  if (plan.max_concurrent != 1 || plan.src.kind == "workload")
    fmt::print("{}", schedule_line(summary_json["schedule"]));
  if (!slowdown_table.empty())
    fmt::print("\nslowdown vs baseline ({} on {}):\n{}", opt.baseline.string(), baseline->vmm,
               slowdown_table);
  size_t bad = size_t(std::count_if(records.begin(), records.end(),
                                    [](auto& r) { return r.status != results::Status::ok; }));
  fmt::print("\n{} instance(s): {} ok, {} not ok{}. Results: {}\n", records.size(),
             records.size() - bad, bad,
             sr.interrupted ? fmt::format(" ({} not started: interrupted)", sr.not_started) : "",
             (out / "results.jsonl").string());
  if (!opt.keep_instances) {
    std::error_code ec;
    std::filesystem::remove(out / "instances", ec);
  }
  if (sr.interrupted) {
    fmt::print(stderr, "interrupted: `fcbench run --resume {}` runs what is left\n", out.string());
    return 130;
  }
  return bad ? 1 : 0;
}

std::filesystem::path new_output(const RunOptions& opt, const std::string& name) {
  std::filesystem::path out = opt.output.empty() ? default_output(name) : opt.output;
  std::error_code ec;
  if (std::filesystem::exists(out / "results.jsonl", ec))
    throw UserError(out.string() + " already holds results; choose another --output, or " +
                        "`fcbench run --resume " + out.string() + "` to finish that run",
                    2);
  return out;
}

// What a fresh run writes into its directory once nothing can refuse any
// more: run.json, and the run's own copy of its workload file, if any.
std::function<void()> init_run_dir(std::filesystem::path out, const Plan& plan,
                                   const RunOptions& opt, std::filesystem::path workload = {}) {
  return [out = std::move(out), &plan, &opt, workload = std::move(workload)] {
    if (!workload.empty()) write_file_atomic(out / "workload.jsonl", read_file(workload));
    write_run_file(out, plan.src, opt);
  };
}

// A suite that names a workload: the suite gives defaults, host settings,
// the cap and the baseline; the command line still wins.
RunOptions suite_workload_options(const config::Suite& suite, const RunOptions& cli) {
  RunOptions opt = cli;
  const auto& w = *suite.workload;
  if (!cli.max_concurrent && !cli.unlimited) {
    opt.max_concurrent = w.max_concurrent;
    opt.unlimited = w.max_concurrent == 0;
  }
  if (cli.baseline.empty()) opt.baseline = w.baseline;
  return opt;
}

Plan plan_suite_workload(const config::Suite& suite, const workload::Workload& w,
                         const RunOptions& opt) {
  Plan plan = plan_workload(w, suite.workload->file, opt, suite.defaults);
  plan.src = {"suite", std::filesystem::absolute(suite.file), suite.name, suite.sha256};
  plan.host = suite.host;
  return plan;
}

int run_suite_workload(const config::Suite& suite, const plugin::Registry& plugins,
                       const RunOptions& cli) {
  RunOptions opt = suite_workload_options(suite, cli);
  const auto& ref = *suite.workload;
  auto w = workload::read_workload(ref.file, plugins);
  auto out = new_output(opt, suite.name);
  if (ref.baseline_repetitions && opt.baseline.empty() && !opt.dry_run) {
    // The suite asks for a baseline first: each configuration alone.
    RunOptions bo = opt;
    bo.output = out / "baseline";
    bo.repetitions = ref.baseline_repetitions;
    if (!ref.baseline_vmm.empty()) bo.vmm = ref.baseline_vmm;
    Plan bp = plan_baseline(w, ref.file, bo, suite.defaults);
    bp.host = suite.host;
    fmt::print(stderr, "baseline first: {} configuration(s) x {}\n", bp.benches.size(),
               bp.repetitions);
    int rc = execute(bp, plugins, bo, bo.output, {}, init_run_dir(bo.output, bp, bo, ref.file));
    if (rc == 130) return rc;
    opt.baseline = bo.output;
  }
  Plan plan = plan_suite_workload(suite, w, opt);
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt, ref.file));
}

}  // namespace

int run_suite(const config::Suite& suite, const plugin::Registry& plugins, const RunOptions& opt) {
  if (suite.workload) return run_suite_workload(suite, plugins, opt);
  Plan plan = plan_suite(suite, opt);
  auto out = new_output(opt, suite.name);
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt));
}

int run_workload(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt) {
  workload::Workload w = workload::read_workload(file, plugins);
  Plan plan = plan_workload(w, file, opt);
  auto out = new_output(opt, plan.src.name);
  // The run keeps its own copy, so --resume needs nothing else.
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt, file));
}

int run_baseline(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt) {
  Plan plan = plan_baseline(workload::read_workload(file, plugins), file, opt);
  auto out = new_output(opt, plan.src.name + "-baseline");
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt, file));
}

int resume_run(const std::filesystem::path& dir, const plugin::Registry& plugins,
               const RunOptions& cli) {
  RunFile rf = read_run_file(dir);
  RunOptions opt = rf.options;
  opt.interrupted = cli.interrupted;
  opt.host = cli.host;
  opt.dry_run = cli.dry_run;
  Plan plan;
  if (rf.src.kind == "suite") {
    auto suite = load_suite_for_resume(rf.src, plugins);
    plan = suite.workload
               ? plan_suite_workload(suite,
                                     workload::read_workload(dir / "workload.jsonl", plugins), opt)
               : plan_suite(suite, opt);
  } else {
    auto w = workload::read_workload(dir / "workload.jsonl", plugins);
    plan = rf.src.kind == "baseline" ? plan_baseline(w, dir / "workload.jsonl", opt)
                                     : plan_workload(w, dir / "workload.jsonl", opt);
  }
  plan.src = rf.src;
  // Final records stay; the rest (interrupted, not started) move aside and
  // their instances run again.
  auto kept = split_final_records(dir / "results.jsonl", dir / "results.superseded.jsonl");
  std::set<std::string> finished;
  for (auto& r : kept) finished.insert(r.id);
  std::vector<Instance> left;
  for (auto& inst : plan.instances)
    if (!finished.count(inst.id)) left.push_back(std::move(inst));
  if (left.empty()) {
    fmt::print(stderr, "{}: every instance already has a final record; nothing to resume\n",
               dir.string());
    return 0;
  }
  // Open-loop spacing is kept; the first remaining instance starts at once.
  const int64_t shift = left.front().arrival_ns;
  for (auto& inst : left) inst.arrival_ns -= shift;
  plan.instances = std::move(left);
  fmt::print(stderr, "resuming {}: {} of {} instance(s) left\n", dir.string(),
             plan.instances.size(), plan.instances.size() + kept.size());
  return execute(plan, plugins, opt, dir, std::move(kept), {});
}

}  // namespace fcbench::run

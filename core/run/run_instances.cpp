#include "run/run_instances.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "host/hostname.hpp"
#include "host/monitor.hpp"
#include "results/not_started.hpp"
#include "results/sink.hpp"
#include "run/adaptive_gate.hpp"
#include "run/progress.hpp"
#include "run/stale.hpp"
#include "run/start_clock.hpp"
#include "util/fs.hpp"
#include "util/line_file.hpp"

namespace fcbench::run {

namespace {

// The context instances run in: logs and clean-up go to the sink's writer
// thread, off the scheduler's path.
ExecContext exec_context(const std::filesystem::path& out, HostTuning& host,
                         results::JsonlSink& sink) {
  ExecContext ctx;
  ctx.logs_dir = out / "logs";
  ctx.cores = host.cores();
  ctx.cgroups = host.cgroups();
  ctx.save_log = [&sink](std::filesystem::path file, std::string text) {
    sink.after([file = std::move(file), text = std::move(text)] {
      try {
        write_file(file, text, 0600);
      } catch (...) {
        // A log that cannot be written never changes the record; one cut
        // short (a full disk) is removed rather than left to mislead.
        std::error_code ec;
        std::filesystem::remove(file, ec);
      }
    });
  };
  return ctx;
}

// Removes an instance's files on the writer thread, after its record.
void clean_up_after(results::JsonlSink& sink, std::unique_ptr<Placed> inst) {
  sink.after([inst = std::shared_ptr<Placed>(std::move(inst))] {
    std::error_code ec;
    std::filesystem::remove_all(inst->spec.instance_dir, ec);
    try {
      inst->driver->cleanup(inst->spec);
    } catch (...) {
    }
  });
}

// Samples the host into DIR/host.jsonl; none with a zero interval.
std::unique_ptr<host::Monitor> start_monitor(const RunOptions& opt,
                                             const std::filesystem::path& out,
                                             const std::atomic<int64_t>& running) {
  if (opt.monitor_interval_s <= 0) return nullptr;
  const auto interval =
      std::chrono::milliseconds(std::max<int64_t>(1, std::llround(opt.monitor_interval_s * 1000)));
  return std::make_unique<host::Monitor>(out / "host.jsonl", interval,
                                         [&running] { return running.load(); });
}

// A stop of adaptive repetitions, as it happens.
void announce_stop(const Tracker& t) {
  fmt::print(stderr, "      {}: {} ({} runs, {} ok); no more repetitions\n", t.bench().name,
             t.decision().reason, t.sample().runs, t.sample().ok);
}

void announce(const Plan& plan, const RunOptions& opt, const std::filesystem::path& out,
              const AdaptiveGate& gate) {
  fmt::print(stderr, "running {}{} instance(s) of {} '{}'{}{} → {}\n", gate.empty() ? "" : "up to ",
             plan.instances.size(), plan.src.kind, plan.src.name,
             opt.shard ? fmt::format(" (shard {})", to_string(*opt.shard)) : "",
             plan.max_concurrent == 1 ? ""
             : plan.max_concurrent    ? fmt::format(", at most {} at once", plan.max_concurrent)
                                      : ", no concurrency cap",
             out.string());
}

// What a refused --start-at says about the run.json and env.json this
// attempt left: a new run into the directory needs --force; --resume keeps it.
std::string retry_hint(const std::filesystem::path& out) {
  return fmt::format(
      "; {0} keeps this attempt's run.json: `fcbench run --resume {0} --start-at ...` runs it, "
      "or a new run into it needs --force",
      out.string());
}

// The run's zero: the common start (--start-at), else now. Each start
// (a resume is one) adds a line to DIR/starts.jsonl with the clock's sync
// state, for merge's skew advice.
RunZero take_zero(const RunOptions& opt, const std::filesystem::path& out) {
  const RunZero z = opt.start_at_wall_ns ? await_start(opt.start_at_wall_ns, opt.late_ok,
                                                       opt.interrupted, retry_hint(out))
                                         : zero_now();
  nlohmann::json line = {{"host", host::host_name()},
                         {"shard", to_json(opt.shard)},
                         {"start_mono_ns", z.mono_ns},
                         {"start_wall_ns", z.wall_ns},
                         {"start_at_ns", opt.start_at_wall_ns ? nlohmann::json(opt.start_at_wall_ns)
                                                              : nlohmann::json()},
                         {"clock", clock_sync()}};
  append_file(out / "starts.jsonl", line.dump() + "\n");
  return z;
}

// The error of the not_started records after results could not be written.
std::string halt_reason(int err) {
  if (is_disk_full(err)) return "disk full: the run stopped before this instance started";
  return fmt::format(
      "results could not be written ({}): the run stopped before this instance "
      "started",
      std::strerror(err));
}

// After the schedule: the held records once more (the instances' files are
// gone by now, so they may fit), and what could not be written.
void settle_writes(results::JsonlSink& sink, RunOutcome& o) {
  o.unwritten = sink.retry();
  o.write_error = sink.error();
  o.disk_full = is_disk_full(sink.error_code());
}

// What every record of this run shares: where and when it ran.
void stamp_run(results::Record& rec, const RunOptions& opt, const RunZero& zero,
               const std::string& env_id) {
  rec.env_id = env_id;
  rec.host = host::host_name();
  rec.shard = to_json(opt.shard);
  rec.start_mono_ns = zero.mono_ns;
  rec.start_wall_ns = zero.wall_ns;
}

// What a benchmark's records share with those of others, besides the
// benchmark's name and params: its plugin and VM setup.
std::string setup_key(const config::Benchmark& b) {
  const auto& vm = b.vm;
  std::string key = fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}", b.plugin, vm.vmm, vm.accel, vm.kernel,
                                vm.firecracker_mode, vm.vcpus, vm.mem_mib);
  if (const auto& j = vm.jailer)
    key += fmt::format("\n{}:{}:{}:{}:{}", j->uid, j->gid, j->chroot_base.string(),
                       j->cgroup_version, j->cpuset_cpus);
  return key;
}

// The not_started records of a run, a million of them after an early
// Ctrl-C, of as many benchmarks in a large suite: a tally per (benchmark,
// reason), and a template line per (setup, reason).
class NotStartedRecords {
 public:
  explicit NotStartedRecords(std::function<results::Record(const Instance&)> like)
      : like_(std::move(like)) {}
  // `inst`'s record: its line, and the record (valid until the next call).
  std::pair<std::string, const results::Record*> add(const Instance& inst, const std::string& why,
                                                     int64_t scheduled_ns) {
    const config::Benchmark& b = *inst.bench;
    const size_t reason = reason_index(why);
    Template& t = template_of(setup_key(b) + '\n' + std::to_string(reason), inst, why);
    auto [it, fresh] = index_.try_emplace({&b, reason}, tallies_.size());
    if (fresh) tallies_.push_back({b.name, b.plugin, t.like.vmm, t.like.accel, why});
    ++tallies_[it->second].count;
    t.like.benchmark = b.name;
    t.like.id = inst.id;
    t.like.repetition = inst.repetition;
    t.like.scheduled_ns = scheduled_ns;
    return {t.line.fill(b.name, inst.id, b.params, inst.repetition, scheduled_ns), &t.like};
  }
  std::vector<results::Tally> take() { return std::move(tallies_); }

 private:
  struct Key {
    const config::Benchmark* bench;
    size_t why;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<const void*>()(k.bench) * 31 + k.why; }
  };
  struct Template {
    results::NotStartedLine line;
    results::Record like;
  };

  size_t reason_index(const std::string& why) {
    auto it = std::find(reasons_.begin(), reasons_.end(), why);
    if (it != reasons_.end()) return size_t(it - reasons_.begin());
    reasons_.push_back(why);
    return reasons_.size() - 1;
  }
  Template& template_of(const std::string& key, const Instance& inst, const std::string& why) {
    if (auto it = templates_.find(key); it != templates_.end()) return it->second;
    results::Record r = like_(inst);
    r.status = results::Status::not_started;
    r.error = why;
    results::NotStartedLine line(r);
    return templates_.emplace(key, Template{std::move(line), std::move(r)}).first->second;
  }

  std::function<results::Record(const Instance&)> like_;
  std::vector<std::string> reasons_;                // a few: interrupted, disk full, ...
  std::unordered_map<Key, size_t, KeyHash> index_;  // into tallies_
  std::vector<results::Tally> tallies_;             // in order of first use
  std::unordered_map<std::string, Template> templates_;
};

}  // namespace

size_t count(const std::vector<results::Tally>& tallies) {
  size_t n = 0;
  for (const auto& t : tallies) n += t.count;
  return n;
}

namespace {

// The schedule's cap, grace, stop flags and placer; the callbacks are the
// caller's.
ScheduleOptions schedule_limits(const Plan& plan, const RunOptions& opt, const Placer& placer,
                                results::JsonlSink& sink, std::atomic<int64_t>& running) {
  ScheduleOptions so;
  so.running = &running;
  so.max_concurrent = plan.max_concurrent;
  so.grace_ns = int64_t(std::llround(opt.grace_s * 1e9));
  so.interrupted = opt.interrupted;
  so.halted = &sink.failed();
  so.halt_reason = [&sink] { return halt_reason(sink.error_code()); };
  so.placer = &placer;
  return so;
}

}  // namespace

RunOutcome run_instances(const Plan& plan, const Placer& placer, const RunOptions& opt,
                         const std::filesystem::path& out, HostTuning& host,
                         const std::string& env_id, RunResults kept) {
  RunOutcome outcome{std::move(kept)};
  RunResults& keep = outcome.kept;
  results::JsonlSink sink(out / "results.jsonl");
  Progress progress(keep.earlier() + plan.instances.size(), keep.earlier(),
                    plan.instances.size() > 100);
  PidLog pids(out / "pids.jsonl");
  ExecContext ctx = exec_context(out, host, sink);
  ctx.on_launch = [&pids](const Placed& inst, pid_t pid) { pids.record(inst.id, pid); };
  std::atomic<int64_t> running{0};
  auto monitor = start_monitor(opt, out, running);
  AdaptiveGate gate(plan.benches, keep.adaptive_records(), announce_stop);

  RunZero zero;  // taken once everything is ready, just before the schedule starts
  ScheduleOptions so = schedule_limits(plan, opt, placer, sink, running);
  so.prepare = [&](Placed& inst) {
    prepare_instance_files(inst);
    host.before_instance();
  };
  so.on_record = [&](const Instance&, results::Record rec) {
    stamp_run(rec, opt, zero, env_id);
    sink.write(rec);
    progress.record(rec);
    keep.add(rec);
  };
  NotStartedRecords not_started([&](const Instance& inst) {
    results::Record r = placer.record(inst);
    stamp_run(r, opt, zero, env_id);
    return r;
  });
  so.on_not_started = [&](const Instance& inst, const std::string& why, int64_t scheduled_ns) {
    auto [line, like] = not_started.add(inst, why, scheduled_ns);
    sink.write_line(std::move(line));
    progress.record(*like);
  };
  if (!opt.keep_instances)
    so.on_release = [&](std::unique_ptr<Placed> inst) { clean_up_after(sink, std::move(inst)); };
  if (!gate.empty()) {
    so.admission = &gate;
    so.on_skip = [&](const Instance&) { progress.skipped(); };
  }
  announce(plan, opt, out, gate);
  zero = take_zero(opt, out);
  so.start_ns = zero.mono_ns;
  outcome.schedule = run_schedule(plan.instances, ctx, so);
  outcome.not_started = not_started.take();
  if (monitor) monitor->stop();
  settle_writes(sink, outcome);
  return outcome;
}

}  // namespace fcbench::run

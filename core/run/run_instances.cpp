#include "run/run_instances.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

#include "host/monitor.hpp"
#include "results/sink.hpp"
#include "run/adaptive_gate.hpp"
#include "run/progress.hpp"
#include "util/fs.hpp"

namespace fcbench::run {

namespace {

// The context instances run in: logs and clean-up go to the sink's writer
// thread, off the scheduler's path.
ExecContext exec_context(const std::filesystem::path& out, HostTuning& host,
                         results::JsonlSink& sink) {
  ExecContext ctx;
  ctx.logs_dir = out / "logs";
  ctx.cores = host.cores();
  ctx.save_log = [&sink](std::filesystem::path file, std::string text) {
    sink.after([file = std::move(file), text = std::move(text)] {
      try {
        write_file(file, text, 0600);
      } catch (...) {  // a log that cannot be written never changes the record
      }
    });
  };
  return ctx;
}

// Removes an instance's files on the writer thread, after its record.
void clean_up_after(results::JsonlSink& sink, const Instance& inst) {
  sink.after([&inst] {
    std::error_code ec;
    std::filesystem::remove_all(inst.spec.instance_dir, ec);
    try {
      inst.driver->cleanup(inst.spec);
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

void announce(const Plan& plan, const std::filesystem::path& out, const AdaptiveGate& gate) {
  fmt::print(stderr, "running {}{} instance(s) of {} '{}'{} → {}\n", gate.empty() ? "" : "up to ",
             plan.instances.size(), plan.src.kind, plan.src.name,
             plan.max_concurrent == 1 ? ""
             : plan.max_concurrent    ? fmt::format(", at most {} at once", plan.max_concurrent)
                                      : ", no concurrency cap",
             out.string());
}

}  // namespace

RunOutcome run_instances(Plan& plan, const RunOptions& opt, const std::filesystem::path& out,
                         HostTuning& host, const std::string& env_id,
                         std::vector<results::Record> done) {
  RunOutcome outcome;
  outcome.records = std::move(done);
  outcome.first_new = outcome.records.size();
  auto& records = outcome.records;
  results::JsonlSink sink(out / "results.jsonl");
  Progress progress(records.size() + plan.instances.size(), records.size(),
                    plan.instances.size() > 100);
  const ExecContext ctx = exec_context(out, host, sink);
  std::atomic<int64_t> running{0};
  auto monitor = start_monitor(opt, out, running);
  AdaptiveGate gate(plan.benches, records, announce_stop);

  ScheduleOptions so;
  so.running = &running;
  so.max_concurrent = plan.max_concurrent;
  so.grace_ns = int64_t(std::llround(opt.grace_s * 1e9));
  so.interrupted = opt.interrupted;
  so.prepare = [&](Instance& inst) {
    prepare_instance_files(inst);
    host.before_instance();
  };
  so.on_record = [&](const Instance& inst, results::Record rec) {
    rec.env_id = env_id;
    sink.write(rec);
    if (!opt.keep_instances) clean_up_after(sink, inst);
    progress.record(rec);
    records.push_back(std::move(rec));
  };
  if (!gate.empty()) {
    so.admission = &gate;
    so.on_skip = [&](const Instance& inst) {
      progress.skipped();
      clean_up_after(sink, inst);
    };
  }
  announce(plan, out, gate);
  outcome.schedule = run_schedule(plan.instances, ctx, so);
  if (monitor) monitor->stop();
  sink.flush();
  return outcome;
}

}  // namespace fcbench::run

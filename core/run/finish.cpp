#include "run/finish.hpp"

#include <fmt/format.h>

#include "history/register_dir.hpp"
#include "results/schedule_summary.hpp"
#include "results/slowdown.hpp"
#include "results/summary.hpp"
#include "run/adaptive_summary.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"

namespace fcbench::run {

namespace {

// Every record of the run, not_started ones included.
size_t recorded(const RunOutcome& o) {
  return o.kept.recorded() + count(o.not_started);
}

size_t not_ok(const RunOutcome& o) {
  return o.kept.not_ok() + count(o.not_started);
}

nlohmann::json summary_document(const Plan& plan, const RunOutcome& o,
                                const std::vector<AdaptiveOutcome>& adaptive,
                                const std::string& env_id) {
  nlohmann::json doc;  // its "benchmarks" come in write_end_files
  doc[plan.src.kind] = plan.src.name;
  doc[plan.src.kind + "_sha256"] = plan.src.sha256;
  doc["env_id"] = env_id;
  const std::string& started_at = o.kept.first_started_at();
  doc["started_at"] = started_at.empty() ? utc_now_iso(true) : started_at;
  doc["fcbench_version"] = FCBENCH_VERSION;
  doc["instances_planned"] = o.kept.earlier() + plan.instances.size();
  doc["instances_recorded"] = recorded(o);
  doc["instances_skipped"] = o.schedule.skipped;
  doc["interrupted"] = o.schedule.interrupted;
  doc["schedule"] = o.kept.schedule().to_json(plan.max_concurrent);
  if (!adaptive.empty()) doc["repetitions"] = to_json(adaptive);
  return doc;
}

void write_baseline_file(RunOutcome& o, const std::filesystem::path& out) {
  auto b = o.kept.baseline()->take();
  write_file_atomic(out / "baseline.json", results::to_json(b).dump(2) + "\n");
  fmt::print(stderr, "baseline: {} configuration(s) → {}\n", b.entries.size(),
             (out / "baseline.json").string());
}

void print_report(const Plan& plan, const RunOutcome& o, const std::filesystem::path& out,
                  const std::vector<results::BenchmarkSummary>& summary,
                  const std::string& adaptive_lines, const nlohmann::json& schedule,
                  const std::string& slowdown_table) {
  if (summary.size() <= 40)
    fmt::print("{}", results::format_table(summary));
  else
    fmt::print("{} distinct benchmarks: see {}\n", summary.size(), (out / "summary.json").string());
  fmt::print("{}", adaptive_lines);
  // A suite or baseline run one at a time: the schedule line says nothing new.
  if (plan.max_concurrent != 1 || plan.src.kind == "workload")
    fmt::print("{}", results::schedule_line(schedule));
  if (!slowdown_table.empty()) fmt::print("{}", slowdown_table);
  const size_t bad = not_ok(o);
  const char* why =
      o.schedule.halted ? (o.disk_full ? "disk full" : "results not writable") : "interrupted";
  fmt::print("\n{} instance(s): {} ok, {} not ok{}. Results: {}\n", recorded(o), recorded(o) - bad,
             bad,
             o.schedule.interrupted || o.schedule.halted
                 ? fmt::format(" ({} not started: {})", o.schedule.not_started, why)
                 : "",
             (out / "results.jsonl").string());
}

// Writes summary.json (and baseline.json for a baseline run), each whole or
// not at all. After a halt (a full disk) a file that cannot be written is
// not fatal: returns why, for explain_halt(); any older file stays.
std::string write_end_files(RunOutcome& o, const std::filesystem::path& out,
                            const nlohmann::json& doc,
                            const std::vector<results::BenchmarkSummary>& summary) {
  try {
    if (o.kept.baseline()) write_baseline_file(o, out);
    write_file_atomic(out / "summary.json", results::dump_summary(doc, summary) + "\n");
  } catch (const std::exception& e) {
    if (!o.schedule.halted) throw;
    return e.what();
  }
  return "";
}

// Why the run stopped early, what is on disk and what is not, and how to
// complete it.
void explain_halt(const RunOutcome& o, const std::filesystem::path& out,
                  const std::string& end_files_error) {
  const size_t on_disk = recorded(o) - o.kept.earlier() - o.unwritten;
  fmt::print(stderr, "fcbench: {}{}\n", o.disk_full ? "disk full: " : "", o.write_error);
  fmt::print(stderr,
             "fcbench: stopped starting instances; {} record(s) of this run are in {}, and {} "
             "record(s) could not be written: they were kept in memory and are lost now that "
             "fcbench exits (the summary above includes them)\n",
             on_disk, (out / "results.jsonl").string(), o.unwritten);
  if (!end_files_error.empty())
    fmt::print(stderr, "fcbench: summary.json not updated ({}); any earlier one is kept\n",
               end_files_error);
  fmt::print(stderr,
             "fcbench: free some space, then `fcbench run --resume {}` runs every instance that "
             "has no final record\n",
             out.string());
}

}  // namespace

int exit_code(const RunOutcome& outcome) {
  if (outcome.schedule.interrupted) return 130;
  if (outcome.schedule.halted || outcome.unwritten) return 1;
  return not_ok(outcome) ? 1 : 0;
}

int finish_run(const Plan& plan, const RunOptions& opt, const std::filesystem::path& out,
               RunOutcome& o, const std::optional<results::Baseline>& baseline,
               const std::string& env_id) {
  for (const auto& t : o.not_started) o.kept.summary().add(t);
  const auto summary = o.kept.summary().take();
  const auto adaptive = adaptive_outcomes(plan.benches, o.kept.adaptive_records());
  auto doc = summary_document(plan, o, adaptive, env_id);
  if (opt.shard) doc["shard"] = to_json(opt.shard);
  std::string slowdown_table;
  if (baseline && o.kept.slowdown()) {
    auto report = o.kept.slowdown()->take();
    report.not_ok += count(o.not_started);
    doc["slowdown"] = results::to_json(report);
    doc["slowdown"]["baseline"] = std::filesystem::absolute(opt.baseline).string();
    doc["slowdown"]["baseline_vmm"] = baseline->vmm;
    if (auto table = results::format_slowdown(report); !table.empty())
      slowdown_table = fmt::format("\nslowdown vs baseline ({} on {}):\n{}", opt.baseline.string(),
                                   baseline->vmm, table);
  }
  const std::string end_files_error = write_end_files(o, out, doc, summary);
  print_report(plan, o, out, summary, format_adaptive(adaptive), doc["schedule"], slowdown_table);
  if (!opt.keep_instances) {
    std::error_code ec;
    std::filesystem::remove(out / "instances", ec);
  }
  // A run cut short by its disk is registered once --resume completes it.
  if (opt.history && recorded(o) && !o.schedule.halted) history::register_dir(out, "run");
  if (o.schedule.halted) explain_halt(o, out, end_files_error);
  if (o.schedule.interrupted)
    fmt::print(stderr, "interrupted: `fcbench run --resume {}` runs what is left\n", out.string());
  return exit_code(o);
}

}  // namespace fcbench::run

#include "run/resume.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>

#include "config/suite_loader.hpp"
#include "run/adaptive_gate.hpp"
#include "run/run_file.hpp"
#include "run/stale.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "vmm/driver.hpp"
#include "workload/reader.hpp"

namespace fcbench::run {

bool is_final(results::Status status) {
  using enum results::Status;
  return status == ok || status == failed || status == timeout;
}

bool lost_to_dead_run(const results::Record& r) {
  // QEMU: Failed to get "write" lock (or: Failed to get shared "write" lock)
  const auto& e = r.error;
  return r.status == results::Status::failed && e.find("Failed to get ") != std::string::npos &&
         (e.find("\"write\" lock") != std::string::npos ||
          e.find("write lock") != std::string::npos);
}

std::vector<results::Record> split_final_records(const std::filesystem::path& results,
                                                 const std::filesystem::path& superseded) {
  std::vector<std::string> lines;
  {
    std::ifstream in(results);
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) lines.push_back(l);
  }
  std::vector<std::optional<results::Record>> parsed;
  std::map<std::string, size_t> last_final;
  for (size_t i = 0; i < lines.size(); ++i) {
    try {
      auto r = results::from_json(nlohmann::json::parse(lines[i]));
      if (is_final(r.status) && !lost_to_dead_run(r)) last_final[r.id] = i;
      parsed.push_back(std::move(r));
    } catch (const std::exception&) {  // e.g. a line cut short by SIGKILL
      fmt::print(stderr, "warning: {}:{}: unreadable record moved to {}\n", results.string(), i + 1,
                 superseded.string());
      parsed.emplace_back();
    }
  }
  std::string keep, aside;
  std::vector<results::Record> kept;
  for (size_t i = 0; i < lines.size(); ++i) {
    bool final_one = parsed[i] && last_final.count(parsed[i]->id) && last_final[parsed[i]->id] == i;
    (final_one ? keep : aside) += lines[i] + "\n";
    if (final_one) kept.push_back(*parsed[i]);
  }
  if (!aside.empty()) {  // first the copy, then the rewrite: a crash loses nothing
    append_file(superseded, aside);
    write_file_atomic(results, keep);
  }
  return kept;
}

std::vector<Instance> remaining_instances(std::vector<Instance> all,
                                          const std::set<std::string>& finished) {
  std::vector<Instance> left;
  for (auto& inst : all)
    if (!finished.count(inst.id)) left.push_back(std::move(inst));
  if (left.empty()) return left;
  const int64_t shift = left.front().arrival_ns;
  for (auto& inst : left) inst.arrival_ns -= shift;
  return left;
}

config::Suite load_suite_for_resume(const Source& src, const plugin::Registry& plugins) {
  config::LoadOptions lo;
  lo.vmms = vmm::driver_names();
  auto suite = config::load_suite(src.file, plugins, lo);
  if (suite.sha256 != src.sha256)
    throw UserError(src.file.string() +
                        " changed since the run started; resuming would mix two suites "
                        "(restore the file, or start a new run)",
                    2);
  return suite;
}

namespace {

// The whole plan again, from what run.json says the run was made from.
Plan replan(const std::filesystem::path& dir, const Source& src, const plugin::Registry& plugins,
            const RunOptions& opt) {
  const auto workload_copy = dir / "workload.jsonl";
  if (src.kind == "suite") {
    auto suite = load_suite_for_resume(src, plugins);
    if (!suite.workload) return plan_suite(std::move(suite), opt);
    suite.workload->file = workload_copy;  // the run's own copy
    return plan_suite_workload(suite, plugins, opt);
  }
  return src.kind == "baseline" ? plan_baseline(workload_copy, plugins, opt)
                                : plan_workload(workload_copy, plugins, opt);
}

}  // namespace

std::optional<Resumption> plan_resume(const std::filesystem::path& dir,
                                      const plugin::Registry& plugins, const RunOptions& cli) {
  RunFile rf = read_run_file(dir);
  // A dead run's VMMs and payloads may still hold their disks.
  if (!cli.dry_run) end_stale_processes(dir);
  Resumption r;
  r.options = rf.options;
  r.options.interrupted = cli.interrupted;
  r.options.host = cli.host;
  r.options.dry_run = cli.dry_run;
  r.options.start_at_wall_ns = cli.start_at_wall_ns;  // a start is one-off: never kept
  r.options.late_ok = cli.late_ok;
  r.plan = replan(dir, rf.src, plugins, r.options);
  r.plan.src = rf.src;
  // Final records stay; the rest (interrupted, not started) move aside and
  // their instances run again.
  r.kept = split_final_records(dir / "results.jsonl", dir / "results.superseded.jsonl");
  std::set<std::string> finished;
  for (auto& rec : r.kept) finished.insert(rec.id);
  // Adaptive benchmarks that stopped already need none of their remaining
  // repetitions; the others go on from the state their records give.
  const AdaptiveGate gate(r.plan.benches, r.kept);
  std::erase_if(r.plan.instances, [&](const Instance& i) { return gate.stopped(i.bench); });
  r.plan.instances = remaining_instances(std::move(r.plan.instances), finished);
  if (r.plan.instances.empty()) return std::nullopt;
  return r;
}

}  // namespace fcbench::run

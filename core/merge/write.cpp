#include "merge/write.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>

#include "merge/rules.hpp"
#include "results/baseline.hpp"
#include "results/schedule_summary.hpp"
#include "results/slowdown.hpp"
#include "results/summary.hpp"
#include "run/env_file.hpp"
#include "run/start_clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::merge {

namespace {

void write_records(const fs::path& out, const std::vector<results::Record>& recs) {
  std::string text;
  for (const auto& r : recs) text += results::to_json(r).dump() + "\n";
  write_file_atomic(out / "results.jsonl", text);
}

// OUT/env/<env_id>.json for each input's environment; OUT/env.json is the
// first's (what report and compare show as the environment).
void write_envs(const fs::path& out, const std::vector<Input>& in) {
  bool first = true;
  for (const Input& i : in) {
    if (!i.env.is_object()) continue;
    fs::create_directories(out / "env");
    write_file_atomic(out / "env" / (run::env_id(i.env) + ".json"), i.env.dump(2) + "\n");
    if (first) write_file_atomic(out / "env.json", i.env.dump(2) + "\n");
    first = false;
  }
}

std::string host_of(const Input& i) {
  if (!i.starts.empty() && i.starts.front().value("host", "") != "")
    return i.starts.front()["host"];
  for (const auto& l : i.records)
    if (!l.rec.host.empty()) return l.rec.host;
  return "unknown-host";
}

// Each input's host.jsonl, its t_ns moved onto the merged (wall-clock) axis,
// appended to OUT/hosts/<host>.jsonl.
void write_hosts(const fs::path& out, const std::vector<Input>& in) {
  for (const Input& i : in) {
    std::ifstream src(i.dir / "host.jsonl");
    if (!src || i.starts.empty()) continue;
    const int64_t shift = i.starts.front().value("start_wall_ns", int64_t(0)) -
                          i.starts.front().value("start_mono_ns", int64_t(0));
    std::string text;
    for (std::string line; std::getline(src, line);) {
      try {
        auto j = nlohmann::json::parse(line);
        j["t_ns"] = j.value("t_ns", int64_t(0)) + shift;
        text += j.dump() + "\n";
      } catch (const nlohmann::json::exception&) {  // a torn last sample
      }
    }
    fs::create_directories(out / "hosts");
    append_file(out / "hosts" / (host_of(i) + ".jsonl"), text);
  }
}

// One entry per input: where its run started and how its clock stood.
nlohmann::json inputs_json(const std::vector<Input>& in, std::vector<int64_t>& zeros) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Input& i : in) {
    nlohmann::json start = i.starts.empty() ? nlohmann::json() : i.starts.front();
    if (!i.starts.empty()) zeros.push_back(start.value("start_wall_ns", int64_t(0)));
    arr.push_back({{"dir", fs::absolute(i.dir).string()},
                   {"host", host_of(i)},
                   {"shard", run::to_json(i.run.options.shard)},
                   {"records", i.records.size()},
                   {"starts", i.starts.size()},
                   {"start_wall_ns", start.is_null() ? nlohmann::json() : start["start_wall_ns"]},
                   {"clock", start.is_null() ? nlohmann::json() : start["clock"]},
                   {"fcbench_version", i.fcbench_version}});
  }
  return arr;
}

nlohmann::json merge_section(const std::vector<Input>& in, uint32_t shards, const Merged& m) {
  std::vector<int64_t> zeros;
  nlohmann::json j = {{"inputs", inputs_json(in, zeros)}, {"shards", shards}};
  j["start_skew_ns"] = zeros.size() == in.size() ? nlohmann::json(start_skew_ns(zeros)) : nullptr;
  j["missing"] = m.missing;
  j["unaligned_records"] = m.unaligned;
  j["warnings"] = m.warnings;
  return j;
}

std::optional<fs::path> baseline_of(const MergeOptions& opt, const std::vector<Input>& in) {
  if (!opt.baseline.empty()) return opt.baseline;
  const auto& b = in.front().run.options.baseline;
  std::error_code ec;
  if (!b.empty() && fs::exists(b, ec)) return b;
  return std::nullopt;
}

nlohmann::json summary_doc(const MergeOptions& opt, const std::vector<Input>& in,
                           const run::Plan& plan, uint32_t shards, const Merged& m) {
  auto doc = results::to_json(results::summarize(m.records));
  doc["workload"] = plan.src.name;
  doc["workload_sha256"] = in.front().workload_sha256;
  doc["env_id"] = in.front().env.is_object() ? run::env_id(in.front().env) : "";
  std::string started;
  for (const auto& r : m.records)
    if (!r.started_at.empty() && (started.empty() || r.started_at < started))
      started = r.started_at;
  doc["started_at"] = started;
  doc["fcbench_version"] = in.front().fcbench_version;
  doc["instances_planned"] = plan.instances.size();
  doc["instances_recorded"] = m.records.size();
  doc["interrupted"] = false;
  doc["schedule"] = results::schedule_summary(m.records, plan.max_concurrent);
  doc["merge"] = merge_section(in, shards, m);
  if (auto b = baseline_of(opt, in)) {
    doc["slowdown"] = results::to_json(results::slowdown(m.records, results::load_baseline(*b)));
    doc["slowdown"]["baseline"] = fs::absolute(*b).string();
  }
  return doc;
}

void print_outcome(const MergeOptions& opt, const std::vector<Input>& in, const Merged& m,
                   const nlohmann::json& merge) {
  for (const auto& w : m.warnings) fmt::print(stderr, "warning: {}\n", w);
  const size_t ok = size_t(std::count_if(m.records.begin(), m.records.end(),
                                         [](auto& r) { return r.status == results::Status::ok; }));
  fmt::print("merged {} director{} into {}: {} record(s), {} ok, {} not ok\n", in.size(),
             in.size() == 1 ? "y" : "ies", opt.out.string(), m.records.size(), ok,
             m.records.size() - ok);
  for (const auto& [why, n] : m.missing) fmt::print("  {} instance(s) not_started: {}\n", n, why);
  if (merge["start_skew_ns"].is_number())
    fmt::print("  the runs' zeros lie within {:.3f} ms on their wall clocks\n",
               merge["start_skew_ns"].get<double>() / 1e6);
  std::vector<std::string> unsynced;
  for (const auto& i : merge["inputs"])
    if (i["clock"].is_object() && !i["clock"].value("synchronised", false))
      unsynced.push_back(i["host"].get<std::string>());
  std::sort(unsynced.begin(), unsynced.end());
  unsynced.erase(std::unique(unsynced.begin(), unsynced.end()), unsynced.end());
  if (!unsynced.empty())
    fmt::print(stderr,
               "warning: the clock of {} was not NTP-synchronised: runs on different hosts may "
               "be offset from each other by more than NTP would leave (see "
               "docs/multi-host.md)\n",
               fmt::join(unsynced, ", "));
}

}  // namespace

void refuse_existing_output(const fs::path& out) {
  std::error_code ec;
  if (out.empty()) throw UserError("fcbench merge: give the output directory with -o OUT", 2);
  if (fs::exists(out / "results.jsonl", ec))
    throw UserError(out.string() + " already holds results; choose another -o", 2);
}

void write_merged(const MergeOptions& opt, const std::vector<Input>& in, const run::Plan& plan,
                  uint32_t shards, const Merged& m) {
  fs::create_directories(opt.out);
  write_file_atomic(opt.out / "workload.jsonl", read_file(in.front().dir / "workload.jsonl"));
  write_envs(opt.out, in);
  write_hosts(opt.out, in);
  const auto doc = summary_doc(opt, in, plan, shards, m);
  write_file_atomic(opt.out / "summary.json", doc.dump(2) + "\n");
  write_records(opt.out, m.records);  // last: its presence marks a complete merge
  print_outcome(opt, in, m, doc["merge"]);
}

}  // namespace fcbench::merge

#include "history/register_dir.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <set>

#include "analysis/dataset.hpp"
#include "analysis/group_stats.hpp"
#include "history/path.hpp"
#include "history/store.hpp"
#include "util/clock.hpp"

namespace fcbench::history {

namespace {

// summary.json's suite, workload or baseline name; the directory's name
// when there is none (an import).
std::string suite_of(const analysis::Dataset& d, const std::filesystem::path& dir) {
  for (const char* k : {"suite", "workload", "baseline"})
    if (d.summary.is_object() && d.summary.value(k, nlohmann::json()).is_string())
      return d.summary[k].get<std::string>();
  return dir.filename().string();
}

// summary.json's started_at, else the first record's.
std::string started_at(const analysis::Dataset& d, const std::filesystem::path& dir) {
  if (d.summary.is_object() && d.summary.value("started_at", nlohmann::json()).is_string())
    return d.summary["started_at"].get<std::string>();
  std::ifstream in(dir / "results.jsonl");
  std::string line;
  std::getline(in, line);
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_object() && j.value("started_at", nlohmann::json()).is_string())
    return j["started_at"].get<std::string>();
  return utc_now_iso(true);
}

std::string env_string(const nlohmann::json& env, const char* a, const char* b = nullptr) {
  if (!env.is_object() || !env.contains(a)) return "";
  const auto& v = b ? env[a].value(b, nlohmann::json()) : env[a];
  return v.is_string() ? v.get<std::string>() : "";
}

RunInfo run_info(const analysis::Dataset& d, const std::filesystem::path& dir,
                 const std::string& source) {
  RunInfo r;
  r.dir = dir;
  r.suite = suite_of(d, dir);
  r.started_at = started_at(d, dir);
  r.env_id = d.summary.is_object() ? d.summary.value("env_id", "") : "";
  r.git_commit = env_string(d.env, "fcbench", "git_commit");
  if (r.git_commit.empty()) r.git_commit = "unknown";
  std::set<std::string> vmms, accels;
  for (const auto& in : d.instances) vmms.insert(d.name(in.vmm)), accels.insert(d.name(in.accel));
  r.vmm = fmt::format("{}", fmt::join(vmms, ","));
  r.accel = fmt::format("{}", fmt::join(accels, ","));
  r.records = d.records();
  r.source = source;
  return r;
}

}  // namespace

int64_t register_dir(const std::filesystem::path& dir, const std::string& source) {
  try {
    const analysis::Dataset d = analysis::load({dir});
    const auto db = default_history_path();
    const int64_t id = register_run(db, run_info(d, dir, source), analysis::describe_all(d));
    fmt::print(stderr, "history: registered as run {} in {}\n", id, db.string());
    return id;
  } catch (const std::exception& e) {
    fmt::print(stderr, "history: warning: {} not registered: {}\n", dir.string(), e.what());
    return 0;
  }
}

}  // namespace fcbench::history

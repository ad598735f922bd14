#include "results/legacy_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "results/legacy_csv.hpp"
#include "results/legacy_map.hpp"
#include "run/env_file.hpp"
#include "util/clock.hpp"
#include "util/dir_lock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::results::legacy {

namespace fs = std::filesystem;

namespace {

// X of "<prefix>X.txt", or nullopt for another name (or an empty X).
std::optional<std::string> suffix_of(const std::string& name, std::string_view prefix) {
  if (!name.starts_with(prefix) || !name.ends_with(".txt")) return std::nullopt;
  std::string x = name.substr(prefix.size(), name.size() - prefix.size() - 4);
  if (x.empty()) return std::nullopt;
  return x;
}

// Everything read from DIR, before anything is written.
struct Converted {
  std::vector<Record> records;
  std::vector<nlohmann::json> host;
  std::optional<Baseline> baseline;
  nlohmann::json env;
};

// The sysmon file of each run, parsed (the env needs its header first).
std::map<std::string, Sysmon> read_sysmon(const LegacyFiles& files,
                                          std::vector<std::string>& warnings) {
  std::map<std::string, Sysmon> out;
  for (auto& run : files.runs) {
    if (!run.sysmon) {
      warnings.push_back(fmt::format("no sysmon-{}.txt: {} has no host samples", run.x,
                                     run.results.filename().string()));
      continue;
    }
    out[run.x] = parse_sysmon(read_file(*run.sysmon), run.sysmon->string(), warnings);
  }
  return out;
}

// The first sysmon header value, warning when another file disagrees.
std::optional<uint64_t> agreed(const std::map<std::string, Sysmon>& sysmon,
                               std::optional<uint64_t> Sysmon::*field, const char* what,
                               std::vector<std::string>& warnings) {
  std::optional<uint64_t> v;
  for (auto& [x, s] : sysmon) {
    if (!(s.*field)) continue;
    if (!v) v = s.*field;
    if (*v != *(s.*field))
      warnings.push_back(
          fmt::format("sysmon-{}.txt: #{} {} differs from the first file's {}; "
                      "env.json keeps the first",
                      x, what, *(s.*field), *v));
  }
  return v;
}

Converted convert(const ImportOptions& opt, const LegacyFiles& files,
                  const plugin::Registry& plugins, std::vector<std::string>& warnings) {
  Converted c;
  const Programs programs{opt.programs, plugins};
  auto sysmon = read_sysmon(files, warnings);
  auto cpu_count = agreed(sysmon, &Sysmon::cpu_count, "cpu_count", warnings);
  c.env = import_env(opt.dir, files, opt.programs, cpu_count,
                     agreed(sysmon, &Sysmon::total_mem, "total_mem", warnings));
  Source src;
  src.env = {{"vmm", kVmm},
             {"vmm_version", nullptr},
             {"online_cpus", cpu_count ? nlohmann::json(*cpu_count) : nlohmann::json()},
             {"imported_from", "fc-microbenchmark"},
             {"fcbench_version", FCBENCH_VERSION}};
  src.env_id = run::env_id(c.env);
  for (auto& run : files.runs) {
    src.file_name = run.results.filename().string();
    src.run = run.x;
    auto rows = parse_results(read_file(run.results), run.results.string(), warnings);
    if (rows.empty()) warnings.push_back(run.results.string() + ": no results after the header");
    std::vector<Record> recs;
    for (size_t i = 0; i < rows.size(); ++i)
      recs.push_back(to_record(rows[i], i + 1, src, programs));
    if (auto it = sysmon.find(run.x); it != sysmon.end())
      for (auto& line : to_host_lines(it->second, run.sysmon->filename().string(), recs))
        c.host.push_back(std::move(line));
    std::ranges::move(recs, std::back_inserter(c.records));
  }
  std::vector<BaselineRow> base_rows;
  for (auto& f : files.baselines)
    for (auto& row : parse_baselines(read_file(f), f.string(), warnings))
      base_rows.push_back(std::move(row));
  if (!base_rows.empty())
    c.baseline = to_baseline(base_rows, programs, utc_now_iso(false));
  else
    warnings.push_back(
        fmt::format("no baseline runs (baselines.txt or baseline.txt) in {}: "
                    "no baseline.json, so a report has no slowdown",
                    opt.dir.string()));
  for (auto& f : files.orphan_sysmon)
    warnings.push_back(
        fmt::format("{}: no results file of the same name; not imported", f.filename().string()));
  return c;
}

std::string jsonl(const std::vector<nlohmann::json>& lines) {
  std::string s;
  for (auto& j : lines) s += j.dump() + "\n";
  return s;
}

}  // namespace

LegacyFiles find_legacy_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UserError(dir.string() + ": not a directory (expected the prior tool's results)", 2);
  std::map<std::string, fs::path> results, sysmon;
  LegacyFiles f;
  for (auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    if (auto x = suffix_of(name, "results-")) results[*x] = e.path();
    if (auto x = suffix_of(name, "sysmon-")) sysmon[*x] = e.path();
    if (name == "baseline.txt" || name == "baselines.txt") f.baselines.push_back(e.path());
  }
  if (results.empty())
    throw UserError(
        dir.string() + ": no results-*.txt (the prior tool's results files) in this directory", 2);
  std::ranges::sort(f.baselines);
  for (auto& [x, path] : results) {
    auto s = sysmon.find(x);
    f.runs.push_back({x, path, s == sysmon.end() ? std::nullopt : std::optional(s->second)});
  }
  for (auto& [x, path] : sysmon)
    if (!results.contains(x)) f.orphan_sysmon.push_back(path);
  return f;
}

nlohmann::json import_env(const fs::path& dir, const LegacyFiles& files,
                          const workload::ProgramList& programs, std::optional<uint64_t> cpu_count,
                          std::optional<uint64_t> total_mem) {
  auto names = [](const auto& paths) {
    nlohmann::json a = nlohmann::json::array();
    for (auto& p : paths) a.push_back(fs::path(p).filename().string());
    return a;
  };
  std::vector<fs::path> results, sysmon;
  for (auto& r : files.runs) {
    results.push_back(r.results);
    if (r.sysmon) sysmon.push_back(*r.sysmon);
  }
  auto opt = [](std::optional<uint64_t> v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {
      {"imported_from",
       {{"tool", "fc-microbenchmark"},
        {"dir", fs::absolute(dir).lexically_normal().string()},
        {"results", names(results)},
        {"sysmon", names(sysmon)},
        {"baseline", names(files.baselines)},
        {"programs", programs.names},
        {"programs_file",
         programs.is_default ? nlohmann::json() : nlohmann::json(programs.source)}}},
      {"vmm", kVmm},
      {"accel", kAccel},
      {"vcpus", kVcpus},
      {"mem_mib", kMemMib},
      {"cpu_count", opt(cpu_count)},
      {"total_mem", opt(total_mem)},
      {"host",
       {{"cpu_threads", opt(cpu_count)},
        {"mem_total_kib", total_mem ? nlohmann::json(*total_mem / 1024) : nlohmann::json()}}},
      {"vmms", {{kVmm, {{"path", nullptr}, {"version", nullptr}, {"sha256", nullptr}}}}},
      {"fcbench", {{"version", FCBENCH_VERSION}}},
      {"not_recorded",
       {"host kernel", "CPU model", "host settings (SMT, governor, turbo)", "Firecracker version",
        "guest kernel", "rootfs"}},
  };
}

ImportSummary import_legacy(const ImportOptions& opt, const plugin::Registry& plugins) {
  const auto lock = DirLock::make(opt.out, "wait for it to end, or choose another -o");
  std::error_code ec;
  if (fs::exists(opt.out / "results.jsonl", ec))
    throw UserError(opt.out.string() + " already holds results; choose another -o", 2);
  ImportSummary sum;
  sum.out = opt.out;
  const LegacyFiles files = find_legacy_files(opt.dir);
  Converted c = convert(opt, files, plugins, sum.warnings);

  fs::create_directories(opt.out);
  std::string lines;
  for (auto& r : c.records) {
    lines += to_json(r).dump() + "\n";
    sum.ok += r.status == Status::ok;
  }
  write_file_atomic(opt.out / "results.jsonl", lines);
  if (!c.host.empty()) write_file_atomic(opt.out / "host.jsonl", jsonl(c.host));
  if (c.baseline) write_file_atomic(opt.out / "baseline.json", to_json(*c.baseline).dump(2) + "\n");
  write_file_atomic(opt.out / "env.json", c.env.dump(2) + "\n");

  sum.records = c.records.size();
  sum.host_samples = c.host.size();
  sum.baseline_entries = c.baseline ? c.baseline->entries.size() : 0;
  for (auto& run : files.runs) {
    sum.sources.push_back(run.results.filename().string());
    if (run.sysmon) sum.sources.push_back(run.sysmon->filename().string());
  }
  for (auto& b : files.baselines) sum.sources.push_back(b.filename().string());
  return sum;
}

}  // namespace fcbench::results::legacy

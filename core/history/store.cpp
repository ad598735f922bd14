#include "history/store.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "history/schema.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

namespace fcbench::history {

namespace fs = std::filesystem;

namespace {

void validate(const RunInfo& r) {
  if (r.dir.empty()) throw UserError("history: a run needs its results directory", 2);
  if (r.source != "run" && r.source != "import")
    throw UserError("history: source is 'run' or 'import', not '" + r.source + "'", 2);
  parse_utc_iso_ns(r.started_at);
}

void insert_group(Stmt& s, int64_t run, int64_t seq, const analysis::GroupStats& g) {
  s.reset();
  s.bind(1, run).bind(2, seq);
  const auto& k = g.key;
  s.bind(3, k.benchmark).bind(4, k.plugin).bind(5, k.params).bind(6, k.vmm).bind(7, k.accel);
  s.bind(8, k.metric)
      .bind(9, g.unit)
      .bind(10, std::string_view(g.higher_is_better ? "higher" : "lower"));
  s.bind(11, int64_t(g.n));
  const double v[] = {g.mean, g.sd, g.cv, g.median, g.min, g.max, g.p5, g.p25, g.p75, g.p95, g.p99};
  int i = 12;
  for (double x : v) s.bind(i++, x);
  s.bind(i++, g.ci95_mean ? std::optional(g.ci95_mean->lo) : std::nullopt);
  s.bind(i++, g.ci95_mean ? std::optional(g.ci95_mean->hi) : std::nullopt);
  s.bind(i++, g.ci95_median ? std::optional(g.ci95_median->lo) : std::nullopt);
  s.bind(i++, g.ci95_median ? std::optional(g.ci95_median->hi) : std::nullopt);
  s.bind(i++, nlohmann::json(g.outliers).dump());
  s.run();
}

// The columns every run query selects, in the order entry() reads them.
#define FCBENCH_RUN_COLUMNS                                                                  \
  "SELECT id, dir, suite, started_at, started_ns, env_id, git_commit, vmm, accel, records, " \
  "source, registered_at, (SELECT count(*) FROM group_stats WHERE run_id = runs.id) FROM runs "

RunEntry entry(const Stmt& s) {
  RunEntry e;
  e.id = s.int64(0);
  e.info.dir = s.text(1);
  e.info.suite = s.text(2);
  e.info.started_at = s.text(3);
  e.started_ns = s.int64(4);
  e.info.env_id = s.text(5);
  e.info.git_commit = s.text(6);
  e.info.vmm = s.text(7);
  e.info.accel = s.text(8);
  e.info.records = uint64_t(s.int64(9));
  e.info.source = s.text(10);
  e.registered_at = s.text(11);
  e.groups = size_t(s.int64(12));
  std::error_code ec;
  e.dir_exists = fs::is_directory(e.info.dir, ec);
  return e;
}

std::optional<RunEntry> first(Stmt& s) {
  if (!s.step()) return std::nullopt;
  return entry(s);
}

analysis::GroupStats group(const Stmt& s) {
  analysis::GroupStats g;
  g.key = {s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
  g.unit = s.text(6);
  g.higher_is_better = s.text(7) == "higher";
  g.n = size_t(s.int64(8));
  double* v[] = {&g.mean, &g.sd,  &g.cv,  &g.median, &g.min, &g.max,
                 &g.p5,   &g.p25, &g.p75, &g.p95,    &g.p99};
  int i = 9;
  for (double* x : v) *x = s.real(i++);
  auto lo = s.opt_real(20), hi = s.opt_real(21);
  if (lo && hi) g.ci95_mean = analysis::Interval{*lo, *hi};
  lo = s.opt_real(22), hi = s.opt_real(23);
  if (lo && hi) g.ci95_median = analysis::Interval{*lo, *hi};
  g.outliers = nlohmann::json::parse(s.text(24)).get<std::vector<std::string>>();
  return g;
}

}  // namespace

fs::path normal_dir(const fs::path& dir) {
  fs::path p = fs::weakly_canonical(fs::absolute(dir));
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

int64_t register_run(const fs::path& file, const RunInfo& run,
                     const std::vector<analysis::GroupStats>& groups) {
  validate(run);
  const std::string dir = normal_dir(run.dir).string();
  Db db = open_history(file);
  Transaction t(db);
  db.prepare("DELETE FROM runs WHERE dir = ?1").bind(1, dir).run();
  auto ins = db.prepare(
      "INSERT INTO runs (dir, suite, started_at, started_ns, env_id, git_commit, vmm, accel, "
      "records, source, registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  ins.bind(1, dir).bind(2, run.suite).bind(3, run.started_at);
  ins.bind(4, parse_utc_iso_ns(run.started_at)).bind(5, run.env_id).bind(6, run.git_commit);
  ins.bind(7, run.vmm).bind(8, run.accel).bind(9, int64_t(run.records)).bind(10, run.source);
  ins.bind(11, utc_now_iso()).run();
  const int64_t id = db.last_insert_rowid();
  auto gs = db.prepare(
      "INSERT INTO group_stats (run_id, seq, benchmark, plugin, params, vmm, accel, metric, "
      "unit, better, n, mean, sd, cv, median, min, max, p5, p25, p75, p95, p99, ci95_mean_lo, "
      "ci95_mean_hi, ci95_median_lo, ci95_median_hi, outliers) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
      "?25, ?26, ?27)");
  for (size_t i = 0; i < groups.size(); ++i) insert_group(gs, id, int64_t(i), groups[i]);
  t.commit();
  return id;
}

std::vector<RunEntry> list(const fs::path& file, const std::string& suite, size_t limit) {
  std::vector<RunEntry> out;
  auto db = open_existing(file);
  if (!db) return out;
  auto s =
      db->prepare(FCBENCH_RUN_COLUMNS "WHERE (?1 = '' OR suite = ?1) ORDER BY id DESC LIMIT ?2");
  s.bind(1, suite).bind(2, limit == 0 ? int64_t(-1) : int64_t(limit));
  while (s.step()) out.push_back(entry(s));
  return out;
}

std::optional<RunEntry> get(const fs::path& file, int64_t id) {
  auto db = open_existing(file);
  if (!db) return std::nullopt;
  auto s = db->prepare(FCBENCH_RUN_COLUMNS "WHERE id = ?1");
  s.bind(1, id);
  return first(s);
}

std::optional<RunEntry> find_dir(const fs::path& file, const fs::path& dir) {
  auto db = open_existing(file);
  if (!db) return std::nullopt;
  auto s = db->prepare(FCBENCH_RUN_COLUMNS "WHERE dir = ?1 ORDER BY id DESC LIMIT 1");
  s.bind(1, normal_dir(dir).string());
  return first(s);
}

size_t count_runs(const fs::path& file) {
  auto db = open_existing(file);
  if (!db) return 0;
  auto s = db->prepare("SELECT count(*) FROM runs");
  return s.step() ? size_t(s.int64(0)) : 0;
}

std::vector<analysis::GroupStats> group_stats(const fs::path& file, int64_t id) {
  std::vector<analysis::GroupStats> out;
  auto db = open_existing(file);
  if (!db) return out;
  auto s = db->prepare(
      "SELECT benchmark, plugin, params, vmm, accel, metric, unit, better, n, mean, sd, cv, "
      "median, min, max, p5, p25, p75, p95, p99, ci95_mean_lo, ci95_mean_hi, ci95_median_lo, "
      "ci95_median_hi, outliers FROM group_stats WHERE run_id = ?1 ORDER BY seq");
  s.bind(1, id);
  while (s.step()) out.push_back(group(s));
  return out;
}

#undef FCBENCH_RUN_COLUMNS

}  // namespace fcbench::history

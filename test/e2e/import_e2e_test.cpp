// The prior tool's files through the CLI: `fcbench import --legacy` and the
// report of what it wrote, its input errors, and `generate --from-legacy` on
// the prior tool's own program names, run in a real guest.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_support.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using nlohmann::json;

const fs::path kSamples = fs::path(FCBENCH_TEST_DATA_DIR) / "legacy";

// One data line of a results file, read here without fcbench's parser.
struct Row {
  int id = 0;
  long arg = 0;
  int64_t t_fc_ms = 0, t_vm_ms = 0, start_ms = 0;
};

std::vector<Row> sample_rows(const fs::path& file) {
  std::vector<Row> rows;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.starts_with("workloadID")) continue;
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream f(line);
    Row r;
    int64_t start_s = 0;
    f >> r.id >> r.arg >> r.t_fc_ms >> r.t_vm_ms >> start_s;
    REQUIRE(f);
    r.start_ms = start_s * 1000;
    rows.push_back(r);
  }
  return rows;
}

// The most instances in flight at once (each from its start to start + tFC),
// counted pairwise, and the first start at which that many were.
std::pair<size_t, int64_t> pairwise_peak(const std::vector<Row>& rows) {
  size_t peak = 0;
  int64_t at = 0;
  for (auto& a : rows) {
    size_t n = 0;
    for (auto& b : rows)
      if (b.start_ms <= a.start_ms && a.start_ms < b.start_ms + b.t_fc_ms) ++n;
    if (n > peak || (n == peak && a.start_ms < at)) peak = n, at = a.start_ms;
  }
  return {peak, at};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Per plugin, the mean of tFC over the baseline's median tFC for the same
// program and argument, over the rows with both times.
std::map<std::string, std::pair<size_t, double>> expected_slowdown(const std::vector<Row>& rows) {
  std::map<std::pair<int, long>, std::vector<double>> base;
  std::ifstream in(kSamples / "baselines.txt");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.starts_with("workloadID")) continue;
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream f(line);
    int id, run;
    long arg;
    double t_fc, t_vm;
    f >> id >> arg >> run >> t_fc >> t_vm;
    base[{id, arg}].push_back(t_fc);
  }
  const char* plugin[] = {"prime", "dd", "stream"};
  std::map<std::string, std::pair<size_t, double>> sums;
  for (auto& r : rows) {
    if (r.t_vm_ms == 0) continue;  // imported as failed
    auto& s = sums[plugin[r.id]];
    s.first += 1;
    s.second += double(r.t_fc_ms) / median(base.at({r.id, r.arg}));
  }
  for (auto& [p, s] : sums) s.second /= double(s.first);
  return sums;
}

// The report's slowdown entry for `plugin`: an object keyed by plugin, or an
// array of objects with "plugin".
const json* slowdown_of(const json& slowdown, const std::string& plugin) {
  if (slowdown.is_object() && slowdown.contains(plugin)) return &slowdown[plugin];
  if (slowdown.is_object() && slowdown.contains("by_plugin"))
    return slowdown_of(slowdown["by_plugin"], plugin);
  if (slowdown.is_array())
    for (auto& s : slowdown)
      if (s.value("plugin", "") == plugin) return &s;
  return nullptr;
}

}  // namespace

TEST_CASE(
    "import: the prior tool's samples convert, and their report shows the concurrency "
    "peak counted here",
    "[e2e][import]") {
  Sandbox t;
  auto out = t / "imported";
  auto r = fcbench_cmd({"import", "--legacy", kSamples.string(), "-o", out.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("imported 28 records (27 ok)"));
  for (const char* f : {"results.jsonl", "host.jsonl", "baseline.json", "env.json"})
    CHECK(fs::exists(out / f));

  std::vector<Row> rows = sample_rows(kSamples / "results-1.txt");
  const size_t n1 = rows.size();
  for (auto& row : sample_rows(kSamples / "results-2.txt")) rows.push_back(row);
  auto recs = records(out);
  REQUIRE(recs.size() == rows.size());
  for (size_t i = 0; i < recs.size(); ++i) {
    INFO(recs[i].dump());
    CHECK(recs[i]["imported_from"] == (i < n1 ? "results-1.txt" : "results-2.txt"));
    CHECK(recs[i]["vmm"] == "firecracker");
    CHECK(recs[i]["accel"] == "kvm");
    CHECK(recs[i]["durations_ms"]["end_to_end"] == double(rows[i].t_fc_ms));
    CHECK(recs[i]["timestamps_ns"]["launched"] == rows[i].start_ms * 1'000'000);
  }

  auto report = t / "R.json";
  auto rep = fcbench_cmd({"report", out.string(), "--format", "json", "-o", report.string()});
  INFO(rep.output);
  REQUIRE(rep.exit_code == 0);
  json j = json::parse(fcbench::read_file(report));
  INFO(j.dump(2));

  auto [peak, peak_ms] = pairwise_peak(rows);
  REQUIRE(peak > 2);
  int64_t first_ms = rows[0].start_ms;
  for (auto& row : rows) first_ms = std::min(first_ms, row.start_ms);
  CHECK(j["concurrency"]["peak"] == peak);
  CHECK(j["concurrency"]["peak_at_s"].get<double>() == Approx(double(peak_ms - first_ms) / 1000));
  CHECK(j["concurrency"]["mean_in_flight"].get<double>() > 0);

  CHECK(j["records"]["ok"] == 27);
  CHECK(j["records"]["failed"] == 1);
  bool runtime = false, end_to_end = false;
  for (auto& g : j["groups"]) {
    runtime = runtime || g["metric"] == "program_runtime";
    end_to_end = end_to_end || g["metric"] == "vm.end_to_end";
  }
  CHECK(runtime);
  CHECK(end_to_end);

  REQUIRE(j.contains("slowdown"));
  for (auto& [plugin, want] : expected_slowdown(rows)) {
    INFO(plugin);
    const json* s = slowdown_of(j["slowdown"], plugin);
    REQUIRE(s);
    CHECK((*s)["n"] == want.first);
    CHECK((*s)["mean"].get<double>() == Approx(want.second).epsilon(1e-6));
  }
}

TEST_CASE("import: bad input exits 2 with file:line:col, and names what is missing",
          "[e2e][import]") {
  Sandbox t;
  fs::create_directories(t / "bad");
  fcbench::write_file(t / "bad" / "results-x.txt",
                      "workloadID, workload argument, tFC, tVM, start time\n"
                      "# a comment\n"
                      "0,1000,4231,2.5,1606757721\n");
  auto r = fcbench_cmd({"import", "--legacy", (t / "bad").string(), "-o", (t / "o").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains((t / "bad" / "results-x.txt").string() +
                                       ":3:13: tVM must be a whole number of milliseconds >= 0, "
                                       "got '2.5'"));
  CHECK_FALSE(fs::exists(t / "o"));

  fcbench::write_file(t / "bad" / "results-x.txt",
                      "workloadID, workload argument, tFC, tVM, start time\n"
                      "3,1000,4231,298,1606757721\n");
  fcbench::write_file(t / "programs.txt", "primenumber\nstream\n");
  r = fcbench_cmd({"import", "--legacy", (t / "bad").string(), "-o", (t / "o").string(),
                   "--legacy-programs", (t / "programs.txt").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains(":2:1: workload ID 3 names no program; the programs are 0 "
                                       "primenumber, 1 stream (" +
                                       (t / "programs.txt").string() + ")"));

  fs::create_directories(t / "empty");
  r = fcbench_cmd({"import", "--legacy", (t / "empty").string(), "-o", (t / "o").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("no results-*.txt"));
  r = fcbench_cmd({"import", "-o", (t / "o").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("import needs --legacy DIR"));
}

TEST_CASE(
    "generate --from-legacy: the prior tool's program names convert, and stream's "
    "iterations (1000) run in a guest",
    "[e2e][import]") {
  Sandbox t;
  // As the prior tool wrote them: no newline at the end of the list, blanks
  // after the gap.
  fcbench::write_file(t / "workloads.txt", "primenumber\ndd-workload\nstream");
  fcbench::write_file(t / "run.txt", "2, 1000, 0.147 \n0, 20000, 1.5 \n");
  auto w = t / "w.jsonl";
  auto g = fcbench_cmd({"generate", "--from-legacy", (t / "run.txt").string(), "--legacy-programs",
                        (t / "workloads.txt").string(), "-o", w.string()});
  INFO(g.output);
  REQUIRE(g.exit_code == 0);
  std::vector<json> lines;
  std::istringstream in(fcbench::read_file(w));
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  REQUIRE(lines.size() == 3);
  CHECK(lines[1]["plugin"] == "stream");
  CHECK(lines[1]["params"]["iterations"] == 1000);
  CHECK(lines[2]["plugin"] == "prime");
  CHECK(lines[2]["params"]["n"] == 20000);
  CHECK(lines[2]["arrival_ns"] == 147'000'000);

  // A smaller array than STREAM's default, so 1000 passes take seconds under TCG.
  lines[1]["params"]["array_size"] = 20000;
  std::string text;
  for (auto& l : lines) text += l.dump() + "\n";
  fcbench::write_file(w, text);
  auto out = t / "out";
  auto r = fcbench_cmd({"run", "-w", w.string(), "--vmm", "qemu", "-j", "1", "--timeout-s", "300",
                        "-o", out.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 2);
  for (auto& rec : recs) {
    INFO(rec.dump());
    CHECK(rec["status"] == "ok");
  }
  auto stream = std::find_if(recs.begin(), recs.end(),
                             [](const json& rec) { return rec["plugin"] == "stream"; });
  REQUIRE(stream != recs.end());
  CHECK((*stream)["params"]["iterations"] == 1000);
  CHECK((*stream)["metrics"].size() == 4);
}

// `fcbench report` on real runs: a small suite and a small workload of QEMU
// guests, reported in html, md, csv and json. The counts are checked against
// results.jsonl read independently here.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>

#include "e2e_support.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::read_file;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using nlohmann::json;

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// The groups a report must have, from the records themselves: per ok
// record, each plugin metric and each measured duration (vm.*), keyed by
// benchmark, params, vmm, accel and metric; the value is n.
std::map<std::string, size_t> expected_groups(const std::vector<json>& recs) {
  std::map<std::string, size_t> out;
  for (auto& r : recs) {
    if (r["status"] != "ok") continue;
    std::string key = r["benchmark"].get<std::string>() + "|" +
                      r.value("params", json::object()).dump() + "|" + r["vmm"].get<std::string>() +
                      "|" + r["accel"].get<std::string>() + "|";
    for (auto& m : r["metrics"]) ++out[key + m["name"].get<std::string>()];
    for (auto& [name, v] : r["durations_ms"].items())
      if (v.is_number()) ++out[key + "vm." + name];
  }
  return out;
}

std::map<std::string, size_t> json_groups(const json& rep) {
  std::map<std::string, size_t> out;
  for (auto& g : rep["groups"])
    out[g["benchmark"].get<std::string>() + "|" + g["params"].dump() + "|" +
        g["vmm"].get<std::string>() + "|" + g["accel"].get<std::string>() + "|" +
        g["metric"].get<std::string>()] = g["n"].get<size_t>();
  return out;
}

// The most instances between launch and exit at one instant.
size_t peak_in_flight(const std::vector<json>& recs) {
  std::vector<std::pair<int64_t, int>> edges;
  for (auto& r : recs) {
    auto& ts = r["timestamps_ns"];
    if (!ts["launched"].is_number() || !ts["exited"].is_number()) continue;
    edges.push_back({ts["launched"].get<int64_t>(), +1});
    edges.push_back({ts["exited"].get<int64_t>(), -1});
  }
  std::sort(edges.begin(), edges.end());
  int now = 0, peak = 0;
  for (auto& [t, d] : edges) peak = std::max(peak, now += d);
  return size_t(peak);
}

// Runs `fcbench report` in every format and checks what all reports share;
// returns the JSON report.
json report_all_formats(const fs::path& out, const std::vector<json>& recs) {
  auto html_run = fcbench_cmd({"report", out.string()});  // default: DIR/report.html
  INFO(html_run.output);
  REQUIRE(html_run.exit_code == 0);
  for (auto [fmt_name, file] : {std::pair{"json", "r.json"}, {"md", "r.md"}, {"csv", "r.csv"}}) {
    auto r =
        fcbench_cmd({"report", out.string(), "--format", fmt_name, "-o", (out / file).string()});
    INFO(fmt_name << ": " << r.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(fs::file_size(out / file) > 0);
  }
  json rep = json::parse(read_file(out / "r.json"));

  // JSON: the groups and their n, and the records by status.
  CHECK(json_groups(rep) == expected_groups(recs));
  std::map<std::string, size_t> by_status;
  for (auto& r : recs) ++by_status[r["status"].get<std::string>()];
  for (auto& [status, n] : by_status) CHECK(rep["records"][status] == n);

  // HTML: self-contained, one summary row per JSON group, numbers exact.
  std::string html = read_file(out / "report.html");
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "http://") == 0);
  CHECK(count(html, "https://") == 0);
  CHECK(count(html, " src=") == 0);
  CHECK(count(html, "<link") == 0);
  CHECK(count(html, "<tr data-group=") == rep["groups"].size());
  CHECK(count(html, "Figure not drawn") == 0);
  for (size_t i = 0; i < rep["groups"].size(); ++i) {
    auto& g = rep["groups"][i];
    std::string cell =
        fmt::format("data-group=\"{}\" data-stat=\"mean\" data-value=\"{}\"", i, g["mean"].dump());
    CHECK_THAT(html, Catch::Contains(cell));
  }
  // Under TCG every figure says so.
  bool tcg = false;
  for (auto& r : recs) tcg = tcg || r["accel"] == "tcg";
  std::regex caption("<figcaption>([^<]*)</figcaption>");
  size_t figures = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), caption), end; it != end; ++it) {
    ++figures;
    if (tcg) CHECK_THAT(std::string((*it)[1]), Catch::Contains("emulated (TCG)"));
  }
  CHECK(figures >= 3);  // a metric's distribution, the host monitor, drift
  CHECK(count(html, "<svg") == figures);
  // figures/: one standalone SVG per figure, drawn.
  size_t files = 0;
  for (auto& f : fs::directory_iterator(out / "figures")) {
    INFO(f.path());
    std::string svg = read_file(f.path());
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("gnuplot_plot_1") != std::string::npos);
    CHECK(count(html, "id=\"fig-" + f.path().stem().string() + "\"") == 1);
    ++files;
  }
  CHECK(files == figures);

  // Markdown and CSV name every benchmark.
  std::string md = read_file(out / "r.md"), csv = read_file(out / "r.csv");
  for (auto& g : rep["groups"]) {
    CHECK_THAT(md, Catch::Contains(g["benchmark"].get<std::string>()));
    CHECK_THAT(csv, Catch::Contains(g["benchmark"].get<std::string>()));
  }
  return rep;
}

}  // namespace

TEST_CASE("report: a real suite run in html, md, csv and json", "[e2e][report]") {
  Sandbox t;
  auto suite = fcbench::e2e::write_suite(t, R"(
name: report-e2e
defaults: {timeout_s: 180, repetitions: 3}
benchmarks:
  - plugin: boot
  - plugin: prime
    params: {n: 20000}
)");
  auto out = t / "out";
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 6);
  json rep = report_all_formats(out, recs);
  // boot: vm.* durations; prime: its metrics too; each group n = 3.
  for (auto& g : rep["groups"]) CHECK(g["n"] == 3);
  std::string html = read_file(out / "report.html");
  CHECK_THAT(html, Catch::Contains("id=\"fig-distribution-vm.end-to-end\""));
  CHECK_THAT(html, Catch::Contains("id=\"fig-distribution-runtime\""));
  CHECK_THAT(html, Catch::Contains("id=\"environment-table\""));
}

TEST_CASE("report: a real workload run shows instances in flight, its peak from the records",
          "[e2e][report]") {
  Sandbox t;
  std::string w = R"({"format":"fcbench-workload-1","spec":{},"seed":1,"fcbench_version":"test"})"
                  "\n";
  for (int i = 0; i < 4; ++i)
    w += json{{"id", fmt::format("w{}", i)},
              {"arrival_ns", int64_t(i) * 300'000'000},
              {"plugin", "prime"},
              {"params", {{"n", 20000}}},
              {"vcpus", 1},
              {"mem_mib", 128}}
             .dump() +
         "\n";
  auto wfile = t / "w.jsonl";
  fcbench::write_file(wfile, w);
  auto out = t / "out";
  auto r = fcbench_cmd({"run", "-w", wfile.string(), "-j", "2", "--timeout-s", "240", "-o",
                        out.string(), "--monitor-interval-s", "0.2"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 4);
  json rep = report_all_formats(out, recs);
  REQUIRE(rep["concurrency"].is_object());
  CHECK(rep["concurrency"]["peak"] == peak_in_flight(recs));
  std::string html = read_file(out / "report.html");
  CHECK_THAT(html, Catch::Contains("id=\"fig-concurrency\""));
  CHECK_THAT(html, Catch::Contains("id=\"fig-host-monitor\""));
  CHECK_THAT(html, Catch::Contains("id=\"fig-drift\""));
  // The concurrency table carries the JSON's peak.
  CHECK_THAT(html, Catch::Contains(fmt::format("<td>{}</td>", rep["concurrency"]["peak"].dump())));
}

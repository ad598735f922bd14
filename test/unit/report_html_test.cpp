// The HTML report: self-contained (no script, nothing fetched), every
// figure inline and in figures/, exact numbers in data attributes, escaped
// user strings, TCG labels, and small for a million records.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "../fixtures/test_support.hpp"
#include "report/charts.hpp"
#include "report/formats.hpp"
#include "report_html_support.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using namespace fcbench;
using nlohmann::json;
using report::ReportData;
using test::ScopedEnv;
using test::TempDir;

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// (group, stat) -> data-value, unescaped, from the summary table.
std::map<std::pair<int, std::string>, std::string> data_values(const std::string& html) {
  std::map<std::pair<int, std::string>, std::string> out;
  std::regex re(R"re(data-group="(\d+)" data-stat="([a-z0-9_]+)" data-value="([^"]*)")re");
  for (std::sregex_iterator it(html.begin(), html.end(), re), end; it != end; ++it) {
    std::string v = (*it)[3];
    v = std::regex_replace(v, std::regex("&quot;"), "\"");
    v = std::regex_replace(v, std::regex("&#39;"), "'");
    v = std::regex_replace(v, std::regex("&lt;"), "<");
    v = std::regex_replace(v, std::regex("&gt;"), ">");
    v = std::regex_replace(v, std::regex("&amp;"), "&");
    out[{std::stoi((*it)[1]), (*it)[2]}] = v;
  }
  return out;
}

// The name of every attribute of every tag, parsed as a browser would
// (values in double or single quotes, or bare).
std::set<std::string> attribute_names(const std::string& html) {
  std::set<std::string> out;
  std::regex tag(
      R"(<[a-zA-Z][^\s/>]*((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>)");
  std::regex attr(R"(\s+([^\s=/>]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)");
  for (std::sregex_iterator t(html.begin(), html.end(), tag), end; t != end; ++t) {
    std::string attrs = (*t)[1];
    for (std::sregex_iterator a(attrs.begin(), attrs.end(), attr); a != end; ++a)
      out.insert((*a)[1]);
  }
  return out;
}

// Everything in the page that would make a browser fetch something.
void check_self_contained(const std::string& html) {
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "http://") == 0);
  CHECK(count(html, "https://") == 0);
  CHECK(count(html, "<link") == 0);
  CHECK(count(html, "<img") == 0);
  CHECK(count(html, " src=") == 0);
  CHECK(count(html, "@import") == 0);
  std::regex url(R"(url\((?!#))");
  CHECK_FALSE(std::regex_search(html, url));
  std::regex href(R"re(href=["'](?!#))re");
  CHECK_FALSE(std::regex_search(html, href));
}

}  // namespace

TEST_CASE("html: one self-contained page, every figure inline and in figures/", "[report]") {
  TempDir t;
  auto d = test::make_dataset({"boot", "prime"}, 12);
  ReportData r{d, test::stats_all(d), {}, {}};
  auto html = report::to_html(r, t / "figures");
  check_self_contained(html);
  auto charts = report::all_charts(r);
  REQUIRE(charts.size() == 4);  // 2 metrics, host, drift
  CHECK(count(html, "<figure") == charts.size());
  CHECK(count(html, "<svg") == charts.size());
  CHECK(count(html, "Figure not drawn") == 0);
  for (auto& c : charts) {
    INFO(c.name);
    auto file = t / "figures" / (c.name + ".svg");
    REQUIRE(fs::exists(file));
    auto svg = read_file(file);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<title>" + c.title + "</title>") != std::string::npos);
    CHECK(html.find("id=\"fig-" + c.name + "\"") != std::string::npos);
  }
  // Ids are per figure: gnuplot's own ids appear once per figure, prefixed.
  CHECK(count(html, "id=\"gnuplot_canvas\"") == 0);
  for (size_t i = 0; i < charts.size(); ++i)
    CHECK(count(html, "id=\"f" + std::to_string(i) + "-gnuplot_canvas\"") == 1);
}

TEST_CASE("html: the summary table holds each number exactly, as the JSON writes it", "[report]") {
  TempDir t;
  auto d = test::make_dataset({"boot", "prime", "dd"}, 9, "kvm");
  ReportData r{d, test::stats_all(d), {}, {}};
  auto values = data_values(report::to_html(r, t / "figures"));
  REQUIRE(r.groups.size() == 6);
  for (size_t i = 0; i < r.groups.size(); ++i) {
    auto& g = r.groups[i];
    int gi = int(i);
    CHECK(values.at({gi, "benchmark"}) == json(g.key.benchmark).dump());
    CHECK(json::parse(values.at({gi, "params"})) == json::parse(g.key.params));
    CHECK(values.at({gi, "metric"}) == json(g.key.metric).dump());
    CHECK(values.at({gi, "accel"}) == "\"kvm\"");
    CHECK(values.at({gi, "n"}) == "9");
    for (auto [stat, v] : {std::pair{"mean", g.mean},
                           {"sd", g.sd},
                           {"cv", g.cv},
                           {"median", g.median},
                           {"min", g.min},
                           {"max", g.max},
                           {"p5", g.p5},
                           {"p25", g.p25},
                           {"p75", g.p75},
                           {"p95", g.p95},
                           {"p99", g.p99}}) {
      INFO(stat);
      CHECK(values.at({gi, stat}) == json(v).dump());
      CHECK(json::parse(values.at({gi, stat})).get<double>() == v);
    }
    CHECK(json::parse(values.at({gi, "ci95_mean"})) ==
          json::array({g.ci95_mean->lo, g.ci95_mean->hi}));
    CHECK(json::parse(values.at({gi, "ci95_median"})) ==
          json::array({g.ci95_median->lo, g.ci95_median->hi}));
    CHECK(values.at({gi, "outliers"}) == "0");
  }
}

TEST_CASE("html: a group with n < 2 has no CI, never +-0", "[report]") {
  TempDir t;
  auto d = test::make_dataset({"prime"}, 1);
  ReportData r{d, test::stats_all(d), {}, {}};
  auto html = report::to_html(r, t / "figures");
  auto values = data_values(html);
  CHECK(values.at({0, "ci95_mean"}) == "null");
  CHECK(values.at({0, "ci95_median"}) == "null");
  CHECK(count(html, "n &lt; 2: no CI") >= 4);  // 2 groups x 2 CIs, plus the figures' tables
  CHECK(count(html, "±0") == 0);
  CHECK(count(html, "[0, 0]") == 0);
}

TEST_CASE("html: every user string is escaped", "[report]") {
  TempDir t;
  auto d = test::make_dataset({"<script>alert(1)</script>", "x\" onmouseover=\"alert(2)"}, 3);
  d.env["host"]["cpu_model"] = "<img src=x onerror=alert(3)>";
  d.dirs = {"<b>dir</b>"};
  d.failures.push_back({results::Status::failed, "<iframe src=\"http://evil\">", 2, {"<i>id</i>"}});
  d.by_status[results::Status::failed] = 2;
  d.warnings.push_back("<style>body{display:none}</style>");
  ReportData r{d, test::stats_all(d), {}, {}};
  auto html = report::to_html(r, t / "figures");
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "<img") == 0);
  CHECK(count(html, "<iframe") == 0);
  CHECK(count(html, "<b>dir") == 0);
  CHECK(count(html, "<i>id") == 0);
  CHECK(count(html, "<style>") == 1);  // ours
  // No tag got an attribute from the name (its quote is text or &quot;).
  auto names = attribute_names(html);
  CHECK(names.count("data-value"));
  CHECK_FALSE(names.count("onmouseover"));
  CHECK_FALSE(names.count("onmouseover=\"alert(2)\""));
  CHECK(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") > 0);
  CHECK(count(html, "&lt;iframe src=&quot;http://evil&quot;&gt;") == 1);
}

TEST_CASE("html: TCG numbers are labelled in the summary, every figure and its tables",
          "[report]") {
  TempDir t;
  auto d = test::make_dataset({"boot", "prime"}, 6, "tcg");
  ReportData r{d, test::stats_all(d), {}, {}};
  auto html = report::to_html(r, t / "figures");
  CHECK(html.find("class=\"banner\"") != std::string::npos);
  CHECK(count(html, "tcg <span class=\"tcg\">emulated (TCG)</span>") == r.groups.size() + 1);
  std::regex caption("<figcaption>([^<]*)</figcaption>");
  size_t figures = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), caption), end; it != end; ++it, ++figures)
    CHECK(std::string((*it)[1]).find("emulated (TCG)") != std::string::npos);
  CHECK(figures == 4);
  std::regex table_caption("<caption>([^<]*)</caption>|<summary>([^<]*)</summary>");
  for (std::sregex_iterator it(html.begin(), html.end(), table_caption), end; it != end; ++it) {
    std::string c = std::string((*it)[1]) + std::string((*it)[2]);
    if (c.find("Records") == 0) continue;  // counts, no TCG numbers
    CHECK_THAT(c, Catch::Contains("emulated (TCG)"));
  }
  for (auto& f : fs::directory_iterator(t / "figures"))
    CHECK_THAT(read_file(f.path()), Catch::Contains("emulated (TCG)"));

  auto k = test::make_dataset({"boot"}, 6, "kvm");
  ReportData rk{k, test::stats_all(k), {}, {}};
  CHECK(count(report::to_html(rk, t / "figures-kvm"), "TCG") == 0);
}

TEST_CASE("html: without gnuplot the tables stay and each figure names gnuplot-nox", "[report]") {
  TempDir t;
  ScopedEnv no("FCBENCH_GNUPLOT", "/nonexistent/gnuplot");
  auto d = test::make_dataset({"prime"}, 5);
  ReportData r{d, test::stats_all(d), {}, {}};
  auto html = report::to_html(r, t / "figures");
  CHECK(count(html, "<svg") == 0);
  CHECK(count(html, "<figure") == 4);
  CHECK(count(html, "Figure not drawn: gnuplot not found") == 4);
  CHECK(count(html, "apt-get install gnuplot-nox") == 4);
  CHECK(count(html, "id=\"summary-table\"") == 1);
  CHECK(data_values(html).size() == 2 * 22);  // 2 groups, 22 keys each
  CHECK(fs::is_empty(t / "figures"));
}

TEST_CASE("html: a gnuplot that fails leaves its message in the figure's place", "[report]") {
  TempDir t;
  ScopedEnv broken("FCBENCH_GNUPLOT", "/bin/false");
  auto d = test::make_dataset({"prime"}, 5);
  ReportData r{d, test::stats_all(d), {}, {}};
  auto html = report::to_html(r, t / "figures");
  CHECK(count(html, "<svg") == 0);
  CHECK(count(html, "Figure not drawn: /bin/false failed (exit status 1)") == 4);
}

TEST_CASE("html: records by status, failure groups, warnings, repetition reasons", "[report]") {
  TempDir t;
  auto d = test::make_dataset({"prime"}, 5);
  d.by_status[results::Status::timeout] = 3;
  d.by_status[results::Status::failed] = 1;
  d.failures.push_back({results::Status::timeout, "timed out after 180 s", 3, {"a1", "a2", "a3"}});
  d.failures.push_back({results::Status::failed, "guest panicked", 1, {"b1"}});
  d.warnings.push_back("results.jsonl:9: torn last line skipped");
  // As run/adaptive_summary.cpp writes it (some fields left out).
  d.summary = {{"repetitions",
                {{{"benchmark", "prime"},
                  {"params", {{"n", 1000}}},
                  {"primary_metric", "runtime"},
                  {"n", 12},
                  {"stopped", true},
                  {"reason", "converged at n=12"}},
                 {{"benchmark", "boot"},
                  {"params", json::object()},
                  {"primary_metric", nullptr},
                  {"n", 50},
                  {"stopped", true},
                  {"reason", "hit max=50, CI ±3.4 %"}}}}};
  ReportData r{d, test::stats_all(d), {}, {}};
  auto html = report::to_html(r, t / "figures");
  CHECK_THAT(html, Catch::Contains("<td>timeout</td><td>3</td>"));
  CHECK_THAT(html,
             Catch::Contains(
                 "<td>timeout</td><td>3</td><td>timed out after 180 s</td><td>a1, a2, a3</td>"));
  CHECK_THAT(html, Catch::Contains("<td>failed</td><td>1</td><td>guest panicked</td><td>b1</td>"));
  CHECK_THAT(html, Catch::Contains("Warning: results.jsonl:9: torn last line skipped"));
  CHECK_THAT(html, Catch::Contains("<th>benchmark</th><th>params</th><th>primary_metric</th><th>n</"
                                   "th><th>reason</th><th>stopped</th>"));
  CHECK_THAT(html, Catch::Contains("<td>prime</td><td>n=1000</td><td>runtime</td><td>12</"
                                   "td><td>converged at n=12</td><td>true</td>"));
  CHECK_THAT(
      html,
      Catch::Contains(
          "<td>boot</td><td></td><td></td><td>50</td><td>hit max=50, CI ±3.4 %</td><td>true</td>"));
  CHECK_THAT(html, Catch::Contains("Test CPU @ 2.0GHz (2 threads)"));
  CHECK_THAT(html, Catch::Contains("qemu QEMU emulator version 7.2.0"));
  CHECK_THAT(html, Catch::Contains("0.1.0, commit 0123456789ab"));
}

TEST_CASE("html: a report of 1,000,000 records stays under 5 MB", "[report][size]") {
  TempDir t;
  auto d = test::make_dataset({"boot", "prime", "dd", "stream"}, 250000);
  // Four metrics per record: two more series per benchmark.
  for (size_t i = 0, n = d.series.size(); i < n; ++i) {
    auto s = d.series[i];
    s.key.metric += "_extra";
    d.series.push_back(std::move(s));
  }
  d.host.clear();
  for (int i = 0; i < 20000; ++i) {
    host::HostSample s;
    s.t_ns = d.instances[0].launched_ns + int64_t(i) * 1'000'000'000;
    s.interval_s = 1, s.cpu_user = 50 + i % 13, s.mem_available_kib = 1 << 22, s.running = i % 40;
    d.host.push_back(s);
  }
  analysis::Concurrency c;
  c.peak = 40, c.bin_s = 40;
  for (int i = 0; i < 500; ++i)
    c.bin_start_s.push_back(i * 40.0), c.actual.push_back(i % 40), c.ideal.push_back(i % 30);
  analysis::Slowdown sd;
  for (auto name : {"boot", "dd", "prime", "stream"}) {
    analysis::PluginSlowdown p{name, 250000, 2, 2, 3, {}};
    for (int i = 0; i < 5000; ++i) p.values.push_back(1 + (i % 100) / 50.0);
    sd.by_plugin.push_back(p);
  }
  for (uint32_t i = 0; i < 5000; ++i) sd.points.push_back({i % 40, 1 + (i % 40) / 20.0, i % 4});
  ReportData r{d, test::stats_all(d), c, sd};
  auto t0 = std::chrono::steady_clock::now();
  auto html = report::to_html(r, t / "figures");
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  WARN("to_html of 1,000,000 records: " << ms.count() << " ms, " << html.size() << " bytes");
  CHECK(d.records() == 1'000'000);
  CHECK(count(html, "<svg") == 9);  // 4 metrics, concurrency, 2 slowdown, host, drift
  CHECK(html.size() <= 5'000'000);
  size_t figures = 0;
  for (auto& f : fs::directory_iterator(t / "figures")) figures += fs::file_size(f.path()) > 0;
  CHECK(figures == 9);
}

// The report's figures: what each chart holds (boxes, sampled points,
// binned series, tables with the same numbers), TCG labels, and that the
// real gnuplot draws every script.
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "../fixtures/test_support.hpp"
#include "report/chart_support.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"
#include "report_html_support.hpp"

namespace {

using namespace fcbench;
using report::Chart;
using report::ReportData;

// The rows of datablock `name` in a script.
std::vector<std::string> block(const std::string& script, const std::string& name) {
  std::vector<std::string> rows;
  auto at = script.find("$" + name + " << EOD\n");
  if (at == std::string::npos) return rows;
  at = script.find('\n', at) + 1;
  for (size_t end; (end = script.find('\n', at)) != std::string::npos; at = end + 1) {
    std::string line = script.substr(at, end - at);
    if (line == "EOD") break;
    rows.push_back(line);
  }
  return rows;
}

std::vector<double> numbers(const std::string& row) {
  std::vector<double> v;
  std::istringstream in(row);
  for (std::string w; in >> w;) v.push_back(w == "NaN" ? std::nan("") : std::stod(w));
  return v;
}

// Draws the chart with the real gnuplot; the SVG must hold drawn paths.
void check_draws(const Chart& c) {
  auto p = report::gnuplot::find();
  REQUIRE(p);
  auto out = report::gnuplot::run(*p, report::gnuplot::svg_terminal(c.width, c.height) + c.script);
  INFO(c.name << ": " << out.error << "\n" << c.script.substr(0, 3000));
  REQUIRE(out.ok);
  CHECK(out.svg.find("<path") != std::string::npos);
  CHECK(out.error.empty());
}

const Chart* named(const std::vector<Chart>& cs, const std::string& name) {
  for (auto& c : cs)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("distribution: one figure per metric, one box per group, TCG in the title", "[report]") {
  auto d = test::make_dataset({"boot", "prime"}, 20);
  ReportData r{d, test::stats_all(d), {}, {}};
  auto cs = report::distribution_charts(r);
  REQUIRE(cs.size() == 2);
  std::set<std::string> names;
  for (auto& c : cs) {
    names.insert(c.name);
    CHECK(c.title.find("emulated (TCG)") != std::string::npos);
    CHECK(c.tcg);
    CHECK(block(c.script, "box").size() == 2);
    CHECK(block(c.script, "pts").size() == 40);
    CHECK(block(c.script, "ci").size() == 2);
    REQUIRE(c.tables.size() == 1);
    CHECK(c.tables[0].rows.size() == 2);
    check_draws(c);
  }
  CHECK(names == std::set<std::string>{"distribution-runtime", "distribution-vm.end-to-end"});
}

TEST_CASE("distribution: the box and its table carry the group's quartiles and CI", "[report]") {
  auto d = test::make_dataset({"prime"}, 50, "kvm");
  ReportData r{d, test::stats_all(d), {}, {}};
  auto cs = report::distribution_charts(r);
  const Chart* c = named(cs, "distribution-runtime");
  REQUIRE(c);
  CHECK(c->title.find("TCG") == std::string::npos);
  const auto& g = r.groups[0];
  REQUIRE(g.key.metric == "runtime");
  auto box = numbers(block(c->script, "box").at(0));
  REQUIRE(box.size() == 6);
  CHECK(box[2] == g.p25);
  CHECK(box[3] == g.median);
  CHECK(box[4] == g.p75);
  CHECK(box[1] >= g.min);
  CHECK(box[5] <= g.max);
  auto ci = numbers(block(c->script, "ci").at(0));
  CHECK(ci[2] == g.ci95_median->lo);
  CHECK(ci[3] == g.ci95_median->hi);
  auto& row = c->tables[0].rows.at(0);
  CHECK(row[0] == "0");  // the summary table's row
  CHECK(row[5] == report::chart::display(g.median));
  CHECK(row[8] == "[" + report::chart::display(g.ci95_median->lo) + ", " +
                      report::chart::display(g.ci95_median->hi) + "]");
}

TEST_CASE("distribution: n = 1 has no CI band, and says so in the table", "[report]") {
  auto d = test::make_dataset({"prime"}, 1);
  ReportData r{d, test::stats_all(d), {}, {}};
  for (auto& c : report::distribution_charts(r)) {
    CHECK(block(c.script, "ci").empty());
    CHECK(c.script.find("$ci") == std::string::npos);
    CHECK(c.tables[0].rows[0][8] == "n < 2: no CI");
    check_draws(c);
  }
}

TEST_CASE("distribution: points sampled to 1200 per figure, boxes capped at 30", "[report]") {
  std::vector<std::string> many;
  for (int i = 0; i < 40; ++i) many.push_back("bench" + std::to_string(i));
  auto d = test::make_dataset(many, 3);
  // One big group: 10,000 values.
  auto& s = d.series[0];
  for (int i = 0; i < 10000; ++i) s.values.push_back(100 + i % 97), s.instances.push_back(0);
  ReportData r{d, test::stats_all(d), {}, {}};
  auto cs = report::distribution_charts(r);
  const Chart* c = named(cs, "distribution-runtime");
  REQUIRE(c);
  CHECK(block(c->script, "box").size() == 30);
  CHECK(block(c->script, "pts").size() == 1200 / 30 + 29 * 3);
  CHECK(c->note.find("Showing the 30 groups with the most values of 40") != std::string::npos);
  CHECK(c->tables[0].rows[0][0] == "0");  // the big group is shown
  check_draws(*c);
}

TEST_CASE("distribution: hostile benchmark names reach gnuplot only quoted", "[report]") {
  test::TempDir t;
  auto marker = t / "pwned";
  auto d = test::make_dataset(
      {"a'`touch " + marker.string() + "`", "b' ; system('touch " + marker.string() + "') #"}, 5);
  ReportData r{d, test::stats_all(d), {}, {}};
  for (auto& c : report::distribution_charts(r)) check_draws(c);
  CHECK_FALSE(std::filesystem::exists(marker));
}

TEST_CASE("concurrency: actual and ideal steps, closed at the end, and a table of the bins",
          "[report]") {
  auto d = test::make_dataset({"prime"}, 4);
  analysis::Concurrency c;
  c.peak = 3, c.peak_at_s = 1.5, c.mean_in_flight = 1.25, c.bin_s = 0.5;
  c.bin_start_s = {0, 0.5, 1, 1.5};
  c.actual = {1, 2, 2, 3};
  c.ideal = {1, 1, 2, 2};
  ReportData r{d, test::stats_all(d), c, {}};
  auto ch = report::concurrency_chart(r);
  REQUIRE(ch);
  auto rows = block(ch->script, "bins");
  REQUIRE(rows.size() == 5);
  CHECK(rows[4] == "2 3 2");  // the last bin held to its end
  CHECK(ch->script.find("ideal") != std::string::npos);
  CHECK(ch->tables[0].rows[0] == std::vector<std::string>{"3", "1.5", "1.25", "0.5", "4"});
  CHECK(ch->tables[1].rows.size() == 4);
  CHECK(ch->title.find("emulated (TCG)") != std::string::npos);
  check_draws(*ch);

  c.ideal.clear();  // no baseline
  ReportData r2{d, test::stats_all(d), c, {}};
  ch = report::concurrency_chart(r2);
  REQUIRE(ch);
  CHECK(ch->script.find("title 'ideal") == std::string::npos);
  CHECK(ch->note.find("needs a baseline") != std::string::npos);
  check_draws(*ch);

  ReportData none{d, test::stats_all(d), {}, {}};
  CHECK_FALSE(report::concurrency_chart(none));
}

TEST_CASE("slowdown: per plugin boxes and a scatter against instances in flight", "[report]") {
  auto d = test::make_dataset({"prime", "dd"}, 10);
  analysis::Slowdown sd;
  for (auto name : {"dd", "prime"}) {
    analysis::PluginSlowdown p;
    p.plugin = name;
    for (int i = 0; i < 300; ++i) p.values.push_back(1 + (i % 30) / 10.0);
    p.n = 300, p.mean = 2.45, p.median = 2.45, p.p95 = 3.8;
    sd.by_plugin.push_back(p);
  }
  for (uint32_t i = 0; i < 500; ++i)
    sd.points.push_back({i % 8, 1 + (i % 8) * 0.25, test::intern(d, i % 2 ? "prime" : "dd")});
  sd.no_baseline = 7;
  ReportData r{d, test::stats_all(d), {}, sd};
  auto cs = report::slowdown_charts(r);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].name == "slowdown-by-plugin");
  CHECK(block(cs[0].script, "box").size() == 2);
  CHECK(block(cs[0].script, "pts").size() == 400);  // 200 per plugin
  CHECK(cs[0].tables[0].rows[0] == std::vector<std::string>{"dd", "300", "2.45", "2.45", "3.8", "1",
                                                            "1.7", "3.2", "3.9", "200"});
  CHECK(cs[0].note.find("7 ok records had no baseline") != std::string::npos);
  CHECK(cs[1].name == "slowdown-vs-in-flight");
  CHECK(block(cs[1].script, "p0").size() + block(cs[1].script, "p1").size() == 500);
  CHECK(cs[1].tables[0].rows.size() == 8);
  CHECK(cs[1].tables[0].rows[3] == std::vector<std::string>{"3", "63", "1.75", "1.75", "1.75"});
  for (auto& c : cs) check_draws(c);

  // The analysis keeps up to ~5000 points; the scatter draws 1500 of them,
  // and its table counts all.
  for (uint32_t i = 500; i < 5000; ++i)
    sd.points.push_back({i % 8, 1 + (i % 8) * 0.25, test::intern(d, "prime")});
  ReportData big{d, test::stats_all(d), {}, sd};
  auto scatter = report::slowdown_charts(big).at(1);
  CHECK(block(scatter.script, "p0").size() + block(scatter.script, "p1").size() == 1500);
  CHECK(scatter.tables[0].rows[3][1] == "625");
  CHECK(scatter.note.find("1500 of the 5000") != std::string::npos);
}

TEST_CASE("host: binned to at most 1000 points, running is the most in a bin", "[report]") {
  auto d = test::make_dataset({"prime"}, 4);
  d.host.clear();
  for (int i = 0; i < 5000; ++i) {
    host::HostSample s;
    s.t_ns = d.instances[0].launched_ns + int64_t(i) * 10'000'000;
    s.interval_s = i ? 0.01 : 0;
    s.cpu_user = 50, s.cpu_system = 20, s.cpu_iowait = 5;
    s.mem_available_kib = 2048 * 1024, s.load1 = 2, s.running = i == 2002 ? 9 : 1;
    d.host.push_back(s);
  }
  d.host[10].error = "cannot read /proc/meminfo";
  ReportData r{d, test::stats_all(d), {}, {}};
  auto c = report::host_chart(r);
  REQUIRE(c);
  auto rows = block(c->script, "host");
  CHECK(rows.size() <= 1000);
  CHECK(rows.size() >= 900);
  double most = 0;
  for (auto& row : rows) {
    auto v = numbers(row);
    REQUIRE(v.size() == 7);
    CHECK(v[4] == 2048);  // MiB
    most = std::max(most, v[6]);
  }
  CHECK(most == 9);
  CHECK(c->note.find("4999 samples") != std::string::npos);
  CHECK(c->note.find("1 samples that could not be read") != std::string::npos);
  CHECK(c->tables[0].rows[1][6] == "9");
  check_draws(*c);

  d.host.clear();
  ReportData empty{d, test::stats_all(d), {}, {}};
  CHECK_FALSE(report::host_chart(empty));
}

TEST_CASE("drift: ok instances with launch times, sampled per benchmark", "[report]") {
  auto d = test::make_dataset({"boot", "prime"}, 1000);
  d.instances[5].status = results::Status::failed;
  d.instances[6].launched_ns = analysis::kNoTime;
  ReportData r{d, test::stats_all(d), {}, {}};
  auto c = report::drift_chart(r);
  REQUIRE(c);
  CHECK(block(c->script, "s0").size() == 450);  // 900 per figure
  CHECK(block(c->script, "s1").size() == 450);
  CHECK(c->note.find("1998 ok instances; 900 drawn") != std::string::npos);
  auto first = numbers(block(c->script, "s0").at(0));
  CHECK(first[0] >= 0);
  CHECK(c->tables[0].rows.size() == 10);  // one after the other: 5 of the 10 bins each
  check_draws(*c);
}

TEST_CASE("all_charts: names unique, every figure drawn", "[report]") {
  auto d = test::make_dataset({"boot", "prime", "dd"}, 8);
  // Two metrics whose names slug alike.
  for (auto& s : d.series)
    if (s.key.metric == "runtime" && s.key.benchmark == "dd") s.key.metric = "Runtime";
  std::sort(d.series.begin(), d.series.end(), [](auto& a, auto& b) { return a.key < b.key; });
  ReportData r{d, test::stats_all(d), {}, {}};
  auto cs = report::all_charts(r);
  std::set<std::string> names;
  for (auto& c : cs) {
    CHECK(names.insert(c.name).second);
    CHECK(std::regex_match(c.name, std::regex("[a-z0-9.-]+")));
  }
  CHECK(names.count("distribution-runtime"));
  CHECK(names.count("distribution-runtime-2"));
  CHECK(names.count("host-monitor"));
  CHECK(names.count("drift"));
}

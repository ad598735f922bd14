// history/export: line protocol checked line by line against its grammar (a
// parser written here from the InfluxDB reference), OpenMetrics checked by
// the Prometheus project's own parser (Debian python3-prometheus-client).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "../fixtures/test_support.hpp"
#include "history/export.hpp"
#include "history_support.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace history = fcbench::history;
using fcbench::test::make_group;
using fcbench::test::make_run;
using Pairs = std::vector<std::pair<std::string, std::string>>;

namespace {

// ---- InfluxDB line protocol, from the reference's grammar -----------------
// <measurement>[,<tag_key>=<tag_value>...] <field_key>=<field_value>[,...] <timestamp>
// In keys and values, "\," "\=" "\ " and "\\" are escapes; any other
// backslash is literal. Unescaped ',' '=' ' ' delimit. No newline anywhere.
struct Point {
  std::string measurement;
  Pairs tags, fields;
  int64_t ts = 0;
};

struct LineParser {
  std::string_view s;
  size_t i = 0;
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what + " at column " + std::to_string(i + 1) +
                             " of: " + std::string(s));
  }
  // Reads up to an unescaped char of `stops`; unescapes.
  std::string token(std::string_view stops) {
    std::string out;
    while (i < s.size() && stops.find(s[i]) == std::string_view::npos) {
      if (s[i] == '\n') fail("a newline");
      if (s[i] == '\\' && i + 1 < s.size() &&
          std::string_view(",= \\").find(s[i + 1]) != std::string_view::npos) {
        out += s[i + 1];
        i += 2;
      } else {
        out += s[i++];
      }
    }
    if (out.empty()) fail("an empty name or value");
    return out;
  }
  void expect(char c) {
    if (i >= s.size() || s[i] != c) fail(std::string("expected '") + c + "'");
    ++i;
  }
  Point parse() {
    Point p;
    p.measurement = token(", ");
    while (i < s.size() && s[i] == ',') {
      ++i;
      std::string k = token("=, ");
      expect('=');
      std::string v = token("=, ");  // an unescaped '=' in a value is malformed
      if (i < s.size() && s[i] == '=') fail("an unescaped '=' in a tag value");
      p.tags.emplace_back(k, v);
    }
    expect(' ');
    static const std::regex number(R"(^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?\d+i$)");
    do {
      if (s[i] == ',') ++i;
      std::string k = token("=, ");
      expect('=');
      size_t start = i;
      while (i < s.size() && s[i] != ',' && s[i] != ' ') ++i;
      std::string v(s.substr(start, i - start));
      if (!std::regex_match(v, number)) fail("field value '" + v + "' is no number");
      p.fields.emplace_back(k, v);
    } while (i < s.size() && s[i] == ',');
    expect(' ');
    std::string ts(s.substr(i));
    if (!std::regex_match(ts, std::regex(R"(^-?\d+$)"))) fail("timestamp '" + ts + "'");
    p.ts = std::stoll(ts);
    return p;
  }
};

Point parse_line(std::string_view line) {
  return LineParser{line}.parse();
}

std::string value_of(const Pairs& p, const std::string& key) {
  for (auto& [k, v] : p)
    if (k == key) return v;
  return "<absent>";
}

// Groups whose names need every kind of escaping, and a group with n = 1
// (no CIs), a NaN and an infinity (which line protocol cannot carry).
std::vector<history::ExportRun> tricky_runs() {
  auto r1 = make_run("/res/a b", "my suite, v2", "2026-11-25T20:50:01.123Z");
  history::RunEntry e1{7, r1, "2026-11-25T21:00:00.000Z", 1795639801123000000LL, 3, true};
  auto g1 = make_group("prime[n=1000, method=sieve]", "runtime", 100);
  g1.key.params = R"({"method":"sieve","n":1000})";
  auto g2 = make_group(R"(quote"and\back\)", "rate", 5000.5);
  g2.unit = "MB/s";
  auto g3 = make_group("two\nlines", "vm.end_to_end", 3041.25, 1);
  g3.cv = std::numeric_limits<double>::quiet_NaN();
  g3.max = std::numeric_limits<double>::infinity();
  auto r2 = make_run("/res/b", "plain", "2026-11-26T00:00:00Z");
  history::RunEntry e2{8, r2, "2026-11-26T00:10:00.000Z", 1795651200000000000LL, 1, false};
  return {{e1, {g1, g2, g3}}, {e2, {make_group("boot", "vm.time_to_payload", 2894.5)}}};
}

}  // namespace

TEST_CASE("history export: escaping of tag keys and values", "[unit][history]") {
  CHECK(history::influx_escape("a b,c=d") == R"(a\ b\,c\=d)");
  CHECK(history::influx_escape(R"(C:\)") == R"(C:\\)");  // a trailing backslash stays one
  CHECK(history::influx_escape("x\ny") == R"(x\ny)");    // the two characters \n
  CHECK(history::influx_escape(R"(a\b)") == R"(a\b)");   // a lone backslash is literal
  CHECK(history::influx_escape(R"(a\,b\\c)") == R"(a\\\,b\\\c)");
  // Whatever the text, the grammar reads back what was escaped.
  for (std::string v : {"a b,c=d", R"(C:\)", R"(\\x\)", R"(a\,b\\c)", R"(\ \=\,)", "p\\ q"}) {
    INFO(v);
    CHECK(parse_line("m,t=" + history::influx_escape(v) + " f=1 1").tags.at(0).second == v);
    CHECK(parse_line("m,t=" + history::influx_escape(v) + ",u=x f=1 1").tags.at(0).second == v);
  }
  CHECK(history::openmetrics_escape("a\"b\\c\nd") == R"(a\"b\\c\nd)");
}

TEST_CASE("history export: every influx line parses by the grammar and carries the numbers",
          "[unit][history]") {
  const auto runs = tricky_runs();
  std::ostringstream out;
  history::write_influx(out, runs);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  REQUIRE(lines.size() == 4);  // one per group
  CHECK(out.str().back() == '\n');

  size_t k = 0;
  for (const auto& run : runs)
    for (const auto& g : run.groups) {
      INFO(lines[k]);
      Point p = parse_line(lines[k++]);
      CHECK(p.measurement == "fcbench");
      // Tags sorted by key (InfluxDB's advice), with the exact values.
      for (size_t j = 1; j < p.tags.size(); ++j) CHECK(p.tags[j - 1].first < p.tags[j].first);
      // A newline, which line protocol cannot carry, arrives as the two characters \n.
      std::string name = std::regex_replace(g.key.benchmark, std::regex("\n"), "\\n");
      CHECK(value_of(p.tags, "benchmark") == name);
      CHECK(value_of(p.tags, "plugin") == "prime");
      CHECK(value_of(p.tags, "params") == g.key.params);
      CHECK(value_of(p.tags, "vmm") == "qemu");
      CHECK(value_of(p.tags, "accel") == "tcg");
      CHECK(value_of(p.tags, "metric") == g.key.metric);
      CHECK(value_of(p.tags, "unit") == g.unit);
      CHECK(value_of(p.tags, "suite") == run.run.info.suite);
      CHECK(value_of(p.tags, "run") == std::to_string(run.run.id));
      CHECK(p.ts == run.run.started_ns);
      CHECK(value_of(p.fields, "n") == std::to_string(g.n) + "i");
      CHECK(std::stod(value_of(p.fields, "mean")) == g.mean);
      CHECK(std::stod(value_of(p.fields, "p99")) == g.p99);
      CHECK(std::stod(value_of(p.fields, "sd")) == g.sd);
      if (g.ci95_mean)
        CHECK(std::stod(value_of(p.fields, "ci95_mean_hi")) == g.ci95_mean->hi);
      else
        CHECK(value_of(p.fields, "ci95_mean_hi") == "<absent>");
    }
  // NaN and Inf are left out.
  Point p3 = parse_line(lines[2]);
  CHECK(value_of(p3.tags, "benchmark") == "two\\nlines");
  CHECK(value_of(p3.fields, "cv") == "<absent>");
  CHECK(value_of(p3.fields, "max") == "<absent>");
  CHECK(p3.fields.size() == 16 - 4 - 2);
  CHECK(parse_line(lines[0]).fields.size() == 16);
  // The checker itself rejects what it should.
  CHECK_THROWS(parse_line("fcbench,a=b c d=1 5"));
  CHECK_THROWS(parse_line("fcbench,a=b=c d=1 5"));
  CHECK_THROWS(parse_line("fcbench,a= d=1 5"));
  CHECK_THROWS(parse_line("fcbench,a=b d=nan 5"));
  CHECK_THROWS(parse_line("fcbench,a=b d=1 5 "));
  CHECK(value_of(parse_line(R"(m,a=x\ y\,z\\ f=1i 5)").tags, "a") == R"(x y,z\)");
}

namespace {

// The samples as prometheus_client's OpenMetrics parser sees them.
nlohmann::json parse_openmetrics(const std::string& text, int* exit_code = nullptr) {
  fcbench::test::TempDir t;
  fcbench::write_file(t / "x.om", text);
  const char* script = R"(
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = []
for fam in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in fam.samples:
        ts = s.timestamp.sec * 10**9 + s.timestamp.nsec
        out.append({"family": fam.name, "type": fam.type, "help": fam.documentation,
                    "name": s.name, "labels": s.labels, "value": repr(s.value), "ts": ts})
print(json.dumps(out))
)";
  // Debian's python3, where python3-prometheus-client is installed (setup.sh).
  auto r = fcbench::run_command({"/usr/bin/python3", "-c", script, (t / "x.om").string()});
  if (exit_code) {
    *exit_code = r.exit_code;
    return nullptr;
  }
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.output);
}

}  // namespace

TEST_CASE("history export: OpenMetrics parses with prometheus_client and carries the numbers",
          "[unit][history]") {
  const auto runs = tricky_runs();
  std::ostringstream out;
  history::write_openmetrics(out, runs);
  const std::string text = out.str();
  REQUIRE(text.size() > 6);
  CHECK(text.substr(text.size() - 6) == "# EOF\n");
  auto samples = parse_openmetrics(text);
  // 4 groups x 16 statistics, less 4 CI bounds of the n = 1 group.
  REQUIRE(samples.size() == 4 * 16 - 4);
  std::map<std::string, size_t> per_family;
  for (auto& s : samples) {
    per_family[s["family"]]++;
    CHECK(s["type"] == "gauge");
    CHECK(s["name"] == s["family"]);
  }
  CHECK(per_family.size() == 16);
  CHECK(per_family["fcbench_mean"] == 4);
  CHECK(per_family["fcbench_ci95_median_lo"] == 3);

  auto find = [&](const std::string& family, const std::string& benchmark) -> nlohmann::json {
    for (auto& s : samples)
      if (s["family"] == family && s["labels"]["benchmark"] == benchmark) return s;
    FAIL("no sample " << family << " for " << benchmark);
    return nullptr;
  };
  const auto& g1 = runs[0].groups[0];
  auto m = find("fcbench_mean", g1.key.benchmark);
  CHECK(std::stod(m["value"].get<std::string>()) == g1.mean);
  CHECK(m["ts"] == runs[0].run.started_ns);
  CHECK(m["labels"]["params"] == g1.key.params);
  CHECK(m["labels"]["suite"] == "my suite, v2");
  CHECK(m["labels"]["run"] == "7");
  CHECK(m["labels"]["unit"] == "ms");
  CHECK(m["labels"]["better"] == "lower");
  // Quotes, backslashes and a newline come back exactly.
  CHECK(find("fcbench_p95", R"(quote"and\back\)")["labels"]["unit"] == "MB/s");
  auto nan = find("fcbench_cv", "two\nlines");
  CHECK(nan["value"] == "nan");
  CHECK(find("fcbench_max", "two\nlines")["value"] == "inf");
  CHECK(find("fcbench_n", "boot")["value"] == "10");
  CHECK(find("fcbench_n", "boot")["ts"] == runs[1].run.started_ns);
  // The parser is strict: without "# EOF" it refuses the text.
  int rc = 0;
  parse_openmetrics(text.substr(0, text.size() - 6), &rc);
  CHECK(rc != 0);
}

TEST_CASE("history export: no runs is an empty influx text and a bare OpenMetrics one",
          "[unit][history]") {
  std::ostringstream influx, om;
  history::write_influx(influx, {});
  history::write_openmetrics(om, {});
  CHECK(influx.str().empty());
  CHECK(parse_openmetrics(om.str()).empty());
}

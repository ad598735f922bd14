// The prior tool's CSV files, line by line: rows, comments, the header and
// file:line:col errors.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "results/legacy_csv.hpp"
#include "util/error.hpp"

using Catch::Matchers::Equals;
using namespace fcbench::results::legacy;

namespace {

std::vector<std::string> warnings;

template <class F>
std::string error_of(F&& parse) {
  try {
    parse();
  } catch (const fcbench::ConfigError& e) {
    CHECK(e.exit_code == 2);
    return e.what();
  }
  FAIL("expected a ConfigError");
  return "";
}

std::string results_error(const std::string& text) {
  return error_of([&] { parse_results(text, "r.txt", warnings); });
}

constexpr const char* kHeader = "workloadID, workload argument, tFC, tVM, start time\n";

}  // namespace

TEST_CASE("legacy csv: fields are trimmed and keep their columns", "[unit][results]") {
  auto f = split_fields(" 1,  4096 ,1.639\r");
  REQUIRE(f.size() == 3);
  CHECK(f[0].text == "1");
  CHECK(f[0].col == 2);
  CHECK(f[1].text == "4096");
  CHECK(f[1].col == 6);
  CHECK(f[2].text == "1.639");
  CHECK(f[2].col == 12);
  auto empty = split_fields("a,,");
  REQUIRE(empty.size() == 3);
  CHECK(empty[1].text.empty());
  CHECK(empty[1].col == 3);
}

TEST_CASE("legacy csv: results rows, with comments, blank lines and CRLF", "[unit][results]") {
  std::vector<std::string> w;
  auto rows = parse_results(
      "# a comment\r\n"
      "workloadID, workload argument, tFC, tVM, start time\r\n"
      "0,1000000,4048,453,1606757721\r\n"
      "\n"
      "  # another\n"
      "2, 320, 14252, 10399, 1606757722.5\n",
      "r.txt", w);
  CHECK(w.empty());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].where.line == 3);
  CHECK(rows[0].id.text == "0");
  CHECK(rows[0].argument.text == "1000000");
  CHECK(rows[0].argument.col == 3);
  CHECK(rows[0].t_fc_ms == 4048);
  CHECK(rows[0].t_vm_ms == 453);
  CHECK(rows[0].start_ns == 1606757721'000'000'000);
  CHECK(rows[1].where.line == 6);
  CHECK(rows[1].argument.col == 4);
  CHECK(rows[1].t_vm_ms == 10399);
  CHECK(rows[1].start_ns == 1606757722'500'000'000);
}

TEST_CASE("legacy csv: a malformed results line is FILE:LINE:COL", "[unit][results]") {
  const std::string h = kHeader;
  CHECK_THAT(results_error(h + "0,1000,41x1,298,1606757721\n"),
             Equals("r.txt:2:8: tFC must be a whole number of milliseconds >= 0, got '41x1'"));
  CHECK_THAT(results_error(h + "0,1000,4231,-3,1606757721\n"),
             Equals("r.txt:2:13: tVM must be a whole number of milliseconds >= 0, got '-3'"));
  CHECK_THAT(results_error(h + "0,1000,4231,298\n"),
             Equals("r.txt:2:16: missing 'start time': expected 5 fields (workloadID, workload "
                    "argument, tFC, tVM, start time), got 4"));
  CHECK_THAT(results_error(h + "# c\n0,1000,4231,298,1606757721,7\n"),
             Equals("r.txt:3:28: expected 5 fields (workloadID, workload argument, tFC, tVM, "
                    "start time), got 6"));
  CHECK_THAT(results_error(h + "0, ,4231,298,1606757721\n"),
             Equals("r.txt:2:3: workload argument is empty"));
  CHECK_THAT(results_error(h + "0,1,4231,298,yesterday\n"),
             Equals("r.txt:2:14: start time must be Unix seconds, got 'yesterday'"));
  CHECK_THAT(results_error(h + ",1,4231,298,1\n"), Equals("r.txt:2:1: workloadID is empty"));
}

TEST_CASE("legacy csv: the header must be there and name the columns", "[unit][results]") {
  CHECK_THAT(results_error(""),
             Equals("r.txt:1:1: no header line 'workloadID, workload argument, tFC, tVM, start "
                    "time' found"));
  CHECK_THAT(results_error("0,1000,4231,298,1606757721\n"),
             Equals("r.txt:1:1: no header line 'workloadID, workload argument, tFC, tVM, start "
                    "time' found"));
  CHECK_THAT(results_error("workloadID, workload argument, tFC, tVM, end time\n"),
             Equals("r.txt:1:42: expected column 'start time' here, got 'end time' (expected "
                    "'workloadID, workload argument, tFC, tVM, start time')"));
  CHECK_THAT(results_error("WorkloadID, workload argument, tFC, tVM\n"),
             Equals("r.txt:1:40: the header lacks column 'start time' (expected 'workloadID, "
                    "workload argument, tFC, tVM, start time')"));
}

TEST_CASE("legacy csv: lines before the header are skipped with a warning", "[unit][results]") {
  // The prior tool's baselines.txt sometimes begins with its console output.
  std::vector<std::string> w;
  auto rows = parse_baselines(
      "---------------\n"
      "Disabling HyperThreading\n"
      "CPU: 0\t-> enable\n"
      "4194303\n"
      "workloadID, workload argument, run, tFC, tVM\n"
      "0,1000000,0,4185,286\n"
      "2,320,9,14237,10412\n",
      "b.txt", w);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].run == 9);
  CHECK(rows[1].t_fc_ms == 14237);
  CHECK(rows[1].t_vm_ms == 10412);
  CHECK(rows[1].where.line == 7);
  REQUIRE(w.size() == 1);
  CHECK_THAT(w[0], Equals("b.txt: skipped lines 1-4 before the header: not data (console output "
                          "of the prior tool?)"));
}

TEST_CASE("legacy csv: baseline rows and their errors", "[unit][results]") {
  const std::string h = "workloadID, workload argument, run, tFC, tVM\n";
  CHECK_THAT(
      error_of([&] { parse_baselines(h + "1,4096,first,37686,33919\n", "b.txt", warnings); }),
      Equals("b.txt:2:8: run must be a whole number of runs >= 0, got 'first'"));
  // A results file is not a baseline file: its header does not match.
  CHECK_THAT(error_of([&] { parse_baselines(kHeader, "b.txt", warnings); }),
             Equals("b.txt:1:32: expected column 'run' here, got 'tFC' (expected 'workloadID, "
                    "workload argument, run, tFC, tVM')"));
}

TEST_CASE("legacy csv: sysmon rows and its two header comments", "[unit][results]") {
  std::vector<std::string> w;
  auto s = parse_sysmon(
      "#cpu_count: 64\n"
      "#total_mem: 270332968960\n"
      "t,cpu_user,cpu_system,cpu_idle,cpu_inter,cpu_percentage,load_1m,mem_avail,swap_used\n"
      "1606757691.1726854,1.0,0.0,24.0,0.0,3.8,0.02,265838796800,107663360\n"
      "1606757692.174308,35.7,1.9,62.0,0.4,38.0,2.35,264487395328,0\n",
      "s.txt", w);
  CHECK(w.empty());
  CHECK(s.cpu_count == 64u);
  CHECK(s.total_mem == 270332968960u);
  REQUIRE(s.rows.size() == 2);
  CHECK(s.rows[0].line == 4);
  CHECK(std::llabs(s.rows[0].t_ns - 1606757691172685400) < 1000);  // a double: ~256 ns steps
  CHECK(s.rows[1].cpu_user == 35.7);
  CHECK(s.rows[1].cpu_system == 1.9);
  CHECK(s.rows[1].cpu_idle == 62.0);
  CHECK(s.rows[1].cpu_inter == 0.4);
  CHECK(s.rows[1].cpu_percentage == 38.0);
  CHECK(s.rows[1].load_1m == 2.35);
  CHECK(s.rows[1].mem_avail == 264487395328u);
  CHECK(s.rows[0].swap_used == 107663360u);
}

TEST_CASE("legacy csv: a malformed sysmon line is FILE:LINE:COL", "[unit][results]") {
  const std::string h =
      "t,cpu_user,cpu_system,cpu_idle,cpu_inter,cpu_percentage,load_1m,mem_avail,swap_used\n";
  auto sysmon_error = [&](const std::string& text) {
    return error_of([&] { parse_sysmon(text, "s.txt", warnings); });
  };
  CHECK_THAT(sysmon_error("#cpu_count: many\n" + h),
             Equals("s.txt:1:13: #cpu_count must be a whole number, got 'many'"));
  CHECK_THAT(sysmon_error(h + "1606757691.17,1.0,0.0,24.0,0.0,3.8,0.02,2.6e11,0\n"),
             Equals("s.txt:2:41: mem_avail must be a whole number of bytes, got '2.6e11'"));
  CHECK_THAT(sysmon_error(h + "1606757691.17,1.0,-0.5,24.0,0.0,3.8,0.02,1,0\n"),
             Equals("s.txt:2:19: cpu_system must be a number >= 0, got '-0.5'"));
}

// `fcbench history list|show|export` as a user runs them, against a history
// DB of its own (FCBENCH_HISTORY) filled through the registration API.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "../unit/history_support.hpp"
#include "e2e_support.hpp"
#include "history/store.hpp"

using Catch::Matchers::Contains;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::Sandbox;
using fcbench::test::make_group;
using fcbench::test::make_run;
using fcbench::test::ScopedEnv;
namespace history = fcbench::history;
namespace fs = std::filesystem;

namespace {

// Registers runs a (moved away afterwards), b and c; returns the DB.
fs::path three_runs(const Sandbox& t) {
  const auto db = t / "data/h.db";
  for (const char* d : {"run-a", "run-b", "run c"}) fs::create_directories(t / d);
  history::register_run(db, make_run(t / "run-a", "demo", "2026-03-01T10:00:00.000Z"),
                        {make_group("prime[n=1000]", "runtime", 100)});
  history::register_run(db, make_run(t / "run-b", "demo", "2026-03-02T10:00:00.000Z"),
                        {make_group("prime[n=1000]", "runtime", 104),
                         make_group("boot", "vm.end_to_end", 3041.25, 1)});
  history::register_run(db, make_run(t / "run c", "other, suite", "2026-03-03T10:00:00.000Z"),
                        {make_group("dd[size_mib=8]", "rate", 412.5)});
  fs::rename(t / "run-a", t / "moved-a");
  return db;
}

}  // namespace

TEST_CASE("history cli: list, filtered and limited, marks a moved directory", "[e2e][cli]") {
  Sandbox t;
  ScopedEnv env("FCBENCH_HISTORY", (t / "data/h.db").c_str());
  auto r = fcbench_cmd({"history", "list"});
  CHECK(r.exit_code == 0);  // no DB yet: an empty history
  CHECK_THAT(r.output, Contains("no runs in history DB"));
  CHECK_FALSE(fs::exists(t / "data/h.db"));
  three_runs(t);
  r = fcbench_cmd({"history", "list"});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("ID  STARTED"));
  CHECK_THAT(r.output, Contains((t / "run-a").string() + "  (missing)"));
  CHECK_THAT(r.output, !Contains((t / "run-b").string() + "  (missing)"));
  CHECK(r.output.find("3   2026-03-03") < r.output.find("1   2026-03-01"));  // newest first
  CHECK_THAT(r.output, Contains("3 of 3 runs"));
  r = fcbench_cmd({"history", "list", "--suite", "demo", "--limit", "1"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("2   2026-03-02") && Contains("1 of 3 runs"));
  CHECK_THAT(r.output, !Contains("2026-03-01") && !Contains("2026-03-03"));
}

TEST_CASE("history cli: show REF by last, last~N, id and directory, bad refs exit 2",
          "[e2e][cli]") {
  Sandbox t;
  ScopedEnv env("FCBENCH_HISTORY", (t / "data/h.db").c_str());
  const auto db = three_runs(t);
  auto r = fcbench_cmd({"history", "show", "last~1"});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("run         2\n"));
  CHECK_THAT(r.output, Contains("BENCHMARK"));
  CHECK_THAT(r.output, Contains("prime[n=1000]  runtime"));
  CHECK_THAT(r.output, Contains("emulated (TCG)"));
  CHECK(fcbench_cmd({"history", "show", (t / "run c").string()}).output.find("run         3\n") !=
        std::string::npos);
  r = fcbench_cmd({"history", "show", "1"});
  CHECK(r.exit_code == 0);  // a moved directory is reported, not fatal
  CHECK_THAT(r.output, Contains("(missing: moved or deleted)"));

  r = fcbench_cmd({"history", "show", "last~5"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("no run 'last~5' in history DB " + db.string() + " (3 runs)"));
  fs::create_directories(t / "unregistered");
  r = fcbench_cmd({"history", "show", (t / "unregistered").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("is not registered"));
  CHECK(fcbench_cmd({"history", "show"}).exit_code == 2);
  CHECK(fcbench_cmd({"history", "frobnicate"}).exit_code == 2);
  CHECK(fcbench_cmd({"history", "list", "--limit", "x"}).exit_code == 2);
}

TEST_CASE("history cli: export influx and openmetrics, all runs or the given ones", "[e2e][cli]") {
  Sandbox t;
  ScopedEnv env("FCBENCH_HISTORY", (t / "data/h.db").c_str());
  three_runs(t);
  auto r = fcbench_cmd({"history", "export"});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  // One line per group, oldest run first, timestamps from the start times.
  // date -u -d 2026-03-01T10:00:00Z +%s → 1772359200
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 4);
  CHECK(r.output.rfind("fcbench,accel=tcg,benchmark=prime[n\\=1000],better=lower,metric=runtime,",
                       0) == 0);
  CHECK_THAT(r.output, Contains(",run=1,suite=demo,unit=ms,vmm=qemu n=10i,mean=100.1,"));
  CHECK_THAT(r.output, Contains(" 1772359200000000000\n"));
  CHECK_THAT(r.output, Contains("suite=other\\,\\ suite"));
  r = fcbench_cmd({"history", "export", "--format", "openmetrics", "last", "1", "last~2"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("# TYPE fcbench_mean gauge\n"));
  CHECK_THAT(r.output, Contains("fcbench_mean{accel=\"tcg\",benchmark=\"dd[size_mib=8]\""));
  CHECK_THAT(r.output, Contains("run=\"1\""));
  CHECK_THAT(r.output, !Contains("run=\"2\""));
  // Run 1, named twice, is exported once: one fcbench_n sample per group of runs 1 and 3.
  size_t samples = 0;
  for (size_t at = 0; (at = r.output.find("\nfcbench_n{", at)) != std::string::npos; ++at)
    ++samples;
  CHECK(samples == 2);
  CHECK(r.output.substr(r.output.size() - 6) == "# EOF\n");
  r = fcbench_cmd({"history", "export", "--format", "xml"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("influx or openmetrics"));
  CHECK(fcbench_cmd({"history", "export", "last~3"}).exit_code == 2);
}

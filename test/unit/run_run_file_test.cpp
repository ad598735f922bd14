// Resume bookkeeping: which records are final, what moves aside, what stays.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../fixtures/test_support.hpp"
#include "run/run_file.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace {

using fcbench::test::TempDir;

std::string line(const std::string& id, const std::string& status) {
  return nlohmann::json{{"id", id}, {"status", status}, {"suite", "s"}}.dump() + "\n";
}

size_t count_lines(const std::filesystem::path& f) {
  std::ifstream in(f);
  size_t n = 0;
  for (std::string l; std::getline(in, l);) n += !l.empty();
  return n;
}

}  // namespace

TEST_CASE("resume: final records stay, the rest move aside and nothing is lost",
          "[unit][resume]") {
  TempDir t;
  auto results = t / "results.jsonl", aside = t / "results.superseded.jsonl";
  fcbench::write_file(results, line("a", "ok") + line("b", "interrupted") +
                                   line("c", "not_started") + line("d", "failed") +
                                   line("e", "timeout") + line("b", "ok") +
                                   "{\"id\":\"f\",\"sta");  // cut short by SIGKILL
  auto kept = fcbench::run::split_final_records(results, aside);
  REQUIRE(kept.size() == 4);
  CHECK(kept[0].id == "a");
  CHECK(kept[1].id == "d");
  CHECK(kept[2].id == "e");
  CHECK(kept[3].id == "b");
  CHECK(kept[3].status == "ok");
  CHECK(count_lines(results) == 4);
  CHECK(count_lines(aside) == 3);  // b interrupted, c not started, the partial line
  CHECK(fcbench::read_file(aside).find("\"sta") != std::string::npos);

  // A second split finds nothing to move.
  auto again = fcbench::run::split_final_records(results, aside);
  CHECK(again.size() == 4);
  CHECK(count_lines(aside) == 3);
}

TEST_CASE("resume: of two final records for one id, the last one stays", "[unit][resume]") {
  TempDir t;
  auto results = t / "results.jsonl", aside = t / "aside.jsonl";
  fcbench::write_file(results, line("a", "failed") + line("a", "ok"));
  auto kept = fcbench::run::split_final_records(results, aside);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].status == "ok");
  CHECK(count_lines(aside) == 1);
}

TEST_CASE("resume: final statuses", "[unit][resume]") {
  using fcbench::run::is_final;
  CHECK(is_final("ok"));
  CHECK(is_final("failed"));
  CHECK(is_final("timeout"));
  CHECK_FALSE(is_final("interrupted"));
  CHECK_FALSE(is_final("not_started"));
}

TEST_CASE("resume: a directory without run.json is refused with exit 2", "[unit][resume]") {
  TempDir t;
  try {
    fcbench::run::read_run_file(t.path());
    FAIL("no error");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK(std::string(e.what()).find("not a resumable fcbench run") != std::string::npos);
  }
  fcbench::write_file(t / "run.json", "{\"format\": \"something-else\"}");
  CHECK_THROWS_AS(fcbench::run::read_run_file(t.path()), fcbench::UserError);
}

TEST_CASE("resume: run.json round-trips the run's options", "[unit][resume]") {
  TempDir t;
  auto src_file = t / "w.jsonl";
  fcbench::write_file(src_file, "x");
  fcbench::run::Source src{"workload", src_file, "w", "abc"};
  fcbench::run::RunOptions o;
  o.vmm = "native";
  o.max_concurrent = 7;
  o.timeout_s = 12.5;
  o.grace_s = 0;
  o.monitor_interval_s = 0.25;
  fcbench::run::write_run_file(t.path(), src, o);
  auto rf = fcbench::run::read_run_file(t.path());
  CHECK(rf.src.kind == "workload");
  CHECK(rf.src.name == "w");
  CHECK(rf.src.sha256 == "abc");
  CHECK(rf.options.vmm == "native");
  CHECK(rf.options.max_concurrent == 7);
  CHECK(rf.options.timeout_s == 12.5);
  CHECK(rf.options.grace_s == 0);
  CHECK(rf.options.monitor_interval_s == 0.25);
  CHECK(rf.options.output == t.path());
}

// run/run_file: run.json, what --resume needs to finish a run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "../fixtures/test_support.hpp"
#include "run/run_file.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using fcbench::test::TempDir;

TEST_CASE("run file: a directory without run.json is refused with exit 2", "[unit][run_file]") {
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

TEST_CASE("run file: run.json round-trips the run's options", "[unit][run_file]") {
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

TEST_CASE("run file: the shard is kept for --resume, the start instant is not",
          "[unit][run_file]") {
  TempDir t;
  fcbench::write_file(t / "w.jsonl", "x");
  fcbench::run::RunOptions o;
  o.shard = fcbench::run::Shard{1, 3};
  o.start_at_wall_ns = 1795639801123456789LL;
  o.late_ok = true;
  fcbench::run::write_run_file(t.path(), {"workload", t / "w.jsonl", "w", "abc"}, o);
  auto rf = fcbench::run::read_run_file(t.path());
  REQUIRE(rf.options.shard);
  CHECK(*rf.options.shard == fcbench::run::Shard{1, 3});
  CHECK(rf.options.start_at_wall_ns == 0);  // a common start is one-off
  CHECK_FALSE(rf.options.late_ok);
  CHECK(nlohmann::json::parse(fcbench::read_file(t / "run.json"))["options"]["start_at_ns"] ==
        1795639801123456789LL);
}

TEST_CASE("run file: an integer option out of range is refused naming it", "[unit][run_file]") {
  TempDir t;
  fcbench::write_file(t / "w.jsonl", "x");
  fcbench::run::RunOptions o;
  o.shard = fcbench::run::Shard{1, 3};
  fcbench::run::write_run_file(t.path(), {"workload", t / "w.jsonl", "w", "abc"}, o);
  const auto good = nlohmann::json::parse(fcbench::read_file(t / "run.json"));
  // Floats out of range were undefined behaviour in nlohmann's get<>; an
  // integer out of range wrapped.
  for (auto [path, value, field] :
       {std::tuple{"/options/repetitions", "2.6e+79", "repetitions: 2.6e+79"},
        std::tuple{"/options/max_concurrent", "4294967296", "max_concurrent: 4294967296"},
        std::tuple{"/options/shard/index", "4.4e+30", "shard.index: 4.4e+30"},
        std::tuple{"/options/shard/count", "-3", "shard.count: -3"}}) {
    CAPTURE(path);
    auto j = good;
    j[nlohmann::json::json_pointer(path)] = nlohmann::json::parse(value);
    fcbench::write_file(t / "run.json", j.dump());
    try {
      fcbench::run::read_run_file(t.path());
      FAIL("accepted");
    } catch (const fcbench::UserError& e) {
      CHECK(e.exit_code == 2);
      CHECK_THAT(e.what(), Catch::Matchers::Contains("not a valid run file (" + std::string(field) +
                                                     " is not an integer"));
    }
  }
}

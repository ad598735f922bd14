// run/output_dir: which files make a directory another run's, and what
// claim_output refuses, or replaces with force.
#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "run/output_dir.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using fcbench::run::claim_output;
using fcbench::run::leftovers;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("output dir: leftovers are fcbench's non-empty files, never the lock", "[unit][run]") {
  TempDir dir;
  fs::create_directories(dir / "logs");  // empty: nothing to lose
  fcbench::write_file(dir / "results.jsonl", "");
  fcbench::write_file(dir / ".lock", "123\n");
  fcbench::write_file(dir / "notes.txt", "mine\n");
  CHECK(leftovers(dir.path()).empty());
  fcbench::write_file(dir / "logs" / "a.serial.log", "x");
  fcbench::write_file(dir / "run.json", "{}");
  fs::create_directories(dir / "instances" / "a");
  CHECK(leftovers(dir.path()) == std::vector<std::string>{"instances", "logs", "run.json"});
}

TEST_CASE("output dir: claim refuses leftovers unless forced, and results always", "[unit][run]") {
  TempDir dir;
  const auto out = dir / "out";
  CHECK(claim_output(out, false).held());  // a new directory, left unused: removed again
  CHECK_FALSE(fs::exists(out));
  fs::create_directories(out);
  fcbench::write_file(out / "env.json", "{}");
  CHECK_THROWS_WITH(claim_output(out, false),
                    Contains("holds files of an earlier fcbench run but no results (env.json)") &&
                        Contains("add --force"));
  CHECK(claim_output(out, true).held());
  CHECK_FALSE(fs::exists(out / "env.json"));
  fcbench::write_file(out / "results.jsonl", "{}\n");
  CHECK_THROWS_WITH(claim_output(out, true), Contains("already holds results"));
  const auto held = claim_output(dir / "busy", false);
  CHECK_THROWS_WITH(claim_output(dir / "busy", true), Contains("is in use: fcbench (PID"));
}

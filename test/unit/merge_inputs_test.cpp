// merge/inputs: what `fcbench merge` reads from each results directory.
#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "merge/inputs.hpp"
#include "run/run_file.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fcbench::test::TempDir;

namespace {

// A workload run's directory: run.json, workload.jsonl and one record.
void make_run(const std::filesystem::path& dir) {
  fcbench::write_file(dir / "workload.jsonl", "{\"id\": \"w0\"}\n");
  fcbench::run::RunOptions o;
  o.vmm = "native";
  fcbench::run::write_run_file(dir, {"workload", dir / "workload.jsonl", "w", "abc"}, o);
  fcbench::write_file(dir / "results.jsonl", "{\"id\": \"w0\", \"status\": \"ok\"}\n");
}

// read_input's UserError: its exit code and message.
std::pair<int, std::string> error_of(const std::filesystem::path& dir) {
  try {
    fcbench::merge::read_input(dir);
  } catch (const fcbench::UserError& e) {
    return {e.exit_code, e.what()};
  }
  return {0, ""};
}

}  // namespace

TEST_CASE("merge input: a run directory's records and env.json are read", "[unit][merge]") {
  TempDir t;
  make_run(t.path());
  fcbench::write_file(t / "env.json", R"({"fcbench": {"version": "0.1.0"}})");
  const auto in = fcbench::merge::read_input(t.path());
  REQUIRE(in.records.size() == 1);
  CHECK(in.records[0].rec.id == "w0");
  CHECK(in.records[0].line == 1);
  CHECK(in.fcbench_version == "0.1.0");
}

TEST_CASE("merge input: a malformed env.json is file:line:col, exit 2", "[unit][merge]") {
  TempDir t;
  make_run(t.path());
  const std::string env = (t / "env.json").string();
  SECTION("a number too large for a double") {
    fcbench::write_file(t / "env.json", "{\n  \"x\": 1E99999}");
    CHECK(error_of(t.path()) ==
          std::pair{2, env + ":2:8: invalid JSON: number 1E99999 is too large"});
  }
  SECTION("a syntax error") {
    fcbench::write_file(t / "env.json", "{\"x\": nope}");
    const auto [code, what] = error_of(t.path());
    CHECK(code == 2);
    CHECK_THAT(what, StartsWith(env + ":1:8: invalid JSON: "));
  }
}

TEST_CASE("merge input: a number too large for a double in results.jsonl is file:line:col",
          "[unit][merge]") {
  TempDir t;
  make_run(t.path());
  const std::string results = (t / "results.jsonl").string();
  fcbench::write_file(t / "results.jsonl",
                      "{\"id\": \"w0\", \"status\": \"ok\"}\n{\"id\": \"w1\", \"x\": 1E99999}\n");
  CHECK(error_of(t.path()) ==
        std::pair{2, results + ":2:19: invalid JSON: number 1E99999 is too large"});
}

TEST_CASE("merge input: an integer field out of range in a record is an error naming it",
          "[unit][merge]") {
  TempDir t;
  make_run(t.path());
  const std::string results = (t / "results.jsonl").string();
  fcbench::write_file(t / "results.jsonl", "{\"id\": \"w0\", \"vcpus\": 2.6e+79}\n");
  const auto [code, what] = error_of(t.path());
  CHECK(code == 2);
  CHECK_THAT(what, StartsWith(results + ":1:1: vcpus: 2.6e+79 is not an integer"));
}

// results/record: the status enum and its one spelling in results.jsonl.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "../fixtures/test_support.hpp"
#include "results/record.hpp"
#include "results/sink.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fcbench::results::Status;
using fcbench::test::TempDir;

TEST_CASE("record status: each status round-trips through its name", "[unit][results]") {
  for (auto [s, name] :
       {std::pair{Status::ok, "ok"}, std::pair{Status::failed, "failed"},
        std::pair{Status::timeout, "timeout"}, std::pair{Status::interrupted, "interrupted"},
        std::pair{Status::not_started, "not_started"}}) {
    CHECK(fcbench::results::to_string(s) == name);
    CHECK(fcbench::results::status_from_string(name) == s);
    fcbench::results::Record r;
    r.status = s;
    auto j = fcbench::results::to_json(r);
    CHECK(j["status"] == name);
    CHECK(fcbench::results::from_json(j).status == s);
  }
  CHECK_FALSE(fcbench::results::status_from_string("OK"));
  CHECK_FALSE(fcbench::results::status_from_string(""));
}

TEST_CASE("record status: an unknown status is an error naming it", "[unit][results]") {
  CHECK_THROWS_AS(fcbench::results::from_json({{"status", "exploded"}}), std::invalid_argument);
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  fcbench::write_file(file,
                      "{\"id\": \"a\", \"status\": \"ok\"}\n{\"id\": \"b\", \"status\": "
                      "\"exploded\"}\n");
  try {
    fcbench::results::read_records(file);
    FAIL("an unknown status was accepted");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), StartsWith(file.string() + ":2:1: invalid record: ") &&
                             Contains("unknown status 'exploded'") &&
                             Contains("ok, failed, timeout, interrupted, not_started"));
  }
}

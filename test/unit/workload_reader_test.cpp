// workload/reader: a workload file → instances, and the lines it refuses
// with file:line:col.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "workload/reader.hpp"
#include "workload/spec.hpp"
#include "workload_support.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fcbench::ConfigError;
using fcbench::test::TempDir;

namespace {

const std::string kHeader = R"({"format":"fcbench-workload-1","spec":{},"seed":1})";

// `line` as the workload's one instance line (line 2), read back.
fcbench::workload::Workload read(const TempDir& dir, const std::string& line) {
  std::ofstream(dir / "w.jsonl") << kHeader << "\n" << line << "\n";
  return fcbench::workload::read_workload(dir / "w.jsonl", fcbench::test::workload_plugins());
}

std::string error_of(const std::string& line) {
  TempDir dir;
  try {
    read(dir, line);
  } catch (const ConfigError& e) {
    CHECK(e.exit_code == 2);
    return std::string(e.what()).substr((dir / "w.jsonl").string().size());
  }
  FAIL("expected a ConfigError for:\n" << line);
  return "";
}

// An instance line, its fields in this order.
std::string instance(const nlohmann::json& id, const nlohmann::json& arrival) {
  return nlohmann::ordered_json{{"id", id}, {"arrival_ns", arrival}, {"plugin", "boot"}}.dump();
}

}  // namespace

TEST_CASE("workload reader: an id with a control character is refused", "[unit][workload]") {
  // A NUL cut the id short in file names: two ids shared one directory.
  for (std::string bad : {std::string("a\0b", 3), std::string("a\nb"), std::string("a\x1b")}) {
    INFO(nlohmann::json(bad).dump());
    CHECK_THAT(error_of(instance(bad, 0)),
               StartsWith(":2:2: id ") && Contains("may not contain control characters"));
  }
  TempDir dir;
  CHECK(read(dir, instance("a,b", 0)).instances[0].id == "a,b");  // QEMU's options escape it
}

TEST_CASE("workload reader: arrival_ns is at most 30 days", "[unit][workload]") {
  const int64_t max = fcbench::workload::kMaxArrivalNs;
  // INT64_MAX overflowed start + arrival in the schedule.
  for (const nlohmann::json& bad : {nlohmann::json(INT64_MAX), nlohmann::json(max + 1),
                                    nlohmann::json(UINT64_MAX), nlohmann::json(-1)}) {
    INFO(bad.dump());
    CHECK_THAT(error_of(instance("x", bad)),
               StartsWith(":2:11: arrival_ns must be an integer from 0 to 2592000000000000"));
  }
  TempDir dir;
  CHECK(read(dir, instance("x", max)).instances[0].arrival_ns == max);
}

TEST_CASE("workload reader: a line that is not UTF-8 is refused", "[unit][workload]") {
  CHECK_THAT(error_of("{\"id\":\"a\xff\",\"arrival_ns\":0,\"plugin\":\"boot\"}"),
             StartsWith(":2:") && Contains("invalid JSON"));
}

TEST_CASE("workload reader: a header whose format is not a string is refused (found by fuzzing)",
          "[unit][workload]") {
  TempDir dir;
  std::ofstream(dir / "w.jsonl") << R"({"format":false,"seed":1})" << "\n"
                                 << R"({"id":"a","arrival_ns":0,"plugin":"prime"})" << "\n";
  try {
    fcbench::workload::read_workload(dir / "w.jsonl", fcbench::test::workload_plugins());
    FAIL("accepted");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), StartsWith((dir / "w.jsonl").string() + ":1:1: not an fcbench workload"));
  }
}

// Found by the workload fuzz target: a number too large for a double made
// nlohmann throw out_of_range (406), not parse_error, and it escaped.
TEST_CASE("workload reader: a number too large for a double is refused with file:line:col",
          "[unit][workload]") {
  CHECK(error_of(R"({"id":"a","arrival_ns":1E99999,"plugin":"boot"})") ==
        ":2:24: invalid JSON: number 1E99999 is too large");
}

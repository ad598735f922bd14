// workload/reader: a workload file → instances, and the lines it refuses
// with file:line:col.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "workload/jsonl.hpp"
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
  std::ofstream(dir / "w.jsonl") << R"({"format":false,"seed":1})"
                                 << "\n"
                                 << R"({"id":"a","arrival_ns":0,"plugin":"prime"})"
                                 << "\n";
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

namespace {

// `lines` after a warm-up line that teaches the fast path boot's params:
// each line then goes the fast way if it can.
std::string warm_error_of(const std::string& line) {
  TempDir dir;
  std::ofstream(dir / "w.jsonl") << kHeader << "\n"
                                 << R"({"id":"warm","arrival_ns":0,"plugin":"boot"})"
                                 << "\n"
                                 << line << "\n";
  try {
    fcbench::workload::read_workload(dir / "w.jsonl", fcbench::test::workload_plugins());
  } catch (const ConfigError& e) {
    return std::string(e.what()).substr((dir / "w.jsonl").string().size());
  }
  FAIL("expected a ConfigError for:\n" << line);
  return "";
}

}  // namespace

TEST_CASE("workload reader: the fast way refuses what the strict way refuses, with its message",
          "[unit][workload]") {
  // Each line is refused on line 3, after a line that made boot's params known.
  for (std::string bad : {
           R"({"id":"a","arrival_ns":1,"plugin":"boot",})",   // trailing comma
           R"({"id":"a","arrival_ns":1,"plugin":"boot"} x)",  // trailing text
           R"({"id":"a","arrival_ns":1.5,"plugin":"boot"})",  // not an integer
           R"({"id":"a","arrival_ns":-1,"plugin":"boot"})",   // negative
           R"({"id":"a","arrival_ns":99999999999999999999,"plugin":"boot"})",
           R"({"id":"a","arrival_ns":1,"plugin":"boot","extra":1})",  // unknown field
           R"({"id":"a","arrival_ns":1})",                            // no plugin
           R"({"id":"","arrival_ns":1,"plugin":"boot"})",             // empty id
           R"({"id":"a/b","arrival_ns":1,"plugin":"boot"})",          // a path
           R"({"id":"..","arrival_ns":1,"plugin":"boot"})",
           R"({"id":7,"arrival_ns":1,"plugin":"boot"})",    // not a string
           R"({"id":"a","arrival_ns":1,"plugin":"nope"})",  // unknown plugin
           R"({"id":"a","arrival_ns":1,"plugin":"boot","params":{}, "vcpus":0})",
           R"({"id":"a","arrival_ns":1,"plugin":"boot","mem_mib":15})",
           R"({"id":"a","arrival_ns":1,"plugin":"boot","vcpus":2.0})",
           R"({"id":"a","arrival_ns":1,"plugin":"boot","params":[]})",
           R"({"id":"a","arrival_ns":1,"plugin":"boot","params":{"x":1}})",  // no such param
           R"({"id":"warm","arrival_ns":1,"plugin":"boot"})",                // duplicate id
           R"(["id","a"])",
       }) {
    INFO(bad);
    const std::string warm = warm_error_of(bad);
    CHECK_THAT(warm, StartsWith(":3:"));
    // The same message as when the line is read the strict way (line 2, cold).
    if (bad.find("\"warm\"") == std::string::npos) CHECK(warm.substr(2) == error_of(bad).substr(2));
  }
}

TEST_CASE("workload reader: lines read the fast way equal the strict way's", "[unit][workload]") {
  TempDir dir;
  const std::vector<std::string> lines = {
      R"({"id":"a","arrival_ns":5,"plugin":"boot"})",
      R"({"id":"b","arrival_ns":7,"plugin":"boot","params":{},"vcpus":2,"mem_mib":512})",
      R"({"arrival_ns":9,"id":"c","plugin":"boot"})",
      R"( { "id" : "d" , "arrival_ns" : 11 , "plugin" : "boot" } )"};
  // Each line alone (cold: the strict way), then all after one another
  // (the later ones the fast way).
  std::vector<std::string> cold;
  for (auto& l : lines) {
    auto w = read(dir, l);
    cold.push_back(fcbench::workload::instance_line(w.instances.at(0)));
  }
  std::ofstream out(dir / "all.jsonl");
  out << kHeader << "\n";
  for (auto& l : lines) out << l << "\n";
  out.close();
  auto w = fcbench::workload::read_workload(dir / "all.jsonl", fcbench::test::workload_plugins());
  REQUIRE(w.instances.size() == lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    INFO(lines[i]);
    CHECK(fcbench::workload::instance_line(w.instances[i]) == cold[i]);
    CHECK(w.instances[i].where.line == int(i) + 2);
  }
}

TEST_CASE("workload reader: a duplicate id is found among thousands, on the line repeating it",
          "[unit][workload]") {
  TempDir dir;
  std::ofstream out(dir / "w.jsonl");
  out << kHeader << "\n";
  for (int i = 0; i < 5000; ++i) out << instance("i" + std::to_string(i), i) << "\n";
  out.close();
  const auto& plugins = fcbench::test::workload_plugins();
  CHECK(fcbench::workload::read_workload(dir / "w.jsonl", plugins).instances.size() == 5000);
  std::ofstream(dir / "w.jsonl", std::ios::app) << instance("i1234", 5000) << "\n";
  try {
    fcbench::workload::read_workload(dir / "w.jsonl", plugins);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).substr((dir / "w.jsonl").string().size()) ==
          ":5002:2: duplicate id 'i1234'");
  }
}

TEST_CASE("workload reader: lines with the same plugin and params read the fast way share a shape",
          "[unit][workload]") {
  TempDir dir;
  std::ofstream out(dir / "w.jsonl");
  out << kHeader << "\n";
  for (const char* line : {
           R"({"id":"a","arrival_ns":1,"plugin":"prime","params":{"n":2}})",
           R"({"id":"b","arrival_ns":2,"plugin":"prime","params":{"n":2}})",
           R"({"id":"c","arrival_ns":3,"plugin":"prime","params":{"n":3}})",
           R"({"id":"d","arrival_ns":4,"plugin":"prime","params":{"n":3}})",
           R"({"id":"e","arrival_ns":5,"plugin":"prime","params":{"n":2},"vcpus":2})",
       })
    out << line << "\n";
  out.close();
  auto w = fcbench::workload::read_workload(dir / "w.jsonl", fcbench::test::workload_plugins());
  REQUIRE(w.instances.size() == 5);
  using fcbench::workload::kNoShape;
  CHECK(w.instances[0].shape == kNoShape);  // first seen: the strict way
  CHECK(w.instances[2].shape == kNoShape);
  CHECK(w.instances[1].shape != kNoShape);
  CHECK(w.instances[3].shape != kNoShape);
  CHECK(w.instances[1].shape != w.instances[3].shape);
  CHECK(w.instances[4].shape == w.instances[1].shape);  // the VM size is not part of it
}

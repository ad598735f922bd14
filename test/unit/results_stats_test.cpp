// Results: statistics, per-benchmark summaries, records and results.jsonl.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "results/record.hpp"
#include "results/sink.hpp"
#include "results/stats.hpp"
#include "results/summary.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fcbench::results::describe;
using fcbench::results::Record;
using fcbench::test::TempDir;

namespace {

Record make_record(const std::string& benchmark, const std::string& status, double value,
                   const std::string& error = "") {
  Record r;
  r.id = benchmark + "-" + status + "-" + std::to_string(int(value));
  r.suite = "s";
  r.benchmark = benchmark;
  r.plugin = "prime";
  r.vmm = "qemu";
  r.accel = "tcg";
  r.status = status;
  r.error = error;
  r.metrics.push_back({"rate", value, "ops/s", true});
  return r;
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("stats: an empty input is all zero", "[unit][results]") {
  auto s = describe({});
  CHECK(s.n == 0);
  CHECK(s.mean == 0);
  CHECK(s.stddev == 0);
  CHECK(s.median == 0);
  CHECK(s.min == 0);
  CHECK(s.max == 0);
}

TEST_CASE("stats: one value has no spread", "[unit][results]") {
  auto s = describe({7.5});
  CHECK(s.n == 1);
  CHECK(s.mean == Approx(7.5));
  CHECK(s.median == Approx(7.5));
  CHECK(s.stddev == 0);
}

TEST_CASE("stats: odd count, unsorted input", "[unit][results]") {
  auto s = describe({5, 1, 3});
  CHECK(s.n == 3);
  CHECK(s.min == 1);
  CHECK(s.max == 5);
  CHECK(s.mean == Approx(3));
  CHECK(s.median == Approx(3));
  CHECK(s.stddev == Approx(2));  // sample: sqrt((4 + 0 + 4) / 2)
}

TEST_CASE("stats: even count takes the mean of the middle two", "[unit][results]") {
  auto s = describe({4, 1, 3, 2});
  CHECK(s.median == Approx(2.5));
  CHECK(s.mean == Approx(2.5));
  CHECK(s.stddev == Approx(std::sqrt(5.0 / 3.0)));  // n-1 in the denominator
  auto skewed = describe({1, 2, 10, 100});
  CHECK(skewed.median == Approx(6));
}

TEST_CASE("summary: failed records are counted by status but kept out of stats",
          "[unit][results]") {
  std::vector<Record> records;
  records.push_back(make_record("zeta", "ok", 10));
  records.back().ts = {1'000'000'000, 1'200'000'000, 1'500'000'000, 2'000'000'000, 3'000'000'000};
  records.push_back(make_record("alpha", "interrupted", 0, "stopped by user"));
  records.push_back(make_record("zeta", "failed", 1000, "boom"));
  records.push_back(make_record("zeta", "ok", 20));
  records.push_back(make_record("zeta", "timeout", 5000, "timed out after 1 s"));
  records.push_back(make_record("zeta", "failed", 3000, "boom"));

  auto sum = fcbench::results::summarize(records);
  REQUIRE(sum.size() == 2);
  // First-seen order, not alphabetical.
  const auto& z = sum[0];
  CHECK(z.benchmark == "zeta");
  CHECK(z.plugin == "prime");
  CHECK(z.vmm == "qemu");
  CHECK(z.accel == "tcg");
  CHECK(z.n_ok == 2);
  CHECK(z.n_failed == 3);
  CHECK(z.by_status == std::map<std::string, size_t>{{"failed", 2}, {"timeout", 1}});
  CHECK(z.errors == std::vector<std::string>{"boom", "timed out after 1 s"});
  REQUIRE(z.metrics.size() == 3);
  CHECK(z.metrics[0].name == "rate");
  CHECK(z.metrics[0].unit == "ops/s");
  CHECK(z.metrics[0].higher_is_better);
  CHECK(z.metrics[0].stats.n == 2);
  CHECK(z.metrics[0].stats.mean == Approx(15));
  CHECK(z.metrics[0].stats.max == Approx(20));
  // Host timings only where the timestamps were seen.
  CHECK(z.metrics[1].name == "vm.time_to_payload");
  CHECK_FALSE(z.metrics[1].higher_is_better);
  CHECK(z.metrics[1].stats.n == 1);
  CHECK(z.metrics[1].stats.mean == Approx(500));
  CHECK(z.metrics[2].name == "vm.end_to_end");
  CHECK(z.metrics[2].stats.mean == Approx(2000));

  const auto& a = sum[1];
  CHECK(a.benchmark == "alpha");
  CHECK(a.n_ok == 0);
  CHECK(a.n_failed == 1);
  CHECK(a.by_status.at("interrupted") == 1);
  CHECK(a.metrics.empty());

  auto j = fcbench::results::to_json(sum);
  REQUIRE(j["benchmarks"].size() == 2);
  CHECK(j["benchmarks"][0]["n_failed"] == 3);
  CHECK(j["benchmarks"][0]["metrics"][0]["mean"].get<double>() == Approx(15));
  CHECK(j["benchmarks"][1]["failed_by_status"]["interrupted"] == 1);
  CHECK_THAT(fcbench::results::format_table(sum),
             Contains("zeta") && Contains("ok 2") && Contains("failed 3") && Contains("boom"));
}

TEST_CASE("summary: at most five distinct errors are kept", "[unit][results]") {
  std::vector<Record> records;
  for (int i = 0; i < 8; ++i)
    records.push_back(make_record("b", "failed", i, "error " + std::to_string(i)));
  auto sum = fcbench::results::summarize(records);
  REQUIRE(sum.size() == 1);
  CHECK(sum[0].n_failed == 8);
  CHECK(sum[0].errors.size() == 5);
  CHECK(sum[0].errors.front() == "error 0");
}

TEST_CASE("record: span_ms needs both timestamps in order", "[unit][results]") {
  CHECK(fcbench::results::span_ms(1'000'000, 3'500'000) == Approx(2.5));
  CHECK_FALSE(fcbench::results::span_ms(0, 3'500'000));
  CHECK_FALSE(fcbench::results::span_ms(1'000'000, 0));
  CHECK_FALSE(fcbench::results::span_ms(5'000'000, 1'000'000));
}

TEST_CASE("record: to_json/from_json round-trips a record", "[unit][results]") {
  Record r;
  r.id = "0001-prime-1";
  r.suite = "quick";
  r.benchmark = "prime[n=10]";
  r.plugin = "prime";
  r.params = {{"n", "10"}, {"method", "trial"}};
  r.repetition = 3;
  r.vmm = "qemu";
  r.accel = "kvm";
  r.vcpus = 2;
  r.mem_mib = 512;
  r.status = "failed";
  r.error = "payload exited with status 1";
  r.ts = {100'000'000, 200'000'000, 300'000'000, 450'000'000, 500'000'000};
  r.guest_payload_ns = 149'000'000;
  r.vmm_exit_code = 0;
  r.vmm_boot_time_us = 123456;
  r.payload_exit_status = 1;
  r.metrics = {{"runtime", 12.5, "ms", false}, {"rate", 1e6, "ops/s", true}};
  r.env = {{"kernel", "6.1.0"}, {"cpus", 8}};
  r.env_id = "ab12";

  const nlohmann::json j = fcbench::results::to_json(r);
  CHECK(j["durations_ms"]["time_to_payload"].get<double>() == Approx(200));
  CHECK(j["durations_ms"]["payload"].get<double>() == Approx(150));
  CHECK(j["durations_ms"]["end_to_end"].get<double>() == Approx(400));
  CHECK(j["vmm_exit_code"] == 0);
  CHECK(j["vmm_boot_time_us"] == 123456);
  CHECK(j["payload_exit_status"] == 1);
  CHECK(j["metrics"][0]["better"] == "lower");

  Record back = fcbench::results::from_json(nlohmann::json::parse(j.dump()));
  CHECK(back.id == r.id);
  CHECK(back.suite == r.suite);
  CHECK(back.benchmark == r.benchmark);
  CHECK(back.plugin == r.plugin);
  CHECK(back.params == r.params);
  CHECK(back.repetition == 3);
  CHECK(back.vmm == "qemu");
  CHECK(back.accel == "kvm");
  CHECK(back.vcpus == 2);
  CHECK(back.mem_mib == 512);
  CHECK(back.status == "failed");
  CHECK(back.error == r.error);
  CHECK(back.ts.launched == r.ts.launched);
  CHECK(back.ts.guest_booted == r.ts.guest_booted);
  CHECK(back.ts.payload_start == r.ts.payload_start);
  CHECK(back.ts.payload_end == r.ts.payload_end);
  CHECK(back.ts.exited == r.ts.exited);
  CHECK(back.guest_payload_ns == r.guest_payload_ns);
  CHECK(back.vmm_boot_time_us == 123456);
  REQUIRE(back.metrics.size() == 2);
  CHECK(back.metrics[0].name == "runtime");
  CHECK(back.metrics[0].value == Approx(12.5));
  CHECK(back.metrics[0].unit == "ms");
  CHECK_FALSE(back.metrics[0].higher_is_better);
  CHECK(back.metrics[1].higher_is_better);
  CHECK(back.env == r.env);
  CHECK(back.env_id == "ab12");
  CHECK(fcbench::results::to_json(back)["timestamps_ns"] == j["timestamps_ns"]);
}

TEST_CASE("record: missing values are null in JSON and defaults when read", "[unit][results]") {
  Record r;
  r.status = "ok";
  const nlohmann::json j = fcbench::results::to_json(r);
  CHECK(j["error"].is_null());
  CHECK(j["timestamps_ns"]["launched"].is_null());
  CHECK(j["durations_ms"]["time_to_payload"].is_null());
  CHECK(j["vmm_exit_code"].is_null());
  CHECK(j["env_id"].is_null());
  CHECK(j["vmm_boot_time_us"].is_null());

  Record back = fcbench::results::from_json(j);
  CHECK(back.status == "ok");
  CHECK(back.error.empty());
  CHECK(back.ts.launched == 0);
  CHECK_FALSE(back.vmm_exit_code);
  CHECK_FALSE(back.vmm_boot_time_us);

  Record bare = fcbench::results::from_json(nlohmann::json::object());
  CHECK(bare.status == "failed");
  CHECK(bare.repetition == 1);
  CHECK(bare.metrics.empty());

  // Non-string parameter values are kept as their JSON text.
  Record numeric = fcbench::results::from_json({{"params", {{"n", 10}, {"direct", true}}}});
  CHECK(numeric.params == std::map<std::string, std::string>{{"n", "10"}, {"direct", "true"}});
}

TEST_CASE("sink: one line per record, appended, read back", "[unit][results]") {
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  {
    fcbench::results::JsonlSink sink(file);
    sink.write(make_record("a", "ok", 1));
    sink.write(make_record("a", "failed", 2, "multi\nline\nerror"));
  }
  CHECK(lines_of(file).size() == 2);
  {
    fcbench::results::JsonlSink again(file);  // appends, does not truncate
    again.write(make_record("b", "ok", 3));
  }
  auto lines = lines_of(file);
  REQUIRE(lines.size() == 3);
  for (const auto& l : lines) CHECK(nlohmann::json::accept(l));

  auto records = fcbench::results::read_records(file);
  REQUIRE(records.size() == 3);
  CHECK(records[0].id == "a-ok-1");
  CHECK(records[1].error == "multi\nline\nerror");
  CHECK(records[2].benchmark == "b");
  CHECK(records[2].metrics.at(0).value == Approx(3));
}

TEST_CASE("sink: read_records skips blank lines and names a corrupt one", "[unit][results]") {
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  {
    fcbench::results::JsonlSink sink(file);
    sink.write(make_record("a", "ok", 1));
  }
  {
    std::ofstream out(file, std::ios::app);
    out << "\n";
  }
  CHECK(fcbench::results::read_records(file).size() == 1);
  {
    std::ofstream out(file, std::ios::app);
    out << "{\"id\": \"half a rec\n";
  }
  try {
    fcbench::results::read_records(file);
    FAIL("a corrupt line was accepted");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), StartsWith(file.string() + ":3:1: invalid record"));
  }
}

TEST_CASE("sink: a record of the wrong shape is also reported", "[unit][results]") {
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  fcbench::write_file(file, "{\"id\": 1}\n");
  CHECK_THROWS_WITH(fcbench::results::read_records(file), StartsWith(file.string() + ":1:1: "));
}

TEST_CASE("sink: missing files and unwritable paths are user errors", "[unit][results]") {
  TempDir tmp;
  CHECK_THROWS_AS(fcbench::results::read_records(tmp / "absent.jsonl"), fcbench::UserError);
  CHECK_THROWS_AS(fcbench::results::JsonlSink(tmp / "no-dir" / "r.jsonl"), fcbench::UserError);
}

TEST_CASE("stats: modified z-score outliers and relative SD", "[unit][results]") {
  auto s = fcbench::results::describe({10, 10.1, 9.9, 10.05, 9.95, 30});
  CHECK(s.outliers == 1);
  CHECK(s.rsd > 0.5);
  auto flat = fcbench::results::describe({5, 5, 5});
  CHECK(flat.outliers == 0);  // MAD 0: no z-score
  CHECK(flat.rsd == 0);
  CHECK(fcbench::results::describe({1, 2, 3, 4}).outliers == 0);
}

// results/record: the record, its JSON form, timing spans, and the status
// enum with its one spelling in results.jsonl.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "../fixtures/test_support.hpp"
#include "results/record.hpp"
#include "results/sink.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fcbench::results::Record;
using fcbench::results::Status;
using fcbench::test::TempDir;

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
  r.status = Status::failed;
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
  CHECK(back.status == Status::failed);
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
  r.status = Status::ok;
  const nlohmann::json j = fcbench::results::to_json(r);
  CHECK(j["error"].is_null());
  CHECK(j["timestamps_ns"]["launched"].is_null());
  CHECK(j["durations_ms"]["time_to_payload"].is_null());
  CHECK(j["vmm_exit_code"].is_null());
  CHECK(j["env_id"].is_null());
  CHECK(j["vmm_boot_time_us"].is_null());

  Record back = fcbench::results::from_json(j);
  CHECK(back.status == Status::ok);
  CHECK(back.error.empty());
  CHECK(back.ts.launched == 0);
  CHECK_FALSE(back.vmm_exit_code);
  CHECK_FALSE(back.vmm_boot_time_us);

  Record bare = fcbench::results::from_json(nlohmann::json::object());
  CHECK(bare.status == Status::failed);
  CHECK(bare.repetition == 1);
  CHECK(bare.metrics.empty());

  // Non-string parameter values are kept as their JSON text.
  Record numeric = fcbench::results::from_json({{"params", {{"n", 10}, {"direct", true}}}});
  CHECK(numeric.params == std::map<std::string, std::string>{{"n", "10"}, {"direct", "true"}});
}

TEST_CASE(
    "record: the cgroup's limit, memory peak and CPU time round-trip, and old records lack them",
    "[unit][results]") {
  Record r;
  r.memory_limit_bytes = 512ull << 20;
  r.memory_peak_bytes = 5'000'000'000ull;  // beyond 32 bits
  r.cgroup_cpu_ns = 2'510'677'369ull;
  const nlohmann::json j = fcbench::results::to_json(r);
  CHECK(j["memory_limit_bytes"] == 512ull << 20);
  CHECK(j["memory_peak_bytes"] == 5'000'000'000ull);
  CHECK(j["cgroup_cpu_ns"] == 2'510'677'369ull);
  Record back = fcbench::results::from_json(nlohmann::json::parse(j.dump()));
  CHECK(back.memory_limit_bytes == r.memory_limit_bytes);
  CHECK(back.memory_peak_bytes == r.memory_peak_bytes);
  CHECK(back.cgroup_cpu_ns == r.cgroup_cpu_ns);

  CHECK(fcbench::results::to_json(Record{})["memory_peak_bytes"].is_null());
  Record old = fcbench::results::from_json({{"status", "ok"}, {"memory_peak_bytes", "x"}});
  CHECK_FALSE(old.memory_limit_bytes);
  CHECK_FALSE(old.memory_peak_bytes);  // mistyped: left out, as other optional fields
  CHECK_FALSE(old.cgroup_cpu_ns);
}

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

TEST_CASE("record: an integer field that is not an integer in range is an error naming it",
          "[unit][results]") {
  using fcbench::results::from_json;
  // Fuzz findings: floats out of range, which nlohmann's get<T>() converts
  // with undefined behaviour (test/fuzz/corpus/records/ubsan-*).
  CHECK_THROWS_WITH(from_json(nlohmann::json::parse(R"({"repetition": 2.6e+79})")),
                    "repetition: 2.6e+79 is not an integer in [0, 4294967295]");
  CHECK_THROWS_WITH(from_json(nlohmann::json::parse(R"({"vmm_exit_code": 4.4e+30})")),
                    StartsWith("vmm_exit_code: 4.4e+30 is not an integer"));
  CHECK_THROWS_WITH(from_json(nlohmann::json::parse(R"({"vmm_boot_time_us": 4e+54})")),
                    StartsWith("vmm_boot_time_us: 4e+54 is not an integer"));
  CHECK_THROWS_WITH(
      from_json(nlohmann::json::parse(R"({"timestamps_ns": {"payload_end": -4e+54}})")),
      StartsWith("timestamps_ns.payload_end: -4e+54 is not an integer"));
  CHECK_THROWS_WITH(
      from_json(nlohmann::json::parse(R"({"merged_from": "a", "time_shift_ns": 1e19})")),
      StartsWith("time_shift_ns: 1e+19 is not an integer"));
  // Integers out of the field's range no longer wrap, fractions are not cut.
  CHECK_THROWS_WITH(from_json(nlohmann::json::parse(R"({"vcpus": 4294967297})")),
                    StartsWith("vcpus: 4294967297 is not an integer"));
  CHECK_THROWS_WITH(from_json(nlohmann::json::parse(R"({"mem_mib": -1})")),
                    StartsWith("mem_mib: -1 is not an integer"));
  CHECK_THROWS_WITH(from_json(nlohmann::json::parse(R"({"payload_exit_status": 1.5})")),
                    StartsWith("payload_exit_status: 1.5 is not an integer"));
  // In range, a float with an integral value is read; null stays "absent".
  const Record r = from_json(nlohmann::json::parse(
      R"({"repetition": 3.0, "scheduled_ns": 1e9, "vmm_exit_code": null, "started_ns": null})"));
  CHECK(r.repetition == 3);
  CHECK(r.scheduled_ns == 1000000000);
  CHECK_FALSE(r.vmm_exit_code);
  CHECK(r.started_ns == 0);

  // Read from results.jsonl: the file, the line and the field.
  TempDir tmp;
  const auto file = tmp / "results.jsonl";
  fcbench::write_file(file,
                      "{\"id\": \"a\", \"status\": \"ok\"}\n"
                      "{\"id\": \"b\", \"status\": \"ok\", \"repetition\": 2.6e+79}\n");
  try {
    fcbench::results::read_records(file);
    FAIL("an out-of-range repetition was accepted");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), StartsWith(file.string() + ":2:1: invalid record: repetition: 2.6e+79"));
  }
}

TEST_CASE("record: host, shard, the run's zero and merge provenance round-trip",
          "[unit][results]") {
  Record r;
  r.id = "w000001";
  r.host = "node-7";
  r.shard = {{"index", 2}, {"count", 3}};
  r.start_mono_ns = 123;
  r.start_wall_ns = 1795639801123456789LL;
  auto j = fcbench::results::to_json(r);
  CHECK(j["host"] == "node-7");
  CHECK(j["shard"]["index"] == 2);
  CHECK_FALSE(j.contains("merged_from"));  // only merged records say so
  auto back = fcbench::results::from_json(j);
  CHECK(back.host == "node-7");
  CHECK(back.shard == r.shard);
  CHECK(back.start_mono_ns == 123);
  CHECK(back.start_wall_ns == 1795639801123456789LL);
  r.merged_from = "/shared/shard-2";
  r.time_shift_ns = 77;
  back = fcbench::results::from_json(fcbench::results::to_json(r));
  CHECK(back.merged_from == "/shared/shard-2");
  CHECK(back.time_shift_ns == 77);
  Record plain;  // an unsharded record: null shard, no host if unknown
  j = fcbench::results::to_json(plain);
  CHECK(j["shard"].is_null());
  CHECK(j["start_wall_ns"].is_null());
}

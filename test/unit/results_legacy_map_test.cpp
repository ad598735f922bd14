// The prior tool's rows as fcbench records, a baseline and host samples.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "results/legacy_map.hpp"
#include "util/error.hpp"
#include "workload_support.hpp"

using Catch::Matchers::Equals;
using namespace fcbench::results;
using namespace fcbench::results::legacy;

namespace {

constexpr int64_t kStart = 1606757721;  // 2020-11-30T17:35:21Z

std::vector<std::string> warnings;

const fcbench::workload::ProgramList kDefaults = fcbench::workload::default_program_list();
const Programs kPrograms{kDefaults, fcbench::test::workload_plugins()};

Source source() {
  Source s;
  s.file_name = "results-7.txt";
  s.run = "7";
  s.env = {{"vmm", "firecracker"}};
  s.env_id = "abc";
  return s;
}

// Row `line` (1 = the header) of a results file made of `rows`.
std::vector<ResultRow> rows_of(const std::string& rows) {
  return parse_results("workloadID, workload argument, tFC, tVM, start time\n" + rows,
                       "results-7.txt", warnings);
}

std::string record_error(const std::string& row, const Programs& programs = kPrograms) {
  try {
    to_record(rows_of(row).at(0), 1, source(), programs);
  } catch (const fcbench::ConfigError& e) {
    return e.what();
  }
  FAIL("expected a ConfigError for " << row);
  return "";
}

}  // namespace

TEST_CASE("legacy map: a results row becomes an ok record of firecracker on kvm",
          "[unit][results]") {
  auto rows = rows_of("0,1000000,4231,298,1606757721\n");
  Record r = to_record(rows[0], 17, source(), kPrograms);
  CHECK(r.id == "7-000017");
  CHECK(r.suite == "results-7");
  CHECK(r.plugin == "prime");
  CHECK(r.params == fcbench::plugin::ParamMap{{"method", "trial"}, {"n", "1000000"}});
  CHECK(r.benchmark == "prime[method=trial,n=1000000]@1cpu/128MiB");
  CHECK(r.vmm == "firecracker");
  CHECK(r.accel == "kvm");
  CHECK(r.vcpus == 1);
  CHECK(r.mem_mib == 128);
  CHECK(r.status == Status::ok);
  CHECK(r.error.empty());
  CHECK(r.ts.launched == kStart * 1'000'000'000);
  CHECK(r.ts.exited == kStart * 1'000'000'000 + 4'231'000'000);
  CHECK(r.scheduled_ns == r.ts.launched);
  CHECK(r.started_ns == r.ts.launched);
  CHECK(r.guest_payload_ns == 298'000'000);
  CHECK(r.started_at == "2020-11-30T17:35:21.000Z");
  CHECK(r.imported_from == "results-7.txt");
  CHECK(r.env_id == "abc");
  REQUIRE(r.metrics.size() == 1);
  CHECK(r.metrics[0].name == "program_runtime");
  CHECK(r.metrics[0].value == 298);
  CHECK(r.metrics[0].unit == "ms");
  CHECK_FALSE(r.metrics[0].higher_is_better);

  auto j = to_json(r);
  CHECK(j["durations_ms"]["end_to_end"] == 4231.0);
  CHECK(j["params"]["n"] == 1000000);  // typed from the plugin
  CHECK(j["imported_from"] == "results-7.txt");
  CHECK(from_json(j).imported_from == "results-7.txt");
}

TEST_CASE("legacy map: dd-workload and stream arguments set size_mib and iterations",
          "[unit][results]") {
  auto rows = rows_of("1,4096,37686,33919,1606757721\n2,320,14252,10399,1606757722\n");
  Record dd = to_record(rows[0], 1, source(), kPrograms);
  CHECK(dd.plugin == "dd");
  CHECK(dd.params.at("size_mib") == "4096");
  CHECK(dd.params.at("block_kib") == "1024");
  Record st = to_record(rows[1], 2, source(), kPrograms);
  CHECK(st.plugin == "stream");
  CHECK(st.params.at("iterations") == "320");
  CHECK(st.params.at("array_size") == "2000000");
  CHECK(st.id == "7-000002");
}

TEST_CASE("legacy map: a zero time makes a failed record, kept with what was measured",
          "[unit][results]") {
  auto rows = rows_of("2,20,4665,0,1606757743\n0,1000,0,0,1606757744\n");
  Record no_vm = to_record(rows[0], 1, source(), kPrograms);
  CHECK(no_vm.status == Status::failed);
  CHECK_THAT(no_vm.error, Catch::Contains("tVM 0 ms") && Catch::Contains("WORKLOADRUNTIME"));
  CHECK(no_vm.metrics.empty());
  CHECK(no_vm.guest_payload_ns == 0);
  CHECK(no_vm.ts.exited - no_vm.ts.launched == 4'665'000'000);
  Record no_fc = to_record(rows[1], 2, source(), kPrograms);
  CHECK(no_fc.status == Status::failed);
  CHECK_THAT(no_fc.error, Catch::Contains("tFC 0 ms"));
  CHECK(no_fc.ts.exited == 0);
}

TEST_CASE("legacy map: an unknown workload ID names the program list", "[unit][results]") {
  CHECK_THAT(record_error("5,1000,4231,298,1606757721\n"),
             Equals("results-7.txt:2:1: workload ID 5 names no program; the programs are 0 "
                    "primenumber, 1 dd-workload, 2 stream (the prior tool's default program "
                    "list)"));
  auto custom = fcbench::workload::parse_program_list("stream\nprimenumber\n", "progs.txt");
  CHECK_THAT(record_error("2,1000,4231,298,1606757721\n", {custom, kPrograms.plugins}),
             Equals("results-7.txt:2:1: workload ID 2 names no program; the programs are 0 "
                    "stream, 1 primenumber (progs.txt)"));
  Record r = to_record(rows_of("1,1000,4231,298,1606757721\n")[0], 1, source(),
                       {custom, kPrograms.plugins});
  CHECK(r.plugin == "prime");
  CHECK(r.params.at("n") == "1000");
}

TEST_CASE("legacy map: an argument its parameter refuses points at the argument",
          "[unit][results]") {
  CHECK_THAT(record_error("0,lots,4231,298,1606757721\n"),
             Equals("results-7.txt:2:3: workload argument of prime: 'n' must be an integer, got "
                    "'lots'"));
}

TEST_CASE("legacy map: baseline runs group by plugin and params, with medians of tVM and tFC",
          "[unit][results]") {
  auto rows = parse_baselines(
      "workloadID, workload argument, run, tFC, tVM\n"
      "0,1000000,0,4185,286\n"
      "0,1000000,1,4022,283\n"
      "0,1000000,2,4118,284\n"
      "2,20,0,4682,841\n"
      "2,20,1,4600,0\n",
      "baselines.txt", warnings);
  Baseline b = to_baseline(rows, kPrograms, "2026-01-01T00:00:00Z");
  CHECK(b.vmm == "firecracker");
  CHECK(b.accel == "kvm");
  CHECK(b.repetitions == 3);
  CHECK(b.created_at == "2026-01-01T00:00:00Z");
  REQUIRE(b.entries.size() == 2);
  // The key a record of the same program and argument has, so slowdown finds it.
  Record r = to_record(rows_of("0,1000000,5000,300,1606757721\n")[0], 1, source(), kPrograms);
  REQUIRE(b.entries.contains(key_of(r)));
  const BaselineEntry& prime = b.entries.at(key_of(r));
  CHECK(prime.payload_ns == std::vector<int64_t>{286'000'000, 283'000'000, 284'000'000});
  CHECK(prime.median_ns == 284'000'000);
  CHECK(prime.end_to_end_ns == std::vector<int64_t>{4'185'000'000, 4'022'000'000, 4'118'000'000});
  CHECK(prime.end_to_end_median_ns == 4'118'000'000);
  CHECK(prime.n_failed == 0);
  const BaselineEntry& stream = b.entries.begin()->first.plugin == "stream"
                                    ? b.entries.begin()->second
                                    : std::next(b.entries.begin())->second;
  CHECK(stream.key.params.at("iterations") == "20");
  CHECK(stream.payload_ns.size() == 1);
  CHECK(stream.n_failed == 1);
  auto j = to_json(b);
  CHECK(j["entries"][0]["params"]["n"] == 1000000);
}

TEST_CASE("legacy map: sysmon rows become host samples with instances running", "[unit][results]") {
  auto recs_rows = rows_of(
      "0,1000000,4500,298,1606757721\n"  // 21.0 - 25.5
      "0,1000000,2500,298,1606757722\n"  // 22.0 - 24.5
      "0,1000000,0,0,1606757722\n");     // never ran: no exit, not running
  std::vector<Record> recs;
  for (size_t i = 0; i < recs_rows.size(); ++i)
    recs.push_back(to_record(recs_rows[i], i + 1, source(), kPrograms));
  auto s = parse_sysmon(
      "#cpu_count: 8\n#total_mem: 17179869184\n"
      "t,cpu_user,cpu_system,cpu_idle,cpu_inter,cpu_percentage,load_1m,mem_avail,swap_used\n"
      "1606757720.5,1.0,0.0,24.0,0.0,3.8,0.07,15032696832,0\n"
      "1606757721.5,24.7,2.0,72.8,0.5,27.2,0.07,14718963712,4096\n"
      "1606757722.0,47.2,2.9,49.3,0.6,50.7,0.54,14403239936,0\n"
      "1606757725.0,11.0,1.0,87.5,0.5,12.5,0.82,14559580160,0\n"
      "1606757725.5,0.5,0.5,99.0,0.0,1.0,0.82,15031545856,0\n",
      "sysmon-7.txt", warnings);
  auto lines = to_host_lines(s, "sysmon-7.txt", recs);
  REQUIRE(lines.size() == 5);
  auto running = [&](size_t i) { return lines[i]["running"].get<int64_t>(); };
  CHECK(running(0) == 0);
  CHECK(running(1) == 1);
  CHECK(running(2) == 2);  // one launches exactly now
  CHECK(running(3) == 1);
  CHECK(running(4) == 0);  // the first exits exactly now
  CHECK(lines[0]["interval_s"] == 0.0);
  CHECK(lines[1]["interval_s"] == 1.0);
  CHECK(lines[3]["interval_s"] == 3.0);
  CHECK(lines[1]["t_ns"] == 1606757721'500'000'000);
  CHECK(lines[1]["time"] == "2020-11-30T17:35:21.500Z");
  CHECK(lines[1]["cpu"]["user"] == 24.7);
  CHECK(lines[1]["cpu"]["system"] == 2.0);
  CHECK(lines[1]["cpu"]["idle"] == 72.8);
  CHECK(lines[1]["cpu"]["irq"] == 0.5);
  CHECK(lines[1]["cpu"]["iowait"] == 0.0);
  CHECK(lines[1]["mem_available_kib"] == 14718963712u / 1024);
  CHECK(lines[1]["mem_total_kib"] == 16777216u);
  CHECK(lines[1]["loadavg"][0] == 0.07);
  CHECK(lines[1]["legacy"]["cpu_percentage"] == 27.2);
  CHECK(lines[1]["legacy"]["swap_used_bytes"] == 4096u);
  CHECK(lines[1]["imported_from"] == "sysmon-7.txt");
}

TEST_CASE("legacy map: times print as UTC with milliseconds", "[unit][results]") {
  CHECK(iso_utc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(iso_utc(1606757721'123'456'789) == "2020-11-30T17:35:21.123Z");
}

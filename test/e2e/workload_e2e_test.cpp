// Workload runs end to end: the open-loop scheduler with the native backend
// at scale, the concurrency cap, interrupt and resume, baselines, and a
// small concurrent workload of real guests under QEMU.
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "e2e_support.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::WorkloadFile;
using nlohmann::json;

std::string fixtures() {
  return FCBENCH_E2E_FIXTURE_DIR;
}

// The most instances running at once, from the records' own timestamps.
size_t peak_overlap(const std::vector<json>& recs) {
  std::vector<std::pair<int64_t, int>> edges;
  for (auto& r : recs) {
    if (!r["started_ns"].is_number()) continue;
    edges.push_back({r["started_ns"].get<int64_t>(), +1});
    edges.push_back({r["timestamps_ns"]["exited"].get<int64_t>(), -1});
  }
  std::sort(edges.begin(), edges.end());  // an exit sorts before a start at the same ns
  int now = 0, peak = 0;
  for (auto& [t, d] : edges) peak = std::max(peak, now += d);
  return size_t(peak);
}

}  // namespace

TEST_CASE("native: 1000 instances, every one recorded once, with scheduling fields",
          "[e2e][workload]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 1000; ++i)
    w.add(fmt::format("i{:04}", i), int64_t(i) * 1'000'000, "prime", {{"n", 2 + i % 50}});
  auto out = t / "out";
  auto r = fcbench_cmd({"run", "--workload", w.write(t).string(), "--vmm", "native", "-o",
                        out.string(), "--monitor-interval-s", "0.2"});
  INFO(r.output.substr(r.output.size() > 3000 ? r.output.size() - 3000 : 0));
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 1000);
  std::set<std::string> seen;
  double cpu_ms = 0;
  for (auto& rec : recs) {
    seen.insert(rec["id"].get<std::string>());
    CHECK(rec["status"] == "ok");
    CHECK(rec["vmm"] == "native");
    CHECK(rec["accel"] == "none");
    REQUIRE(rec["started_ns"].is_number());
    CHECK(rec["started_ns"].get<int64_t>() >= rec["scheduled_ns"].get<int64_t>());
    CHECK(rec["queue_delay_ns"] == 0);  // no cap: nothing queues
    CHECK(rec["guest_payload_ns"].get<int64_t>() > 0);
    // The payload's CPU time, from wait4: each may round to 0 ms, not all.
    cpu_ms += rec["process_usage"]["user_ms"].get<double>() +
              rec["process_usage"]["system_ms"].get<double>();
  }
  CHECK(seen == w.ids);
  CHECK(cpu_ms > 0);
  // The prime count is verified by the plugin: n=2 has none below it.
  CHECK(fcbench::e2e::metric(recs[0], "count") != nullptr);
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(summary["instances_recorded"] == 1000);
  CHECK(summary["schedule"]["started"] == 1000);
  CHECK(summary["schedule"]["max_concurrent"] == "none");
  // The host monitor sampled while the run lasted, and stopped with it.
  std::ifstream host(out / "host.jsonl");
  size_t lines = 0;
  for (std::string l; std::getline(host, l); ++lines) {
    auto s = json::parse(l);
    CHECK(s["mem_available_kib"].get<int64_t>() > 0);
    CHECK(s["running"].get<int64_t>() >= 0);
    CHECK(s["cpu"].contains("iowait"));
  }
  CHECK(lines >= 2);
  CHECK(fcbench::read_file(out / "logs" / "i0000.stdout.log").find("count: 0") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(out / "instances"));
}

TEST_CASE("native: --max-concurrent is never exceeded, and queued instances record the wait",
          "[e2e][workload]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 24; ++i)
    w.add(fmt::format("s{:02}", i), int64_t(i) * 5'000'000, "sleeper", {{"seconds", 0.2}});
  auto out = t / "out";
  auto r = fcbench_cmd({"run", "-w", w.write(t).string(), "--vmm", "native", "-j", "3", "-o",
                        out.string(), "--plugin-path", fixtures()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 24);
  CHECK(peak_overlap(recs) == 3);  // reached, never exceeded
  size_t queued = 0;
  for (auto& rec : recs) {
    int64_t wait = rec["queue_delay_ns"];
    CHECK(rec["started_ns"].get<int64_t>() - rec["scheduled_ns"].get<int64_t>() >= wait);
    queued += wait > 0;
  }
  CHECK(queued >= 10);  // 24 arrivals in 120 ms, 3 slots of 200 ms each
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(summary["schedule"]["max_concurrent"] == 3);
  CHECK(summary["schedule"]["queue_delay_ns"]["n"] == queued);
}

TEST_CASE("native: interrupt, then --resume, gives exactly one final record per instance",
          "[e2e][workload]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 30; ++i)
    w.add(fmt::format("r{:02}", i), int64_t(i) * 100'000'000, "sleeper", {{"seconds", 0.4}});
  auto file = w.write(t);
  auto out = t / "out";
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", "-w", file.string(), "--vmm", "native", "-j", "2", "--grace-s", "0", "-o",
       out.string(), "--plugin-path", fixtures()},
      t / "log.txt");
  // Interrupted once one instance has ended ok, with most still to come.
  CHECK(fcbench::e2e::wait_for_text(out / "results.jsonl", "\"status\":\"ok\"", 1,
                                    std::chrono::seconds(20)));
  int code = fcbench::e2e::interrupt_and_wait(c.pid);
  INFO(fcbench::read_file(t / "log.txt"));
  CHECK(code == 130);
  auto first = records(out);
  REQUIRE(first.size() == 30);  // one record per instance, even interrupted
  std::map<std::string, int> by_status;
  for (auto& rec : first) ++by_status[rec["status"]];
  CHECK(by_status["ok"] >= 1);
  CHECK(by_status["interrupted"] >= 1);  // grace 0: the running ones were stopped
  CHECK(by_status["not_started"] >= 10);

  auto r = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", fixtures()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 30);
  std::set<std::string> ids;
  for (auto& rec : recs) {
    ids.insert(rec["id"].get<std::string>());
    CHECK(rec["status"] == "ok");
  }
  CHECK(ids == w.ids);
  // The superseded records are kept aside, not lost.
  std::ifstream aside(out / "results.superseded.jsonl");
  size_t n_aside = 0;
  for (std::string l; std::getline(aside, l);) n_aside += !l.empty();
  CHECK(n_aside == size_t(30 - by_status["ok"]));
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(summary["instances_recorded"] == 30);
  // Nothing left to do: a second resume says so and changes nothing.
  auto again = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", fixtures()});
  CHECK(again.exit_code == 0);
  CHECK(again.output.find("nothing to resume") != std::string::npos);
  CHECK(records(out).size() == 30);
}

TEST_CASE("native: baseline, then a workload run reports each instance's slowdown",
          "[e2e][workload]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 6; ++i)
    w.add(fmt::format("p{}", i), int64_t(i) * 20'000'000, "prime", {{"n", i % 2 ? 30000 : 60000}});
  auto file = w.write(t);
  auto b = fcbench_cmd(
      {"baseline", file.string(), "--vmm", "native", "-n", "3", "-o", (t / "base").string()});
  INFO(b.output);
  REQUIRE(b.exit_code == 0);
  auto base = json::parse(fcbench::read_file(t / "base" / "baseline.json"));
  CHECK(base["format"] == "fcbench-baseline-1");
  CHECK(base["vmm"] == "native");
  REQUIRE(base["entries"].size() == 2);
  for (auto& e : base["entries"]) CHECK(e["payload_ns"].size() == 3);
  CHECK(records(t / "base").size() == 6);  // 2 configurations x 3, one at a time
  CHECK(peak_overlap(records(t / "base")) == 1);

  auto r = fcbench_cmd({"run", "-w", file.string(), "--vmm", "native", "--baseline",
                        (t / "base").string(), "-o", (t / "out").string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("slowdown") != std::string::npos);
  auto s = json::parse(fcbench::read_file(t / "out" / "summary.json"))["slowdown"];
  REQUIRE(s["instances"].size() == 6);
  for (auto& i : s["instances"])
    CHECK(i["slowdown"].get<double>() ==
          Approx(double(i["payload_ns"].get<int64_t>()) / double(i["baseline_ns"].get<int64_t>())));
  CHECK(s["by_plugin"]["prime"]["n"] == 6);
  CHECK(s["by_plugin"]["prime"]["p95"].get<double>() > 0);
  CHECK(s["no_baseline"] == 0);
}

TEST_CASE("workload files: errors point at file:line:col and exit 2", "[e2e][workload]") {
  Sandbox t;
  auto check = [&](const std::string& text, const std::string& where, const std::string& what) {
    auto p = t / "bad.jsonl";
    std::ofstream(p) << text;
    auto r = fcbench_cmd({"run", "-w", p.string(), "--vmm", "native", "-o", (t / "o").string()});
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(p.string() + ":" + where + ": ") != std::string::npos);
    CHECK(r.output.find(what) != std::string::npos);
    CHECK_FALSE(fs::exists(t / "o"));
  };
  const std::string h = R"({"format":"fcbench-workload-1"})"
                        "\n";
  check(R"({"id":"a"})"
        "\n",
        "1:1", "not an fcbench workload");
  check(h + R"({"id":"a","arrival_ns":0,"plugin":"prime"})" + "\n{\"id\": oops}\n", "3:8",
        "invalid JSON");
  check(h + R"({"id":"a","arrival_ns":0,"plugin":"nosuch"})" + "\n", "2:26",
        "unknown plugin 'nosuch'");
  check(h + R"({"id":"a","arrival_ns":-5,"plugin":"prime"})" + "\n", "2:11",
        "arrival_ns must be an integer from 0 to 2592000000000000");
  check(h + R"({"id":"a","arrival_ns":0,"plugin":"prime","params":{"n":"many"}})" + "\n", "2:53",
        "n");
  check(h + R"({"id":"a","arrival_ns":0,"plugin":"prime"})" + "\n" +
            R"({"id":"a","arrival_ns":5,"plugin":"prime"})" + "\n",
        "3:2", "duplicate id 'a'");
}

TEST_CASE("qemu: a concurrent workload (6 instances, cap 2) gives each guest its own write disk",
          "[e2e][workload]") {
  Sandbox t;
  WorkloadFile w;
  // Each instance writes its own file to /work; were a disk shared, some
  // disk would hold another instance's file too.
  for (int i = 0; i < 6; ++i)
    w.add(fmt::format("q{}", i), int64_t(i) * 200'000'000, "hostsum",
          {{"result_file", fmt::format("mine-{}.txt", i)}});
  auto out = t / "out";
  auto r = fcbench_cmd({"run", "-w", w.write(t).string(), "-j", "2", "--timeout-s", "240",
                        "--keep-instances", "-o", out.string(), "--plugin-path", fixtures()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 6);
  CHECK(peak_overlap(recs) == 2);
  std::set<ino_t> inodes;
  for (auto& rec : recs) {
    CHECK(rec["status"] == "ok");
    CHECK(rec["vmm"] == "qemu");
    // Booting a guest under emulation takes QEMU well over 100 ms of CPU.
    auto& use = rec["process_usage"];
    CHECK(use["user_ms"].get<double>() + use["system_ms"].get<double>() > 100);
    std::string id = rec["id"];
    auto disk = out / "instances" / id / "work.ext4";
    struct stat st {};
    REQUIRE(::stat(disk.c_str(), &st) == 0);
    inodes.insert(st.st_ino);
    auto ls = fcbench::run_command({"debugfs", "-R", "ls -p /", disk.string()});
    INFO(ls.output);
    std::string mine = "mine-" + id.substr(1) + ".txt";
    CHECK(ls.output.find("/" + mine + "/") != std::string::npos);
    size_t files = 0;
    for (size_t at = ls.output.find("/mine-"); at != std::string::npos;
         at = ls.output.find("/mine-", at + 1))
      ++files;
    CHECK(files == 1);
  }
  CHECK(inodes.size() == 6);
}

TEST_CASE("qemu: a comma in -o and in a workload id reaches QEMU doubled", "[e2e][workload]") {
  Sandbox t;
  WorkloadFile w;
  w.add("a,b", 0, "boot", json::object());
  auto out = t / "out,x";  // the instance's disks lie under it: -drive file=...
  auto r =
      fcbench_cmd({"run", "-w", w.write(t).string(), "--timeout-s", "240", "-o", out.string()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["id"] == "a,b");
  CHECK(recs[0]["status"] == "ok");
}

TEST_CASE("a suite can name a workload, with its cap and a baseline run first", "[e2e][workload]") {
  Sandbox t;
  WorkloadFile w;
  // Sleepers outlast the 10 ms between arrivals, so the cap is reached.
  for (int i = 0; i < 8; ++i)
    w.add(fmt::format("m{}", i), int64_t(i) * 10'000'000, "sleeper",
          {{"seconds", i % 2 ? 0.2 : 0.3}});
  w.write(t, "mix.jsonl");
  auto suite = fcbench::e2e::write_suite(t, R"(
name: contention
defaults: {vmm: native, timeout_s: 60}
workload:
  file: mix.jsonl
  max_concurrent: 2
  baseline: {repetitions: 2}
)");
  auto out = t / "out";
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string(), "--plugin-path", fixtures()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 8);
  CHECK(peak_overlap(recs) == 2);  // reached, never exceeded
  CHECK(recs[0]["suite"] == "contention");
  CHECK(records(out / "baseline").size() == 4);  // 2 configurations x 2
  CHECK(peak_overlap(records(out / "baseline")) == 1);
  auto s = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(s["slowdown"]["by_plugin"]["sleeper"]["n"] == 8);
  CHECK(s["schedule"]["max_concurrent"] == 2);

  // Both a workload and benchmarks: refused, pointing at the workload key.
  auto both = fcbench::e2e::write_suite(
      t, "name: x\nworkload: mix.jsonl\nbenchmarks:\n  - plugin: prime\n", "both");
  auto bad =
      fcbench_cmd({"run", both.string(), "-o", (t / "o2").string(), "--plugin-path", fixtures()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find(both.string() + ":2:11: a suite has either") != std::string::npos);
}

TEST_CASE("a suite run resumes too, and refuses if the suite changed", "[e2e][workload]") {
  Sandbox t;
  const std::string yaml = R"(
name: resumable
defaults: {vmm: native}
benchmarks:
  - plugin: sleeper
    params: {seconds: 0.3}
    repetitions: 8
)";
  auto suite = fcbench::e2e::write_suite(t, yaml);
  auto out = t / "out";
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", suite.string(), "--grace-s", "0", "-o", out.string(), "--plugin-path", fixtures()},
      t / "log.txt");
  CHECK(fcbench::e2e::wait_for_text(out / "results.jsonl", "\"status\":\"ok\"", 1,
                                    std::chrono::seconds(20)));
  CHECK(fcbench::e2e::interrupt_and_wait(c.pid) == 130);
  auto first = records(out);
  REQUIRE(first.size() == 8);
  size_t done = size_t(
      std::count_if(first.begin(), first.end(), [](const json& r) { return r["status"] == "ok"; }));
  CHECK(done < 8);

  // Changed suite: refused, nothing touched.
  std::ofstream(suite) << yaml << "# edited\n";
  auto refused = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", fixtures()});
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("changed since the run started") != std::string::npos);
  CHECK(records(out).size() == 8);

  std::ofstream(suite) << yaml;
  auto r = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", fixtures()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find(fmt::format("{} of 8 instance(s) left", 8 - done)) != std::string::npos);
  auto recs = records(out);
  REQUIRE(recs.size() == 8);
  std::set<std::string> ids;
  for (auto& rec : recs) {
    CHECK(rec["status"] == "ok");
    ids.insert(rec["id"].get<std::string>());
  }
  CHECK(ids.size() == 8);
  CHECK(ids.count("0008-sleeper-r8") == 1);
}

TEST_CASE("firecracker (test double): a concurrent workload, API starts off the event loop",
          "[e2e][workload][firecracker]") {
  Sandbox t;
  WorkloadFile w;
  for (int i = 0; i < 3; ++i) w.add(fmt::format("f{}", i), 0, "prime", {{"n", 20000}});
  // vcpus 3 is refused by the API (odd, > 1): that instance fails alone.
  w.text +=
      R"({"id":"bad","arrival_ns":0,"plugin":"prime","params":{"n":20000},"vcpus":3,"mem_mib":128})"
      "\n";
  auto out = t / "out";
  auto r = fcbench_cmd({"run", "-w", w.write(t).string(), "--vmm", "firecracker", "--firecracker",
                        FCBENCH_FC_DOUBLE, "-j", "4", "--timeout-s", "240", "-o", out.string()});
  INFO(r.output);
  CHECK(r.exit_code == 1);  // one instance not ok
  auto recs = records(out);
  REQUIRE(recs.size() == 4);
  for (auto& rec : recs) {
    INFO(rec.dump());
    CHECK(rec["vmm"] == "firecracker");
    CHECK(rec["accel"] == "tcg");  // the double declares it; never claims kvm
    if (rec["id"] == "bad") {
      CHECK(rec["status"] == "failed");
      CHECK(rec["error"].get<std::string>().find("vcpu") != std::string::npos);
    } else {
      CHECK(rec["status"] == "ok");
      CHECK(rec["vmm_boot_time_us"].is_number());
    }
  }
  CHECK(peak_overlap(recs) >= 2);
}

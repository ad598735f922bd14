// End-to-end: boots real guests through the fcbench CLI and checks what a
// user would see: exit codes, results.jsonl, summary.json and logs.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <map>
#include <thread>
#include <vector>

#include "e2e_support.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::marker;
using fcbench::e2e::metric;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::serial_log;
using fcbench::e2e::write_suite;

std::string fixture_dir() {
  return FCBENCH_E2E_FIXTURE_DIR;
}

void check_common(const json& r) {
  CHECK(r["vmm"] == "qemu");
  CHECK((r["accel"] == "tcg" || r["accel"] == "kvm"));
  CHECK(r["env"]["vmm_version"].get<std::string>().find("QEMU") != std::string::npos);
  CHECK_FALSE(r["env"]["host_kernel"].get<std::string>().empty());
  CHECK_FALSE(r["env"]["cpu_model"].get<std::string>().empty());
}

void check_ok_timeline(const json& r) {
  auto& t = r["timestamps_ns"];
  INFO(r.dump());
  REQUIRE(t["launched"].is_number());
  CHECK(t["launched"].get<int64_t>() < t["guest_booted"].get<int64_t>());
  CHECK(t["guest_booted"].get<int64_t>() <= t["payload_start"].get<int64_t>());
  CHECK(t["payload_start"].get<int64_t>() <= t["payload_end"].get<int64_t>());
  CHECK(t["payload_end"].get<int64_t>() <= t["exited"].get<int64_t>());
  auto& d = r["durations_ms"];
  CHECK(d["time_to_payload"].get<double>() > 0);
  CHECK(d["end_to_end"].get<double>() > d["time_to_payload"].get<double>());
}

}  // namespace

TEST_CASE("every built-in plugin runs in a real guest and yields plausible metrics", "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, fcbench::e2e::kBuiltinsSuite);
  auto out = t / "out";
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 4);
  for (auto& rec : recs) {
    INFO(rec.dump());
    REQUIRE(rec["status"] == "ok");
    CHECK(rec["error"].is_null());
    check_common(rec);
    check_ok_timeline(rec);
    CHECK_THAT(serial_log(out, rec), Catch::Contains(marker("booted")) &&
                                         Catch::Contains(marker("payload_end")) &&
                                         Catch::Contains(marker("results")));
    const std::string plugin = rec["plugin"];
    if (plugin == "prime") {
      REQUIRE(metric(rec, "count"));
      CHECK((*metric(rec, "count"))["value"] == 9592);  // pi(99999)
      CHECK((*metric(rec, "runtime"))["value"].get<double>() > 0);
      CHECK((*metric(rec, "runtime"))["better"] == "lower");
    } else if (plugin == "stream") {
      for (auto name : {"copy", "scale", "add", "triad"}) {
        REQUIRE(metric(rec, name));
        CHECK((*metric(rec, name))["value"].get<double>() > 1);  // MB/s
        CHECK((*metric(rec, name))["unit"] == "MB/s");
      }
    } else if (plugin == "dd") {
      REQUIRE(metric(rec, "throughput"));
      CHECK((*metric(rec, "throughput"))["value"].get<double>() > 0.1);
      CHECK((*metric(rec, "runtime"))["value"].get<double>() > 0);
    } else if (plugin == "boot") {
      REQUIRE(metric(rec, "time_to_payload"));
      double ttp = (*metric(rec, "time_to_payload"))["value"];
      CHECK(ttp == Approx(rec["durations_ms"]["time_to_payload"].get<double>()));
    }
  }
  // One env.json per run; every record names it by the hash of its canonical dump.
  auto env = json::parse(fcbench::read_file(out / "env.json"));
  for (auto& rec : recs) CHECK(rec["env_id"] == fcbench::sha256_hex(env.dump()));
  CHECK(env["host_settings"]["requested"]["smt"] == "keep");
  CHECK(env["host_settings"]["warnings"].empty());
  CHECK_FALSE(env["host"]["cpu_model"].is_null());
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  REQUIRE(summary["benchmarks"].size() == 4);
  for (auto& b : summary["benchmarks"]) {
    CHECK(b["n_ok"] == 1);
    CHECK(b["n_failed"] == 0);
  }
  CHECK(r.output.find("triad") != std::string::npos);  // the summary table
}

TEST_CASE("a guest that never finishes is killed and recorded as timeout", "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, R"(
name: hang
benchmarks:
  - plugin: sleeper
    params: {seconds: 3600}
    timeout_s: 12
)");
  auto out = t / "out";
  fcbench::e2e::SerialTap tap(t);
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string(), "--plugin-path", fixture_dir()});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  INFO(recs[0].dump());
  CHECK(recs[0]["status"] == "timeout");
  CHECK(recs[0]["error"].get<std::string>().find("timeout_s=12") != std::string::npos);
  CHECK(recs[0]["metrics"].empty());
  CHECK(recs[0]["durations_ms"]["end_to_end"].get<double>() >= 12000);
  // It timed out in the payload, not before: the guest booted and started it.
  auto& ts = recs[0]["timestamps_ns"];
  REQUIRE(ts["guest_booted"].is_number());
  REQUIRE(ts["payload_start"].is_number());
  CHECK(ts["launched"].get<int64_t>() < ts["guest_booted"].get<int64_t>());
  CHECK(ts["payload_end"].is_null());
  // The console says so too: the tail in the error, all of it as QEMU
  // printed it, and the instance's console log.
  CHECK_THAT(recs[0]["error"].get<std::string>(), Catch::Contains(marker("payload_start")));
  CHECK_THAT(tap.text(), Catch::Contains(marker("booted")) &&
                             Catch::Contains(marker("payload_start")) &&
                             !Catch::Contains(marker("payload_end")));
  const auto log = out / "logs" / (recs[0]["id"].get<std::string>() + ".serial.log");
  REQUIRE(fs::exists(log));
  CHECK_THAT(fcbench::read_file(log), Catch::Contains(marker("booted")) &&
                                          Catch::Contains(marker("payload_start")) &&
                                          !Catch::Contains(marker("payload_end")));
  CHECK(t.leftovers().empty());
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(summary["benchmarks"][0]["n_failed"] == 1);
  CHECK(summary["benchmarks"][0]["failed_by_status"]["timeout"] == 1);
}

TEST_CASE("a VMM killed from outside is recorded as failed with its signal, and the run goes on",
          "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, R"(
name: vmm-killed
benchmarks:
  - plugin: sleeper
    params: {seconds: 3600}
    timeout_s: 120
  - plugin: prime
    params: {n: 1000}
)");
  auto out = t / "out";
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", suite.string(), "-o", out.string(), "--plugin-path", fixture_dir()}, t / "log.txt");
  // The first guest's QEMU (its command line names the sandbox), once it runs.
  std::string qemu;
  for (int i = 0; i < 600 && qemu.empty(); ++i) {
    for (auto& p : t.leftovers())
      if (p.find("qemu-system") != std::string::npos) qemu = p;
    if (qemu.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_FALSE(qemu.empty());
  std::this_thread::sleep_for(std::chrono::seconds(3));  // into its boot or payload
  ::kill(std::stoi(qemu), SIGKILL);
  int st = 0;
  ::waitpid(c.pid, &st, 0);
  INFO(fcbench::read_file(t / "log.txt"));
  CHECK(WEXITSTATUS(st) == 1);  // one instance not ok
  auto recs = records(out);
  REQUIRE(recs.size() == 2);
  std::map<std::string, json> by_plugin;
  for (auto& r : recs) by_plugin[r["plugin"]] = r;
  INFO(by_plugin["sleeper"].dump());
  CHECK(by_plugin["sleeper"]["status"] == "failed");
  CHECK(by_plugin["sleeper"]["vmm_exit_code"] == 128 + SIGKILL);
  CHECK(by_plugin["sleeper"]["metrics"].empty());
  CHECK(by_plugin["prime"]["status"] == "ok");  // the next instance ran as usual
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(summary["instances_recorded"] == 2);
  CHECK(t.leftovers().empty());
}

TEST_CASE("a failing payload is recorded as failed with its reason, never averaged in", "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, R"(
name: failing
defaults: {timeout_s: 120}
benchmarks:
  - name: bad
    plugin: sleeper
    params: {exit_code: 3}
  - name: good
    plugin: sleeper
    params: {exit_code: 0, message: ok}
)");
  auto out = t / "out";
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string(), "--plugin-path", fixture_dir()});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto recs = records(out);
  REQUIRE(recs.size() == 2);
  auto& bad = recs[0]["benchmark"] == "bad" ? recs[0] : recs[1];
  auto& good = recs[0]["benchmark"] == "bad" ? recs[1] : recs[0];
  CHECK(bad["status"] == "failed");
  CHECK(bad["error"].get<std::string>().find("status 3") != std::string::npos);
  CHECK(bad["error"].get<std::string>().find("to-stderr") != std::string::npos);
  CHECK(bad["payload_exit_status"] == 3);
  CHECK(bad["metrics"].empty());
  CHECK(good["status"] == "ok");
  REQUIRE(metric(good, "echo_length"));
  CHECK((*metric(good, "echo_length"))["value"] == 2);
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  for (auto& b : summary["benchmarks"])
    if (b["benchmark"] == "bad") {
      CHECK(b["n_ok"] == 0);
      CHECK(b["n_failed"] == 1);
      CHECK(b["metrics"].empty());
    }
}

TEST_CASE("dry run prints only the exact VMM command of each instance, and it runs as-is",
          "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, R"(
name: dry
benchmarks:
  - plugin: boot
    repetitions: 2
)");
  auto out = t / "out";
  std::vector<std::string> args = {FCBENCH_BINARY, "run",        suite.string(),
                                   "-o",           out.string(), "--dry-run"};
  auto stdout_file = t / "stdout.txt";
  fcbench::SpawnOptions so;
  so.capture_output = false;
  so.stdout_file = stdout_file.string();
  so.stderr_file = (t / "stderr.txt").string();
  auto c = fcbench::spawn(args, so);
  int st = 0;
  ::waitpid(c.pid, &st, 0);
  REQUIRE(WIFEXITED(st));
  REQUIRE(WEXITSTATUS(st) == 0);
  CHECK_FALSE(fs::exists(out / "results.jsonl"));
  // stdout holds the command lines and nothing else.
  std::ifstream in(stdout_file);
  std::vector<std::string> cmds;
  for (std::string line; std::getline(in, line);) {
    INFO(line);
    CHECK(line.rfind("qemu-system-x86_64 ", 0) == 0);
    cmds.push_back(line);
  }
  REQUIRE(cmds.size() == 2);
  CHECK(cmds[0] != cmds[1]);  // each instance has its own disks
  CHECK(fcbench::read_file(t / "stderr.txt").find("dry run") != std::string::npos);
  // Run the first one raw through sh (it is shell-quoted): the guest must boot,
  // run the payload and leave its results in the instance's channel.
  auto raw = fcbench::run_command({"sh", "-c", cmds[0]}, std::chrono::minutes(3));
  INFO(raw.output);
  CHECK(raw.exit_code == 0);
  CHECK(raw.output.find("@@FCBENCH:payload_end@@") != std::string::npos);
}

TEST_CASE("malformed suites fail with file:line:col and exit code 2", "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, "name: x\nbenchmarks:\n  - plugin: nosuch\n");
  auto r = fcbench_cmd({"run", suite.string(), "-o", (t / "out").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(suite.string() + ":3:13: unknown plugin 'nosuch'") != std::string::npos);
  CHECK(r.output.find("prime") != std::string::npos);  // lists what exists
  CHECK_FALSE(fs::exists(t / "out"));
}

TEST_CASE("suites that crashed a run are refused at load, --dry-run too", "[e2e]") {
  Sandbox t;
  auto check = [&](const std::string& yaml, const std::string& where, const std::string& what) {
    auto suite = write_suite(t, yaml);
    for (bool dry : {false, true}) {
      std::vector<std::string> args = {"run",    suite.string(), "--vmm",
                                       "native", "-o",           (t / "out").string()};
      if (dry) args.push_back("--dry-run");
      auto r = fcbench_cmd(args);
      INFO(r.output);
      CHECK(r.exit_code == 2);
      CHECK(r.output.find(suite.string() + ":" + where + ": " + what) != std::string::npos);
      CHECK_FALSE(fs::exists(t / "out"));
    }
  };
  // Invalid UTF-8 aborted the run after its first instance.
  check("name: x\xff\nbenchmarks:\n  - plugin: prime\n", "1:8", "not valid UTF-8");
  // A timeout of 1e10 s overflowed the deadline: a segfault.
  check("benchmarks:\n  - plugin: prime\n    timeout_s: 1e10\n", "3:16",
        "'timeout_s' must be in (0, 604800]");
  // The second repetitions was ignored: the benchmark ran once.
  check("benchmarks:\n  - plugin: prime\n    repetitions: 1\n    repetitions: 3\n", "4:5",
        "duplicate key 'repetitions' (first given on line 3)");
  auto r = fcbench_cmd({"baseline", (t / "w.jsonl").string(), "--timeout-s", "1e10"});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--timeout-s must be in (0, 604800]") != std::string::npos);
}

TEST_CASE("SIGINT stops the run, records the instance as interrupted and leaves valid results",
          "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, R"(
name: interrupt
benchmarks:
  - plugin: sleeper
    params: {seconds: 3600}
    repetitions: 3
    timeout_s: 300
)");
  auto out = t / "out";
  fcbench::e2e::SerialTap tap(t);
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", suite.string(), "-o", out.string(), "--plugin-path", fixture_dir()}, t / "log.txt");
  // Interrupt once the first guest runs its payload (its console says so).
  bool running = tap.wait_for(marker("payload_start"), std::chrono::minutes(2));
  int code = fcbench::e2e::interrupt_and_wait(c.pid);
  INFO(fcbench::read_file(t / "log.txt"));
  INFO(tap.text());
  REQUIRE(running);
  CHECK(code == 130);
  // Every planned instance has a record: the running one interrupted (first:
  // the others are recorded once it has ended), the others never started.
  auto recs = records(out);
  REQUIRE(recs.size() == 3);
  CHECK(recs[0]["status"] == "interrupted");
  CHECK(recs[0]["id"] == "0001-sleeper-r1");
  CHECK(recs[0]["started_ns"].is_number());
  CHECK(recs[0]["timestamps_ns"]["payload_start"].is_number());
  CHECK(recs[1]["status"] == "not_started");
  CHECK(recs[2]["status"] == "not_started");
  CHECK(recs[1]["started_ns"].is_null());
  CHECK(t.leftovers().empty());
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(summary["benchmarks"][0]["failed_by_status"]["interrupted"] == 1);
  CHECK(summary["benchmarks"][0]["failed_by_status"]["not_started"] == 2);
}

TEST_CASE("a host binary runs in the guest with its shared-library closure, result files come back",
          "[e2e]") {
  Sandbox t;
  auto suite = write_suite(t, "name: hostbin\nbenchmarks:\n  - plugin: hostsum\n");
  auto out = t / "out";
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string(), "--plugin-path", fixture_dir()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  REQUIRE(recs[0]["status"] == "ok");
  // The guest hashed /etc/fcbench-rootfs, which holds the rootfs hash.
  std::string expected =
      fcbench::sha256_hex(recs[0]["env"]["rootfs_sha256"].get<std::string>() + "\n");
  REQUIRE(metric(recs[0], "digest_prefix"));
  CHECK((*metric(recs[0], "digest_prefix"))["value"].get<double>() ==
        double(std::stoull(expected.substr(0, 8), nullptr, 16)));
}

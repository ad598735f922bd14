// End-to-end through `--vmm firecracker`, against fcbench's Firecracker
// test double (test/fc-double: Firecracker's API, the guest booted by QEMU
// TCG). No real Firecracker runs here: these tests check the driver's side
// of the contract (requests, config file, boot timer, exit handling).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "e2e_support.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::marker;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::write_suite;
using fcbench::test::ScopedEnv;
using nlohmann::json;

namespace {

const std::string kDouble = FCBENCH_FC_DOUBLE;

fcbench::RunResult run_fc(const fs::path& suite, const fs::path& out, const std::string& mode,
                          std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {
      "run",           suite.string(),         "-o",    out.string(),         "--vmm",
      "firecracker",   "--firecracker",        kDouble, "--firecracker-mode", mode,
      "--plugin-path", FCBENCH_E2E_FIXTURE_DIR};
  a.insert(a.end(), extra.begin(), extra.end());
  return fcbench_cmd(a);
}

std::set<std::string> metric_names(const json& rec) {
  std::set<std::string> s;
  for (auto& m : rec["metrics"])
    s.insert(m["name"].get<std::string>() + "/" + m["unit"].get<std::string>());
  return s;
}

const char* kBuiltins = fcbench::e2e::kBuiltinsSuite;

}  // namespace

TEST_CASE("firecracker: every built-in plugin runs through the double in both modes, like QEMU",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, kBuiltins);
  auto qemu_out = t / "qemu";
  auto q = fcbench_cmd({"run", suite.string(), "-o", qemu_out.string(), "--vmm", "qemu"});
  INFO(q.output);
  REQUIRE(q.exit_code == 0);
  std::map<std::string, std::set<std::string>> qemu_metrics;
  for (auto& r : records(qemu_out)) qemu_metrics[r["plugin"]] = metric_names(r);
  REQUIRE(qemu_metrics.size() == 4);

  for (std::string mode : {"api", "config-file"}) {
    {
      INFO("firecracker_mode " << mode);
      auto out = t / ("fc-" + mode);
      auto r = run_fc(suite, out, mode);
      INFO(r.output);
      REQUIRE(r.exit_code == 0);
      auto recs = records(out);
      REQUIRE(recs.size() == 4);
      for (auto& rec : recs) {
        INFO(rec.dump());
        CHECK(rec["status"] == "ok");
        CHECK(rec["error"].is_null());
        CHECK(rec["vmm"] == "firecracker");
        CHECK(rec["vmm_exit_code"] == 0);
        // Honest labels: the double's guests ran under TCG, and it says so.
        CHECK(rec["accel"] == "tcg");
        CHECK(rec["env"]["vmm_declared_accel"] == "tcg");
        CHECK(rec["env"]["vmm"] == "firecracker");
        CHECK(rec["env"]["firecracker_mode"] == mode);
        CHECK(rec["env"]["vmm_version"].get<std::string>().rfind("Firecracker v", 0) == 0);
        CHECK(metric_names(rec) == qemu_metrics[rec["plugin"]]);
        // The boot timer: the agent poked the version's address, the double
        // logged Guest-boot-time, fcbench parsed it.
        REQUIRE(rec["vmm_boot_time_us"].is_number());
        double boot_ms = rec["vmm_boot_time_us"].get<double>() / 1000;
        CHECK(boot_ms > 0);
        CHECK(boot_ms < rec["durations_ms"]["end_to_end"].get<double>());
        auto id = rec["id"].get<std::string>();
        CHECK(fs::file_size(out / "logs" / (id + ".serial.log")) > 0);
        CHECK_THAT(fcbench::read_file(out / "logs" / (id + ".vmm.log")),
                   Catch::Contains("Guest-boot-time"));
      }
      CHECK_FALSE(fs::exists(out / "instances"));  // cleaned up
    }
  }
}

TEST_CASE("firecracker: a 400 from the API fails the instance with Firecracker's fault_message",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, "name: fault\nbenchmarks:\n  - plugin: boot\n    vcpus: 3\n");
  auto out = t / "out";
  auto r = run_fc(suite, out, "api");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  INFO(recs[0].dump());
  CHECK(recs[0]["status"] == "failed");
  std::string err = recs[0]["error"];
  CHECK_THAT(err, Catch::Contains("PUT /machine-config: 400 Bad Request: "));
  CHECK_THAT(err, Catch::Contains("vcpu_count"));  // the double's fault_message
  CHECK(recs[0]["vmm_exit_code"].is_null());       // stopped by fcbench
  CHECK(recs[0]["metrics"].empty());
  CHECK(t.leftovers().empty());
}

TEST_CASE("firecracker: a bad config file fails with exit status 152 and its meaning",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, "name: fault\nbenchmarks:\n  - plugin: boot\n    vcpus: 3\n");
  auto out = t / "out";
  auto r = run_fc(suite, out, "config-file");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["status"] == "failed");
  CHECK(recs[0]["vmm_exit_code"] == 152);
  CHECK_THAT(recs[0]["error"].get<std::string>(),
             Catch::Contains("VMM exited with status 152 (bad configuration)") &&
                 Catch::Contains("vcpu_count"));
}

TEST_CASE("firecracker: a guest that powers off is stopped and recorded as failed",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, "name: po\nbenchmarks:\n  - plugin: poweroff\n    timeout_s: 120\n");
  auto out = t / "out";
  auto r = run_fc(suite, out, "api");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["status"] == "failed");
  CHECK_THAT(recs[0]["error"].get<std::string>(),
             Catch::Contains("powered off instead of rebooting") &&
                 Catch::Contains("reboot: Power down") && Catch::Contains("stopped it"));
  CHECK(recs[0]["durations_ms"]["end_to_end"].get<double>() < 60000);  // not the timeout
  CHECK(t.leftovers().empty());
}

TEST_CASE("firecracker: on timeout the VMM is stopped and the record says timeout",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t,
                           "name: hang\nbenchmarks:\n  - plugin: sleeper\n    params: {seconds: "
                           "3600}\n    timeout_s: 10\n");
  auto out = t / "out";
  auto r = run_fc(suite, out, "config-file");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  INFO(recs[0].dump());
  CHECK(recs[0]["status"] == "timeout");
  CHECK(recs[0]["durations_ms"]["end_to_end"].get<double>() >= 10000);
  // It timed out in the payload, not before: the guest booted and started it.
  auto& ts = recs[0]["timestamps_ns"];
  REQUIRE(ts["guest_booted"].is_number());
  REQUIRE(ts["payload_start"].is_number());
  CHECK(ts["launched"].get<int64_t>() < ts["guest_booted"].get<int64_t>());
  CHECK(ts["payload_end"].is_null());
  CHECK_THAT(recs[0]["error"].get<std::string>(), Catch::Contains(marker("payload_start")));
  CHECK(t.leftovers().empty());
}

TEST_CASE("firecracker: the boot-timer address follows the Firecracker version",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, "name: v113\nbenchmarks:\n  - plugin: boot\n");
  ScopedEnv v("FCBENCH_FC_DOUBLE_VERSION", "1.13.0");
  auto out = t / "out";
  auto r = run_fc(suite, out, "api");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["env"]["vmm_version"] == "Firecracker v1.13.0");
  CHECK(recs[0]["vmm_boot_time_us"].is_number());  // 0xC0000000 was poked, not 0xD0000000
}

TEST_CASE("firecracker: versions below the minimum are refused before anything runs",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, "name: old\nbenchmarks:\n  - plugin: boot\n");
  ScopedEnv v("FCBENCH_FC_DOUBLE_VERSION", "1.7.0");
  auto r = run_fc(suite, t / "out", "api");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Catch::Contains("older than 1.8.0") && Catch::Contains("ACPI"));
  CHECK_FALSE(fs::exists(t / "out" / "results.jsonl"));
}

TEST_CASE("firecracker: without a binary, fcbench says how to get one", "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, "name: none\nbenchmarks:\n  - plugin: boot\n");
  ScopedEnv env("FIRECRACKER", nullptr);
  ScopedEnv path("PATH", "/usr/bin:/bin");
  auto r = fcbench_cmd({"run", suite.string(), "-o", (t / "out").string(), "--vmm", "firecracker"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output,
             Catch::Contains("not packaged in Debian") && Catch::Contains("--firecracker PATH"));
}

TEST_CASE("firecracker: dry run prints the exact commands, and config-file ones run as-is",
          "[e2e][firecracker]") {
  Sandbox t;
  auto suite = write_suite(t, "name: dry\nbenchmarks:\n  - plugin: boot\n");
  for (std::string mode : {"api", "config-file"}) {
    auto out = t / ("out-" + mode);
    fcbench::SpawnOptions so;
    so.capture_output = false;
    so.stdout_file = (t / ("stdout-" + mode)).string();
    so.stderr_file = (t / ("stderr-" + mode)).string();
    auto c = fcbench::spawn(
        {FCBENCH_BINARY, "run", suite.string(), "-o", out.string(), "--vmm", "firecracker",
         "--firecracker", kDouble, "--firecracker-mode", mode, "--dry-run"},
        so);
    int st = 0;
    ::waitpid(c.pid, &st, 0);
    REQUIRE(WIFEXITED(st));
    REQUIRE(WEXITSTATUS(st) == 0);
    std::string cmd = fcbench::read_file(so.stdout_file);
    std::string err = fcbench::read_file(so.stderr_file);
    INFO(cmd << err);
    REQUIRE(!cmd.empty());
    cmd.pop_back();                              // the newline
    CHECK(cmd.find('\n') == std::string::npos);  // one instance, one line
    CHECK(cmd.rfind(kDouble + " ", 0) == 0);
    CHECK_THAT(cmd, Catch::Contains("--boot-timer") && Catch::Contains("--id 0001-boot-r1"));
    if (mode == "api") {
      CHECK_THAT(cmd, Catch::Contains("--api-sock "));
      CHECK_THAT(err, Catch::Contains("PUT /logger") && Catch::Contains("InstanceStart"));
      continue;
    }
    CHECK_THAT(cmd, Catch::Contains("--no-api --config-file "));
    auto raw = fcbench::run_command({"sh", "-c", cmd}, std::chrono::minutes(3));
    INFO(raw.output);
    CHECK(raw.exit_code == 0);
    CHECK(raw.output.find("@@FCBENCH:payload_end@@") != std::string::npos);
  }
}

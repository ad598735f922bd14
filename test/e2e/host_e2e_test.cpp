// End-to-end host tuning against a fake sysfs tree (FCBENCH_SYSFS_ROOT):
// real guests boot while fcbench changes and restores the fake host, and a
// run killed with SIGKILL is undone by the next fcbench command; --pin sets
// the affinity of QEMU's threads, read back from /proc during the run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../fixtures/fake_sysfs.hpp"
#include "../fixtures/test_support.hpp"
#include "e2e_support.hpp"
#include "host/journal.hpp"
#include "host/pinning.hpp"
#include "host/sysfs.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::write_suite;
using fcbench::test::FakeSysfs;
using fcbench::test::ScopedEnv;
using nlohmann::json;

namespace {

const std::string kControl = "/sys/devices/system/cpu/smt/control";
const std::string kNoTurbo = "/sys/devices/system/cpu/intel_pstate/no_turbo";

bool wait_for(const std::function<bool()>& cond, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return cond();
}

}  // namespace

TEST_CASE("a tuned run changes the fake host, records it in env.json and restores it",
          "[e2e][host]") {
  Sandbox t;
  FakeSysfs fake(t / "root");
  ScopedEnv root("FCBENCH_SYSFS_ROOT", fake.root().c_str());
  auto before = fake.snapshot();
  auto suite = write_suite(t,
                           "name: tuned\nhost: {governor: performance}\n"
                           "benchmarks:\n  - plugin: boot\n    repetitions: 2\n");
  auto out = t / "out";
  auto r = fcbench::run_command({FCBENCH_BINARY, "run", suite.string(), "-o", out.string(), "--smt",
                                 "off", "--turbo", "off", "--drop-caches"},
                                std::chrono::minutes(10));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("warning") == std::string::npos);

  // Applied during the run, as env.json recorded it...
  auto env = json::parse(fcbench::read_file(out / "env.json"));
  auto& hs = env["host_settings"];
  CHECK(hs["smt"] == "off");
  CHECK(hs["governor"] == "performance");
  CHECK(hs["turbo"] == "off");
  CHECK(hs["warnings"].empty());
  CHECK(hs["requested"]["smt"] == "off");               // from the command line
  CHECK(hs["requested"]["governor"] == "performance");  // from the suite
  CHECK(hs["requested"]["drop_caches"] == true);
  CHECK(env["host"]["cpu_model"] == "Fake CPU @ 2.00GHz");
  CHECK(env["host"]["cpu_threads"] == 4);
  CHECK(env["host"]["host_cmdline"] == "BOOT_IMAGE=/vmlinuz root=/dev/fake ro quiet");
  CHECK(env["vmms"]["qemu"]["version"].get<std::string>().find("QEMU") != std::string::npos);
  CHECK(env["vmms"]["qemu"]["sha256"].get<std::string>().size() == 64);
  CHECK(env["guest_kernels"]["default"]["sha256"].get<std::string>().size() == 64);
  CHECK_FALSE(env["guest_kernels"]["default"]["release"].get<std::string>().empty());
  CHECK(env["rootfs_sha256"].get<std::string>().size() == 64);
  CHECK(env["suite_sha256"] == fcbench::sha256_hex(fcbench::read_file(suite)));
  CHECK_FALSE(env["fcbench"]["git_commit"].get<std::string>().empty());

  // ...every record carries the hash of env.json's canonical dump...
  const std::string id = fcbench::sha256_hex(env.dump());
  auto recs = records(out);
  REQUIRE(recs.size() == 2);
  for (auto& rec : recs) {
    CHECK(rec["status"] == "ok");
    CHECK(rec["env_id"] == id);
    CHECK(rec.contains("pinning"));
    CHECK(rec["pinning"].is_null());  // no --pin
  }
  CHECK(json::parse(fcbench::read_file(out / "summary.json"))["env_id"] == id);

  // ...and afterwards the host is as it was, but for the dropped caches.
  CHECK(fake.read("/proc/sys/vm/drop_caches") == "3");
  fake.write("/proc/sys/vm/drop_caches", "0");
  CHECK(fake.snapshot() == before);
  CHECK_FALSE(fs::exists(fcbench::host::journal_path(fcbench::host::Sysfs(fake.root()))));
}

TEST_CASE("SIGINT during a tuned run restores the fake host", "[e2e][host]") {
  Sandbox t;
  FakeSysfs fake(t / "root");
  ScopedEnv root("FCBENCH_SYSFS_ROOT", fake.root().c_str());
  auto before = fake.snapshot();
  auto journal = fcbench::host::journal_path(fcbench::host::Sysfs(fake.root()));
  auto suite = write_suite(t,
                           "name: int\nbenchmarks:\n  - plugin: sleeper\n"
                           "    params: {seconds: 3600}\n    timeout_s: 300\n");
  auto out = t / "out";
  auto c = fcbench::e2e::spawn_fcbench({"run", suite.string(), "-o", out.string(), "--plugin-path",
                                        FCBENCH_E2E_FIXTURE_DIR, "--smt", "off", "--turbo", "off"},
                                       t / "log.txt");
  REQUIRE(wait_for([&] { return fs::exists(journal) && fake.read(kNoTurbo) == "1"; },
                   std::chrono::minutes(3)));
  CHECK(fake.read(kControl) == "off");
  CHECK(fake.read(kNoTurbo) == "1");
  int code = fcbench::e2e::interrupt_and_wait(c.pid);
  INFO(fcbench::read_file(t / "log.txt"));
  CHECK(code == 130);
  CHECK(fake.snapshot() == before);
  CHECK_FALSE(fs::exists(journal));
}

TEST_CASE("a run killed with SIGKILL is restored by the next fcbench command", "[e2e][host]") {
  Sandbox t;
  FakeSysfs fake(t / "root");
  ScopedEnv root("FCBENCH_SYSFS_ROOT", fake.root().c_str());
  auto before = fake.snapshot();
  auto journal = fcbench::host::journal_path(fcbench::host::Sysfs(fake.root()));
  auto suite = write_suite(t, "name: crash\nbenchmarks:\n  - plugin: boot\n    repetitions: 3\n");
  auto out = t / "out";
  fcbench::SpawnOptions so;
  so.capture_output = false;
  so.stdout_file = (t / "log.txt").string();
  auto c = fcbench::spawn(
      {FCBENCH_BINARY, "run", suite.string(), "-o", out.string(), "--smt", "off"}, so);
  // The journal appears just before the first change, once the assets are ready.
  bool started = wait_for([&] { return fs::exists(journal) && fake.read(kControl) == "off"; },
                          std::chrono::minutes(3));
  ::kill(c.pid, SIGKILL);
  int st = 0;
  ::waitpid(c.pid, &st, 0);
  t.kill_leftovers();
  INFO(fcbench::read_file(t / "log.txt"));
  REQUIRE(started);
  REQUIRE(WIFSIGNALED(st));
  // The host is left changed, with the journal naming the dead run.
  CHECK(fake.read(kControl) == "off");
  REQUIRE(fs::exists(journal));
  CHECK(json::parse(fcbench::read_file(journal))["pid"] == c.pid);

  auto r = fcbench::run_command({FCBENCH_BINARY, "host", "status"}, std::chrono::minutes(1));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("pid " + std::to_string(c.pid) + ") ended without restoring") !=
        std::string::npos);
  CHECK(fake.read(kControl) == "on");
  CHECK(fake.snapshot() == before);
  CHECK_FALSE(fs::exists(journal));
  CHECK(r.output.find("journal    none") != std::string::npos);
}

namespace {

// The pid of the QEMU whose command line holds both strings, or 0.
pid_t find_qemu(const std::string& a, const std::string& b) {
  std::error_code ec;
  for (auto& p : fs::directory_iterator("/proc", ec)) {
    std::string name = p.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream f(p.path() / "cmdline");
    std::string cmd((std::istreambuf_iterator<char>(f)), {});
    if (cmd.find(a) != std::string::npos && cmd.find(b) != std::string::npos &&
        cmd.find("qemu") != std::string::npos)
      return pid_t(std::stoi(name));
  }
  return 0;
}

// Cpus_allowed_list of each thread of `pid`, by thread name.
std::map<std::string, std::string> allowed_by_comm(pid_t pid) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  fs::path task = "/proc/" + std::to_string(pid) + "/task";
  for (auto& t : fs::directory_iterator(task, ec)) {
    std::ifstream c(t.path() / "comm");
    std::string comm;
    std::getline(c, comm);
    std::ifstream s(t.path() / "status");
    for (std::string line; std::getline(s, line);)
      if (line.rfind("Cpus_allowed_list:", 0) == 0)
        out[comm] = line.substr(line.find_last_of(" \t") + 1);
  }
  return out;
}

bool single_core(const std::string& list) {
  return !list.empty() && list.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

TEST_CASE("pinning: --pin puts QEMU's vCPU thread and its other threads on their own cores",
          "[e2e][host]") {
  if (auto n = fcbench::host::usable_cpus().size(); n < 2)
    FCBENCH_SKIP("needs 2 usable CPUs, this process has " + std::to_string(n));
  Sandbox t;
  FakeSysfs fake(t / "root");  // --pin writes no sysfs file, but never risk the real one
  ScopedEnv root("FCBENCH_SYSFS_ROOT", fake.root().c_str());
  auto suite = write_suite(t,
                           "name: pin\nbenchmarks:\n  - plugin: sleeper\n"
                           "    params: {seconds: 4}\n    timeout_s: 300\n");
  auto out = t / "out";
  fcbench::SpawnOptions so;
  so.capture_output = false;
  so.stdout_file = (t / "log.txt").string();
  auto c = fcbench::spawn({FCBENCH_BINARY, "run", suite.string(), "-o", out.string(),
                           "--plugin-path", FCBENCH_E2E_FIXTURE_DIR, "--pin", "--vmm", "qemu"},
                          so);
  // While the guest runs: the affinity of QEMU's threads, read from /proc.
  pid_t qemu = 0;
  std::map<std::string, std::string> seen;
  bool ended = false;
  int st = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(c.pid, &st, WNOHANG) == c.pid) {
      ended = true;
      break;
    }
    if (!qemu) qemu = find_qemu("fcbench-0001-sleeper-r1", out.string());
    if (qemu) {
      auto now = allowed_by_comm(qemu);
      if (single_core(now["CPU 0/TCG"]) || single_core(now["CPU 0/KVM"])) seen = now;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!ended) {
    ::kill(c.pid, SIGKILL);
    ::waitpid(c.pid, &st, 0);
    t.kill_leftovers();
  }
  INFO(fcbench::read_file(t / "log.txt"));
  REQUIRE(ended);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 0);
  REQUIRE(qemu != 0);
  std::string vcpu_comm = seen.count("CPU 0/TCG") ? "CPU 0/TCG" : "CPU 0/KVM";
  INFO(json(seen).dump());
  REQUIRE(single_core(seen[vcpu_comm]));

  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["status"] == "ok");
  auto& pin = recs[0]["pinning"];
  INFO(pin.dump());
  REQUIRE(pin.is_object());
  CHECK(pin["warnings"].empty());
  CHECK(pin["shared"] == false);
  REQUIRE(pin["vcpus"].contains("0"));
  CHECK(std::to_string(pin["vcpus"]["0"].get<int>()) == seen[vcpu_comm]);
  // Every other thread (the main loop among them) is on the one further core.
  const std::string other = std::to_string(pin["vmm_threads"].get<int>());
  CHECK(other != seen[vcpu_comm]);
  for (auto& [comm, list] : seen)
    if (comm != vcpu_comm && comm.rfind("CPU ", 0) != 0) CHECK(list == other);
}

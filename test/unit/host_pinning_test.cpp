// host/pinning: thread names, finding a VMM's threads under a /proc-like
// root, pinning a real child process, and the record's pinning field.
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "../fixtures/test_support.hpp"
#include "host/cores.hpp"
#include "host/pinning.hpp"
#include "results/record.hpp"

using Catch::Matchers::Contains;
using fcbench::test::TempDir;
namespace host = fcbench::host;
namespace fs = std::filesystem;

TEST_CASE("pinning: vCPU thread names of QEMU and Firecracker", "[unit][host][pin]") {
  CHECK(host::vcpu_index("CPU 0/TCG") == 0);
  CHECK(host::vcpu_index("CPU 12/KVM") == 12);
  CHECK(host::vcpu_index("fc_vcpu 3") == 3);
  CHECK_FALSE(host::vcpu_index("qemu-system-x86"));
  CHECK_FALSE(host::vcpu_index("fc_api"));
  CHECK_FALSE(host::vcpu_index("firecracker"));
  CHECK_FALSE(host::vcpu_index("CPU 0/"));
  CHECK_FALSE(host::vcpu_index("CPU /TCG"));
  CHECK_FALSE(host::vcpu_index("CPU x/KVM"));
  CHECK_FALSE(host::vcpu_index("CPU 0/kvm"));
  CHECK_FALSE(host::vcpu_index("fc_vcpu "));
  CHECK_FALSE(host::vcpu_index("fc_vcpu 1a"));
  CHECK_FALSE(host::vcpu_index("worker"));
}

namespace {
void fake_task(const fs::path& proc, int pid, int tid, const std::string& comm) {
  fs::create_directories(proc / std::to_string(pid) / "task" / std::to_string(tid));
  std::ofstream(proc / std::to_string(pid) / "task" / std::to_string(tid) / "comm") << comm << "\n";
}
}  // namespace

TEST_CASE("pinning: a VMM's threads are found and classified under a /proc-like root",
          "[unit][host][pin]") {
  TempDir t;
  fake_task(t.path(), 4000, 4000, "firecracker");
  fake_task(t.path(), 4000, 4003, "fc_vcpu 1");
  fake_task(t.path(), 4000, 4001, "fc_api");
  fake_task(t.path(), 4000, 4002, "fc_vcpu 0");
  fs::create_directories(t / "4000/task/notatid");
  auto ts = host::list_threads(t.path(), 4000);
  REQUIRE(ts.size() == 4);
  CHECK(ts[0].tid == 4000);
  CHECK(ts[0].comm == "firecracker");
  CHECK_FALSE(ts[0].vcpu);
  CHECK(ts[1].comm == "fc_api");
  CHECK_FALSE(ts[1].vcpu);
  CHECK(ts[2].vcpu == 0);
  CHECK(ts[3].vcpu == 1);
  CHECK(host::list_threads(t.path(), 4001).empty());  // no such process
}

TEST_CASE("pinning: vCPU threads that never appear are a warning after a bounded wait",
          "[unit][host][pin]") {
  TempDir t;
  // Thread ids above pid_max: no real thread, so the affinity calls find none.
  fake_task(t.path(), 99999990, 99999990, "qemu-system-x86");
  host::CoreAllocator a({0});
  host::PinOptions o;
  o.proc_root = t.path();
  o.wait = std::chrono::milliseconds(50);
  auto start = std::chrono::steady_clock::now();
  auto r = host::pin_vmm(99999990, 2, a, o);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(50));
  REQUIRE(r.granted);
  REQUIRE_FALSE(r.warnings.empty());
  CHECK_THAT(r.warnings[0], Contains("found 0 of 2 vCPU thread(s) after 50 ms"));
  auto j = r.to_json();
  CHECK(j["shared"] == true);
  CHECK(j["vmm_threads"] == 0);

  auto gone = host::pin_vmm(99999991, 1, a, o);
  CHECK_FALSE(gone.granted);
  REQUIRE(gone.warnings.size() == 1);
  CHECK_THAT(gone.warnings[0], Contains("no threads to pin"));
  CHECK(gone.to_json()["vmm_threads"].is_null());
}

namespace {
std::string cpus_allowed(pid_t pid, pid_t tid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/status");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("Cpus_allowed_list:", 0) == 0) return line.substr(line.find_last_of(" \t") + 1);
  return "";
}
}  // namespace

TEST_CASE("pinning: a real child's vCPU thread and main thread go to their cores",
          "[unit][host][pin]") {
  auto usable = host::usable_cpus();
  if (usable.size() < 2) {
    FCBENCH_SKIP("needs 2 usable CPUs, this process has " + std::to_string(usable.size()));
  }
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // a stand-in VMM: a main thread and a "CPU 0/TCG" thread
    pthread_t th;
    ::pthread_create(
        &th, nullptr,
        [](void*) -> void* {
          ::pthread_setname_np(::pthread_self(), "CPU 0/TCG");
          for (;;) ::pause();
        },
        nullptr);
    ::pthread_setname_np(::pthread_self(), "qemu-main");
    (void)!::write(ready[1], "x", 1);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char c;
  (void)!::read(ready[0], &c, 1);
  ::close(ready[0]);
  host::CoreAllocator a(usable);
  auto r = host::pin_vmm(pid, 1, a);
  auto threads = host::list_threads("/proc", pid);
  std::map<std::string, std::string> allowed;
  for (auto& t : threads) allowed[t.comm] = cpus_allowed(pid, t.tid);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  INFO(r.to_json().dump());
  CHECK(r.warnings.empty());
  REQUIRE(r.granted);
  int a0 = *usable.begin(), a1 = *std::next(usable.begin());
  CHECK(r.grant.vcpus.at(0) == a0);
  CHECK(r.grant.vmm_threads == a1);
  CHECK(allowed["CPU 0/TCG"] == std::to_string(a0));
  CHECK(allowed["qemu-main"] == std::to_string(a1));
}

TEST_CASE("pinning: the record carries the mapping, null without --pin", "[unit][host][pin]") {
  fcbench::results::Record r;
  CHECK(fcbench::results::to_json(r)["pinning"].is_null());
  host::PinResult p;
  p.grant.vcpus = {{0, 1}};
  p.grant.vmm_threads = 0;
  p.granted = true;
  r.pinning = p.to_json();
  auto j = fcbench::results::to_json(r);
  CHECK(j["pinning"] == nlohmann::json::parse(
                            R"({"vcpus": {"0": 1}, "vmm_threads": 0, "shared": false,
                               "warnings": []})"));
  CHECK(fcbench::results::from_json(j).pinning == j["pinning"]);
}

// host/cores and host/pinning: the core allocator, thread names, finding a
// VMM's threads under a /proc-like root, and pinning a real child process.
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
#include "host/settings.hpp"
#include "results/record.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;
using fcbench::test::TempDir;
namespace host = fcbench::host;
namespace fs = std::filesystem;

TEST_CASE("pinning: 2 cores and 1 vCPU give the vCPU one core and the VMM the other",
          "[unit][host][pin]") {
  host::CoreAllocator a({2, 5});
  auto g = a.allocate(1);
  CHECK(g.vcpus == std::map<int, int>{{0, 2}});
  CHECK(g.vmm_threads == 5);
  CHECK_FALSE(g.shared);
}

TEST_CASE("pinning: the allocator hands out disjoint cores, then shares and says so",
          "[unit][host][pin]") {
  host::CoreAllocator a({0, 1, 2, 3, 4, 5});
  auto g1 = a.allocate(2);  // 0, 1 + 2
  auto g2 = a.allocate(2);  // 3, 4 + 5
  CHECK(g1.vcpus == std::map<int, int>{{0, 0}, {1, 1}});
  CHECK(g1.vmm_threads == 2);
  CHECK(g2.vcpus == std::map<int, int>{{0, 3}, {1, 4}});
  CHECK(g2.vmm_threads == 5);
  CHECK_FALSE(g1.shared);
  CHECK_FALSE(g2.shared);
  auto g3 = a.allocate(1);  // nothing free: shares
  CHECK(g3.shared);
  a.release(g3);
  a.release(g1);  // 0-2 free again
  auto g4 = a.allocate(1);
  CHECK(g4.vcpus == std::map<int, int>{{0, 0}});
  CHECK(g4.vmm_threads == 1);
  CHECK_FALSE(g4.shared);
  a.release(g4);
  a.release(g2);
  a.release(g2);  // a second release changes nothing
  auto g5 = a.allocate(5);
  CHECK_FALSE(g5.shared);
}

TEST_CASE("pinning: more threads than cores share within one grant", "[unit][host][pin]") {
  host::CoreAllocator one({7});
  auto g = one.allocate(1);
  CHECK(g.vcpus.at(0) == 7);
  CHECK(g.vmm_threads == 7);
  CHECK(g.shared);
  host::CoreAllocator two({0, 1});
  auto g2 = two.allocate(3);  // 0, 1, 0 + 1
  CHECK(g2.vcpus == std::map<int, int>{{0, 0}, {1, 1}, {2, 0}});
  CHECK(g2.vmm_threads == 1);
  CHECK(g2.shared);
  CHECK_THROWS_AS(host::CoreAllocator({}), std::invalid_argument);
}

TEST_CASE("pinning: the allocator is safe from several threads", "[unit][host][pin]") {
  host::CoreAllocator a({0, 1, 2, 3, 4, 5, 6, 7});
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&] {
      for (int k = 0; k < 1000; ++k) a.release(a.allocate(1));
    });
  for (auto& t : ts) t.join();
  auto g = a.allocate(7);  // all released: nothing shared
  CHECK_FALSE(g.shared);
}

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

TEST_CASE("pinning: --cpuset parses to canonical CPU lists", "[unit][host][pin]") {
  CHECK(host::parse_cpuset("0-3") == std::string("0-3"));
  CHECK(host::parse_cpuset("3,1,2") == std::string("1-3"));
  CHECK_FALSE(host::parse_cpuset(""));
  CHECK_FALSE(host::parse_cpuset("all"));
  CHECK_FALSE(host::parse_cpuset("3-1"));
  CHECK_FALSE(host::parse_cpuset("0-"));
  host::Settings s;
  host::Overrides o;
  o.pin = true;
  o.cpuset = "1";
  s = host::merge(s, o);
  CHECK(s.pin);
  CHECK(s.cpuset == "1");
}

TEST_CASE("pinning: bad --cpuset values are usage errors", "[unit][host][pin]") {
  TempDir tmp;
  auto suite = tmp.path() / "suite.yaml";
  std::ofstream(suite) << "benchmarks:\n  - plugin: boot\n";
  auto r = fcbench::run_command({FCBENCH_BINARY, "run", suite.string(), "--pin", "--cpuset", "x"},
                                std::chrono::minutes(1));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("--cpuset must be a CPU list"));
  r = fcbench::run_command({FCBENCH_BINARY, "run", suite.string(), "-o", (tmp / "out").string(),
                            "--pin", "--cpuset", "4000"},
                           std::chrono::minutes(1));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("none of these CPUs is usable here"));
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

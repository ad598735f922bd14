// A killed fcbench leaves nothing running: its VMMs and payloads die with it
// (PR_SET_PDEATHSIG), and --resume ends what a dead run left behind.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "e2e_support.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using fcbench::e2e::Sandbox;

std::string fixtures() {
  return FCBENCH_E2E_FIXTURE_DIR;
}

// Waits up to `limit` for `pred`.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

// Leftovers other than fcbench itself (whose command line names the sandbox).
std::vector<std::string> others(const Sandbox& t, pid_t fcbench) {
  std::vector<std::string> out;
  for (auto& p : t.leftovers())
    if (std::stoi(p) != fcbench) out.push_back(p);
  return out;
}

// Live processes whose environment names the sandbox: a native payload and
// its own children (their HOME is the instance directory).
std::vector<pid_t> by_environment(const Sandbox& t) {
  std::vector<pid_t> out;
  for (auto& p : fs::directory_iterator("/proc")) {
    std::string name = p.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream f(p.path() / "environ"), s(p.path() / "stat");
    std::string env((std::istreambuf_iterator<char>(f)), {});
    std::string stat((std::istreambuf_iterator<char>(s)), {});
    if (stat.find(") Z ") != std::string::npos) continue;
    if (env.find(t.path().string() + "/") != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

void kill_descendants(const Sandbox& t) {
  for (pid_t p : by_environment(t)) ::kill(p, SIGKILL);
}

bool alive(pid_t pid) {
  std::ifstream s("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(s)), {});
  return !stat.empty() && stat.find(") Z ") == std::string::npos;
}

// SIGKILLs fcbench and reaps it.
void kill_fcbench(pid_t pid) {
  ::kill(pid, SIGKILL);
  int st;
  ::waitpid(pid, &st, 0);
}

// A suite of one long sleeper, whose payload names the sandbox on its
// command line (its message) so that leftovers() finds it.
fs::path long_sleeper(const Sandbox& t, const std::string& vmm) {
  return fcbench::e2e::write_suite(t, "name: orphans\ndefaults: {vmm: " + vmm +
                                          ", timeout_s: 900}\nbenchmarks:\n"
                                          "  - plugin: sleeper\n"
                                          "    params: {seconds: 600, message: '" +
                                          t.path().string() + "/marker'}\n");
}

}  // namespace

TEST_CASE("a SIGKILLed fcbench takes its native payload with it", "[e2e][orphans]") {
  Sandbox t;
  auto c = fcbench::e2e::spawn_fcbench({"run", long_sleeper(t, "native").string(), "-o",
                                        (t / "out").string(), "--plugin-path", fixtures()},
                                       t / "log.txt");
  const bool running = eventually([&] { return !others(t, c.pid).empty(); }, 20s);
  kill_fcbench(c.pid);
  INFO(fcbench::read_file(t / "log.txt"));
  REQUIRE(running);
  CHECK(eventually([&] { return t.leftovers().empty(); }, 2s));
  INFO(fmt::format("{}", fmt::join(t.leftovers(), "\n")));
  CHECK(t.leftovers().empty());
  kill_descendants(t);  // its `sleep`: see docs/reliability.md
}

TEST_CASE("a SIGKILLed fcbench takes its QEMU with it", "[e2e][orphans]") {
  Sandbox t;
  auto c = fcbench::e2e::spawn_fcbench({"run", long_sleeper(t, "qemu").string(), "-o",
                                        (t / "out").string(), "--plugin-path", fixtures()},
                                       t / "log.txt");
  // QEMU names the sandbox (its disks); wait until it is up.
  const bool running = eventually(
      [&] {
        for (auto& p : others(t, c.pid))
          if (p.find("qemu") != std::string::npos) return true;
        return false;
      },
      60s);
  kill_fcbench(c.pid);
  INFO(fcbench::read_file(t / "log.txt"));
  REQUIRE(running);
  CHECK(eventually([&] { return t.leftovers().empty(); }, 2s));
  INFO(fmt::format("{}", fmt::join(t.leftovers(), "\n")));
  CHECK(t.leftovers().empty());
}

TEST_CASE("resume: ends what a SIGKILLed run left running before it starts again",
          "[e2e][orphans]") {
  Sandbox t;
  auto out = t / "out";
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", long_sleeper(t, "native").string(), "-o", out.string(), "--plugin-path", fixtures()},
      t / "log.txt");
  // Until the payload's `sleep` runs: a launch is visible (with fcbench's
  // command line) before its exec, longer while it joins its cgroup.
  REQUIRE(eventually(
      [&] {
        if (!fs::exists(out / "pids.jsonl") || others(t, c.pid).empty()) return false;
        for (pid_t p : by_environment(t)) {
          std::string comm;
          std::getline(std::ifstream(fmt::format("/proc/{}/comm", p)), comm);
          if (comm == "sleep") return true;
        }
        return false;
      },
      20s));
  kill_fcbench(c.pid);
  // The payload died with fcbench; the `sleep` it had started lives on.
  // (Generous bounds: a loaded CI machine; eventually() returns once true.)
  REQUIRE(eventually([&] { return t.leftovers().empty(); }, 10s));
  std::vector<pid_t> survivors;
  REQUIRE(eventually(
      [&] {
        survivors = by_environment(t);
        return !survivors.empty();
      },
      10s));
  auto r = fcbench::e2e::spawn_fcbench(
      {"run", "--resume", out.string(), "--plugin-path", fixtures()}, t / "resume.txt");
  const bool ended =
      eventually([&] { return std::none_of(survivors.begin(), survivors.end(), alive); }, 10s);
  fcbench::e2e::interrupt_and_wait(r.pid);
  INFO(fcbench::read_file(t / "resume.txt"));
  CHECK(ended);
  CHECK(fcbench::read_file(t / "resume.txt").find("left by the earlier run") != std::string::npos);
  kill_descendants(t);
}

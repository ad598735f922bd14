// Per-instance cgroups end to end: each instance's record carries its
// memory peak and CPU time, a payload past its memory limit is recorded as
// killed by it, no fcbench group outlives its run (nor a crashed run's, the
// next run's), and where cgroups cannot be used the run goes on and its env
// says why. Each test asserts what this host allows: the real groups as
// root, else the reason in the env.
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "e2e_support.hpp"
#include "host/cgroup.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using nlohmann::json;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

std::string fixtures() {
  return FCBENCH_E2E_FIXTURE_DIR;
}

// A native suite of memhog instances holding `mibs` MiB each, in a 64 MiB
// "guest" (a 128 MiB limit with the native allowance).
fs::path memhog_suite(const Sandbox& t, const std::vector<int>& mibs) {
  std::string yaml = "name: cg\ndefaults: {vmm: native, mem_mib: 64, timeout_s: 60}\nbenchmarks:\n";
  for (size_t i = 0; i < mibs.size(); ++i)
    yaml += fmt::format("  - {{plugin: memhog, name: hog{}, params: {{mib: {}}}}}\n", i, mibs[i]);
  return fcbench::e2e::write_suite(t, yaml);
}

// Runs fcbench to its end; its pid, exit code and output.
struct Ran {
  pid_t pid = -1;
  int code = -1;
  std::string output;
};
Ran run(const Sandbox& t, std::vector<std::string> args) {
  Ran r;
  const fs::path log = t / "log.txt";
  r.pid = fcbench::e2e::spawn_fcbench(std::move(args), log).pid;
  int st = 0;
  ::waitpid(r.pid, &st, 0);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.output = fcbench::read_file(log);
  return r;
}

// fcbench's groups of owner `pid` left under our parents.
std::vector<std::string> groups_of(const fcbench::host::CgroupLayout& l, pid_t pid) {
  std::vector<std::string> out;
  const std::string prefix = fmt::format("fcbench-{}-", pid);
  for (auto& [ctrl, parent] : l.parents)
    for (auto& e : fs::directory_iterator(parent))
      if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
  return out;
}

// A live process (not a zombie).
bool running(pid_t pid) {
  std::ifstream s(fmt::format("/proc/{}/stat", pid));
  std::string stat((std::istreambuf_iterator<char>(s)), {});
  return !stat.empty() && stat.find(") Z ") == std::string::npos;
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE(
    "cgroups: a native record has its memory peak and CPU time, and no group outlives the run",
    "[e2e][cgroup]") {
  Sandbox t;
  const auto layout = fcbench::host::detect_cgroups();
  auto out = t / "out";
  Ran r = run(t, {"run", memhog_suite(t, {32, 1}).string(), "-o", out.string(), "--plugin-path",
                  fixtures()});
  INFO(r.output);
  REQUIRE(r.code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 2);
  const json env = json::parse(fcbench::read_file(out / "env.json"));
  CHECK(env["host"]["cgroups"] == layout.describe());
  CHECK(recs[0]["env"]["cgroups"] == layout.describe());
  if (layout.version == fcbench::host::CgroupVersion::none) {  // e.g. not root
    CHECK_THAT(layout.describe(), StartsWith("unavailable: "));
    CHECK(recs[0]["memory_peak_bytes"].is_null());
    CHECK(count(r.output, "per-instance cgroups unavailable: ") == 1);
    return;
  }
  for (auto& rec : recs) {
    CHECK(rec["status"] == "ok");
    CHECK(rec["memory_limit_bytes"] == (64u + 64u) << 20);
    CHECK(rec["cgroup_cpu_ns"].get<uint64_t>() > 0);
    CHECK(rec["memory_peak_bytes"].get<uint64_t>() > 0);
  }
  // tail held the 32 MiB at once: the peak covers it, and is the instance's own.
  CHECK(recs[0]["memory_peak_bytes"].get<uint64_t>() >= 32u << 20);
  CHECK(recs[1]["memory_peak_bytes"].get<uint64_t>() < 32u << 20);
  CHECK(groups_of(layout, r.pid).empty());
  CHECK(r.output.find("cgroups unavailable") == std::string::npos);
}

TEST_CASE("cgroups: a payload past its memory limit is failed, killed by its cgroup memory limit",
          "[e2e][cgroup]") {
  Sandbox t;
  const auto layout = fcbench::host::detect_cgroups();
  auto out = t / "out";
  Ran r = run(t, {"run", memhog_suite(t, {512, 8}).string(), "-o", out.string(), "--plugin-path",
                  fixtures()});
  INFO(r.output);
  auto recs = records(out);
  REQUIRE(recs.size() == 2);
  CHECK(recs[1]["status"] == "ok");                            // the run went on
  if (layout.version == fcbench::host::CgroupVersion::none) {  // no limit to hit here
    CHECK(r.code == 0);
    CHECK_THAT(recs[0]["env"]["cgroups"].get<std::string>(), StartsWith("unavailable: "));
    return;
  }
  CHECK(r.code == 1);
  CHECK(recs[0]["status"] == "failed");
  CHECK_THAT(recs[0]["error"].get<std::string>(),
             StartsWith("killed by its cgroup memory limit (128 MiB: mem_mib 64 + a 64 MiB "
                        "allowance)"));
  CHECK(recs[0]["metrics"].empty());
  CHECK(recs[0]["memory_peak_bytes"].get<uint64_t>() <= 128u << 20);
  CHECK(groups_of(layout, r.pid).empty());
}

TEST_CASE("cgroups: where none can be used the run goes on, says so once, and the env says why",
          "[e2e][cgroup]") {
  Sandbox t;
  fs::create_directories(t / "no-cgroups");
  fcbench::test::ScopedEnv root("FCBENCH_CGROUP_ROOT", (t / "no-cgroups").c_str());
  auto out = t / "out";
  Ran r = run(t, {"run", memhog_suite(t, {1, 1}).string(), "-o", out.string(), "--plugin-path",
                  fixtures()});
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK(count(r.output, "warning: per-instance cgroups unavailable: ") == 1);
  const json env = json::parse(fcbench::read_file(out / "env.json"));
  const std::string why = env["host"]["cgroups"];
  CHECK_THAT(why, StartsWith("unavailable: ") && Contains("no cgroup v2 hierarchy") &&
                      Contains("no cgroup v1 memory hierarchy"));
  for (auto& rec : records(out)) {
    CHECK(rec["status"] == "ok");
    CHECK(rec["env"]["cgroups"] == why);
    CHECK(rec["memory_peak_bytes"].is_null());
    CHECK(rec["memory_limit_bytes"].is_null());
    CHECK(rec["cgroup_cpu_ns"].is_null());
  }
}

TEST_CASE("cgroups: --no-cgroups runs without them, with no warning, and the env says so",
          "[e2e][cgroup]") {
  Sandbox t;
  auto out = t / "out";
  Ran r = run(t, {"run", memhog_suite(t, {1}).string(), "-o", out.string(), "--plugin-path",
                  fixtures(), "--no-cgroups"});
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK(r.output.find("cgroups") == std::string::npos);
  const json env = json::parse(fcbench::read_file(out / "env.json"));
  CHECK(env["host"]["cgroups"] == "unavailable: turned off (--no-cgroups)");
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["status"] == "ok");
  CHECK(recs[0]["memory_peak_bytes"].is_null());
  CHECK(groups_of(fcbench::host::detect_cgroups(), r.pid).empty());
}

TEST_CASE("cgroups: a SIGKILLed run's groups are ended and removed by its --resume",
          "[e2e][cgroup]") {
  Sandbox t;
  const auto layout = fcbench::host::detect_cgroups();
  const bool usable = layout.version != fcbench::host::CgroupVersion::none;
  // A native sleeper: its shell dies with fcbench, the `sleep` it started
  // does not (docs/reliability.md), and stays in the group.
  auto suite = fcbench::e2e::write_suite(
      t,
      "name: stale\ndefaults: {vmm: native, timeout_s: 900}\nbenchmarks:\n"
      "  - plugin: sleeper\n    params: {seconds: 600}\n");
  auto out = t / "out";
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", suite.string(), "-o", out.string(), "--plugin-path", fixtures()}, t / "a.txt");
  std::vector<pid_t> left;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    left.clear();
    if (usable)
      for (auto& g : groups_of(layout, c.pid))
        for (pid_t p : fcbench::host::cgroup_processes(g)) left.push_back(p);
    const bool logged = fs::exists(out / "pids.jsonl") && fs::file_size(out / "pids.jsonl") > 0;
    if (logged && (!usable || left.size() >= 2)) break;  // sh and sleep
    std::this_thread::sleep_for(50ms);
  }
  ::kill(c.pid, SIGKILL);
  ::waitpid(c.pid, nullptr, 0);
  INFO(fcbench::read_file(t / "a.txt"));
  // The resumed sleeper is stopped at once: only the clean-up is under test.
  auto r = fcbench::e2e::spawn_fcbench(
      {"run", "--resume", out.string(), "--plugin-path", fixtures()}, t / "b.txt");
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < until &&
         fcbench::read_file(t / "b.txt").find("running 1 instance") == std::string::npos)
    std::this_thread::sleep_for(50ms);
  fcbench::e2e::interrupt_and_wait(r.pid);
  const std::string output = fcbench::read_file(t / "b.txt");
  INFO(output);
  if (!usable) {
    CHECK(count(output, "per-instance cgroups unavailable: ") == 1);
    return;
  }
  REQUIRE(left.size() >= 2);
  CHECK_THAT(output, Contains(fmt::format("resume: ended the cgroup(s) left by the earlier run: "
                                          "fcbench-{}-0001-sleeper",
                                          c.pid)));
  CHECK(groups_of(layout, c.pid).empty());
  CHECK(groups_of(layout, r.pid).empty());
  for (pid_t p : left) CHECK_FALSE(running(p));
}

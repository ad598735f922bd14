// Helpers shared by the end-to-end tests: a private sandbox per test (its
// own directory and fcbench cache), writing suites, running the fcbench CLI,
// reading results back, and finding processes a run left behind.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace fcbench::e2e {

namespace fs = std::filesystem;
using nlohmann::json;

// The cache ./setup.sh prepared ($FCBENCH_CACHE, else ~/.cache/fcbench), as
// it was when the test process started, before a Sandbox redirected it.
inline const fs::path& prepared_cache() {
  static const fs::path p = fcbench::cache_dir();
  return p;
}

// Live (non-zombie) processes whose command line contains `needle`, as
// "pid: cmdline" (arguments joined by spaces).
inline std::vector<std::string> processes_mentioning(const std::string& needle) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto& p : fs::directory_iterator("/proc", ec)) {
    std::string name = p.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (name == std::to_string(::getpid())) continue;
    std::ifstream f(p.path() / "cmdline");
    std::string cmd((std::istreambuf_iterator<char>(f)), {});
    std::ifstream s(p.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(s)), {});
    if (stat.empty() || stat.find(") Z ") != std::string::npos) continue;
    if (cmd.find(needle) == std::string::npos) continue;
    for (auto& c : cmd)
      if (c == '\0') c = ' ';
    out.push_back(name + ": " + cmd);
  }
  return out;
}

// Private state for one end-to-end test: a fresh directory, and an fcbench
// cache inside it (FCBENCH_CACHE, for this process and every fcbench it
// starts) that shares only the prepared guest kernel (cache/kernel is a
// symlink to the prepared cache's kernel/) and a copy of the KVM probe's
// verdict; and a private run history (FCBENCH_HISTORY). Rootfs, initramfs, disks, vmlinux, host
// journals and a Firecracker binary are never shared: each test builds its own (the rootfs takes
// ~80 ms) and cannot see another test's, nor a leftover host journal that
// could be replayed against the real /sys.
//
// Every path a run uses (suite, output, instance disks, kernel, initrd) lies
// under path(), so leftovers() finds this test's VMMs by that directory and
// never another test's, even under ctest -j. The destructor kills any left.
class Sandbox {
 public:
  Sandbox() {
    fs::create_directories(cache());
    fs::create_directory_symlink(prepared_ / "kernel", cache() / "kernel");
    std::error_code ec;
    if (fs::exists(prepared_ / "accel-probe.json", ec))
      fs::copy_file(prepared_ / "accel-probe.json", cache() / "accel-probe.json", ec);
  }
  ~Sandbox() { kill_leftovers(); }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const fs::path& path() const { return dir_.path(); }
  fs::path operator/(const std::string& name) const { return dir_ / name; }
  fs::path cache() const { return dir_ / "cache"; }

  // Processes (VMMs, the Firecracker double, a payload) still running with
  // this sandbox's directory on their command line. Check it once fcbench
  // has exited: then it must be empty.
  std::vector<std::string> leftovers() const { return processes_mentioning(needle()); }
  // SIGKILLs them (orphans of a run killed on purpose).
  void kill_leftovers() const {
    for (int round = 0; round < 2; ++round)
      for (auto& p : processes_mentioning(needle())) ::kill(std::stoi(p), SIGKILL);
  }

 private:
  std::string needle() const { return dir_.path().string() + "/"; }
  test::TempDir dir_;
  fs::path prepared_ = prepared_cache();  // read before FCBENCH_CACHE changes
  test::ScopedEnv cache_env_{"FCBENCH_CACHE", (dir_ / "cache").c_str()};
  // Runs register in a private history, never the user's.
  test::ScopedEnv history_env_{"FCBENCH_HISTORY", (dir_ / "history.db").c_str()};
};

// One benchmark per built-in plugin, small enough for TCG.
inline constexpr const char* kBuiltinsSuite = R"(
name: builtins
defaults: {timeout_s: 180}
benchmarks:
  - plugin: boot
  - plugin: prime
    params: {n: 100000}
  - plugin: stream
    params: {array_size: 200000, iterations: 3}
  - plugin: dd
    params: {size_mib: 8}
)";

inline fs::path write_suite(const Sandbox& t, const std::string& yaml,
                            const std::string& name = "suite") {
  auto p = t / (name + ".yaml");
  std::ofstream(p) << yaml;
  return p;
}

// Runs the built fcbench with `args`; stdout and stderr together.
inline RunResult fcbench_cmd(std::vector<std::string> args) {
  args.insert(args.begin(), FCBENCH_BINARY);
  return run_command(args, std::chrono::minutes(10));
}

// Starts fcbench with `args` in the background, its output going to `log`.
inline Child spawn_fcbench(std::vector<std::string> args, const fs::path& log) {
  args.insert(args.begin(), FCBENCH_BINARY);
  SpawnOptions so;
  so.capture_output = false;
  so.stdout_file = log.string();
  so.new_process_group = false;
  return spawn(args, so);
}

// Waits until `file` holds `text` at least `n` times (a results.jsonl
// filling up): a test interrupts a run at a point of its progress, not after
// a fixed time that a slower build (ASan) may not meet. False on timeout.
inline bool wait_for_text(const fs::path& file, const std::string& text, size_t n,
                          std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    std::error_code ec;
    const std::string s = fs::exists(file, ec) ? read_file(file) : "";
    size_t seen = 0;
    for (size_t at = s.find(text); at != std::string::npos; at = s.find(text, at + text.size()))
      ++seen;
    if (seen >= n) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Sends SIGINT and returns the exit code, or -1 if it did not exit normally.
inline int interrupt_and_wait(pid_t pid) {
  ::kill(pid, SIGINT);
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// A workload file: the header, then one line per instance.
struct WorkloadFile {
  std::string text =
      R"({"format":"fcbench-workload-1","spec":{},"seed":1,"fcbench_version":"test"})"
      "\n";
  std::set<std::string> ids;
  void add(const std::string& id, int64_t arrival_ns, const std::string& plugin,
           const json& params) {
    json j = {{"id", id},         {"arrival_ns", arrival_ns},
              {"plugin", plugin}, {"params", params},
              {"vcpus", 1},       {"mem_mib", 128}};
    text += j.dump() + "\n";
    ids.insert(id);
  }
  fs::path write(const Sandbox& t, const std::string& name = "w.jsonl") const {
    auto p = t / name;
    std::ofstream(p) << text;
    return p;
  }
};

inline std::vector<json> records(const fs::path& dir) {
  std::vector<json> out;
  std::ifstream in(dir / "results.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

inline const json* metric(const json& rec, const std::string& name) {
  for (auto& m : rec["metrics"])
    if (m["name"] == name) return &m;
  return nullptr;
}

// A guest console marker as the agent prints it (docs/guest-protocol.md).
inline std::string marker(const std::string& name) {
  return "@@FCBENCH:" + name + "@@";
}

// The instance's serial console as fcbench saved it (logs/<id>.serial.log).
inline std::string serial_log(const fs::path& out, const json& rec) {
  auto p = out / "logs" / (rec["id"].get<std::string>() + ".serial.log");
  return fs::exists(p) ? fcbench::read_file(p) : "";
}

// Copies the console of every QEMU fcbench starts to a file as it arrives,
// so a test can wait for a guest marker while the guest runs (fcbench writes
// logs/<id>.serial.log only when the instance ends). Sets FCBENCH_QEMU to a
// wrapper script that tees QEMU's output on its way to fcbench; the tee's
// own command line names no sandbox path, so leftovers() stays exact.
class SerialTap {
 public:
  explicit SerialTap(const Sandbox& t) : script_(t / "qemu-tap.sh"), log_(t / "qemu-tap.log") {
    REQUIRE_FALSE(qemu_.empty());
    write_file(script_,
               "#!/bin/bash\n"
               "exec 9>>" +
                   shell_quote({log_.string()}) + "\n" +
                   "exec > >(exec tee -a /dev/fd/9) 2>&1\n"
                   "exec 9>&-\n"
                   "exec " +
                   shell_quote({qemu_}) + " \"$@\"\n",
               0755);
  }
  // Waits until `text` has appeared on a console.
  bool wait_for(const std::string& text, std::chrono::seconds limit) const {
    auto deadline = std::chrono::steady_clock::now() + limit;
    do {
      if (text_has(text)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < deadline);
    return text_has(text);
  }
  std::string text() const { return fs::exists(log_) ? read_file(log_) : ""; }

 private:
  bool text_has(const std::string& s) const { return text().find(s) != std::string::npos; }
  // The QEMU fcbench would run: $FCBENCH_QEMU, else qemu-system-x86_64.
  static std::string real_qemu() {
    const char* q = std::getenv("FCBENCH_QEMU");
    return which(q && *q ? q : "qemu-system-x86_64");
  }
  fs::path script_, log_;
  std::string qemu_ = real_qemu();
  test::ScopedEnv env_{"FCBENCH_QEMU", script_.c_str()};
};

}  // namespace fcbench::e2e

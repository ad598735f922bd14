// Helpers shared by the end-to-end tests: write a suite, run the fcbench
// CLI, read results back, look for leftover VMM processes.
#pragma once

#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/process.hpp"

namespace fcbench::e2e {

namespace fs = std::filesystem;
using nlohmann::json;

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

inline fs::path write_suite(const test::TempDir& t, const std::string& yaml,
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

// Sends SIGINT and returns the exit code, or -1 if it did not exit normally.
inline int interrupt_and_wait(pid_t pid) {
  ::kill(pid, SIGINT);
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

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

// Is any live (non-zombie) process's command line mentioning `needle`?
inline bool process_alive(const std::string& needle) {
  for (auto& p : fs::directory_iterator("/proc")) {
    std::string name = p.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream f(p.path() / "cmdline");
    std::string cmd((std::istreambuf_iterator<char>(f)), {});
    std::ifstream s(p.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(s)), {});
    if (stat.find(") Z ") == std::string::npos && cmd.find(needle) != std::string::npos)
      return true;
  }
  return false;
}

}  // namespace fcbench::e2e

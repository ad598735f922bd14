// The physical limit for open-loop arrivals on this host: a bare loop that
// sleeps to each arrival of a workload file (clock_nanosleep, absolute
// CLOCK_MONOTONIC) and posix_spawns /bin/true, measuring how late each spawn
// starts. test/bench/arrivals.sh compares fcbench's own lateness with it.
//
//   fcbench_arrival_ref W.jsonl    prints "p50_ns p99_ns max_ns n"
#include <signal.h>
#include <spawn.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern char** environ;

namespace {

int64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::vector<int64_t> arrivals(const char* file) {
  std::ifstream in(file);
  std::vector<int64_t> out;
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line).at("arrival_ns"));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fcbench_arrival_ref W.jsonl\n";
    return 2;
  }
  const auto due = arrivals(argv[1]);
  if (due.empty()) return 2;
  ::signal(SIGCHLD, SIG_IGN);  // children reap themselves
  char prog[] = "/bin/true";
  char* child_argv[] = {prog, nullptr};
  std::vector<int64_t> late;
  const int64_t t0 = mono_ns();
  for (int64_t a : due) {
    const int64_t at = t0 + a;
    timespec ts{time_t(at / 1'000'000'000), long(at % 1'000'000'000)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) != 0) {
    }
    late.push_back(mono_ns() - at);
    pid_t pid;
    posix_spawn(&pid, prog, nullptr, nullptr, child_argv, environ);
  }
  std::sort(late.begin(), late.end());
  const auto pct = [&](double p) {
    return late[std::min(late.size() - 1, size_t(p * late.size()))];
  };
  std::printf("%lld %lld %lld %zu\n", (long long)pct(0.5), (long long)pct(0.99),
              (long long)late.back(), late.size());
  return 0;
}

// Host monitor: while a run lasts, a thread samples CPU time, memory and load
// average from /proc at a fixed interval and appends one JSON line per sample
// to a file (host.jsonl in the results directory).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "util/line_file.hpp"

namespace fcbench::host {

// One line of host.jsonl.
struct HostSample {
  int64_t t_ns = 0;       // CLOCK_MONOTONIC, ns
  std::string time;       // UTC ISO 8601 with ms, e.g. 2026-11-25T20:50:01.123Z
  double interval_s = 0;  // seconds covered by the cpu fractions (0: no fractions)
  // Percent of all CPU time in the interval; user includes nice, irq includes softirq.
  double cpu_user = 0, cpu_system = 0, cpu_idle = 0, cpu_iowait = 0, cpu_irq = 0;
  double cpu_steal = 0;
  uint64_t mem_available_kib = 0, mem_total_kib = 0;
  double load1 = 0, load5 = 0, load15 = 0;
  int64_t running = 0;  // instances running, from the callback
  std::string error;    // what could not be read; omitted from the JSON when empty
};

nlohmann::json to_json(const HostSample& s);
// The inverse, for reading host.jsonl; absent fields stay zero. Throws
// nlohmann::json::exception for a mistyped field.
HostSample host_sample_from_json(const nlohmann::json& j);

// Cumulative jiffies from the aggregate "cpu " line of /proc/stat.
struct CpuTimes {
  uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
};

// Throws std::runtime_error if there is no aggregate "cpu " line.
CpuTimes parse_proc_stat(const std::string& text);
// Sets out.cpu_* to the percentages of CPU time between readings a and b
// (all zero if no time passed).
void cpu_fractions(const CpuTimes& a, const CpuTimes& b, HostSample& out);
// MemAvailable and MemTotal from /proc/meminfo; throws std::runtime_error if missing.
void parse_meminfo(const std::string& text, HostSample& out);
// The three load averages; throws std::runtime_error if malformed.
void parse_loadavg(const std::string& text, HostSample& out);

class Monitor {
 public:
  // Starts sampling on its own thread: a reading at start, then one line every
  // `interval` (cpu fractions over that interval) until stop(). proc_root lets
  // tests point at a fake /proc tree (files stat, meminfo, loadavg).
  // `running` is called on the monitor thread, so it must be thread-safe.
  // Throws UserError if the file cannot be opened.
  Monitor(std::filesystem::path file, std::chrono::milliseconds interval,
          std::function<int64_t()> running, std::filesystem::path proc_root = "/proc");
  ~Monitor();  // calls stop()
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Writes one final line (covering the partial interval, if > 0) and joins
  // the thread; idempotent.
  void stop();
  size_t samples_written() const;

 private:
  void run();
  HostSample sample();
  void write_line(const HostSample& s);

  std::filesystem::path file_;
  std::chrono::milliseconds interval_;
  std::function<int64_t()> running_;
  std::filesystem::path proc_root_;
  LineFile out_;

  // Previous good /proc/stat reading, for the cpu fractions (thread only).
  CpuTimes prev_cpu_;
  int64_t prev_cpu_ns_ = 0;
  bool have_prev_cpu_ = false;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_requested_ = false;
  size_t written_ = 0;
  std::mutex join_mu_;  // serialises stop()
  std::thread thread_;
};

}  // namespace fcbench::host

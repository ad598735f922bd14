// One instance: start its VM (or native payload), follow it through the
// scheduler's events, then collect and parse its results into a record.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "host/cgroup.hpp"
#include "host/cores.hpp"
#include "plugin/plugin.hpp"
#include "results/record.hpp"
#include "run/serial.hpp"
#include "util/fd.hpp"
#include "vmm/driver.hpp"

namespace fcbench::run {

// One planned run: compact, since a workload may plan a million of them.
// Everything else about it comes from its benchmark, just in time (Placed).
struct Instance {
  std::string id;
  const config::Benchmark* bench = nullptr;
  uint32_t repetition = 1;
  int64_t arrival_ns = 0;  // due this long after the run starts
};

// An instance made ready to launch (run/placer): its plugin, job, driver,
// VM spec with its own paths, command and base record.
struct Placed : Instance {
  std::shared_ptr<const plugin::Plugin> plugin;
  plugin::Job job;
  vmm::VmSpec spec;
  const vmm::Driver* driver = nullptr;
  std::vector<std::string> command;  // exactly what runs
  results::Record base;              // identity fields
};

struct ExecContext {
  std::filesystem::path logs_dir;
  // Writes one log file; the runner hands these to a background writer.
  // Unset: written at once.
  std::function<void(std::filesystem::path, std::string)> save_log;
  // With --pin: where each VMM's threads go once it has started.
  host::CoreAllocator* cores = nullptr;
  // Where cgroups are usable: each instance runs in a group of its own.
  const host::Cgroups* cgroups = nullptr;
  // Each started VMM or payload (for --resume after a dead fcbench).
  std::function<void(const Placed&, pid_t)> on_launch;
};

// A started instance. The scheduler waits on output_fd() and exit_fd() and
// calls on_time() at next_deadline(); nothing here blocks for long. Guest
// and VMM problems never throw: they become the record's status.
class Execution {
 public:
  enum class Start {
    now,       // launched by the constructor
    deferred,  // start() launches it (on any thread), attach() follows
    // Like deferred, but start() makes the process and lets it join its
    // cgroups ahead of time, then waits for open_gate() before exec.
    gated,
  };
  Execution(const Placed& inst, const ExecContext& ctx, Start how = Start::now);
  void start();       // the driver's start; touches only this object and its gate
  void attach();      // after start(): non-blocking pipes, pidfd, pinning
  void open_gate();   // gated: the process execs now (its launch time)
  void close_gate();  // gated, never to run: start() ends, failed
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  int output_fd() const { return out_fd_; }  // the console (native: stdout); -1 if none
  int error_fd() const { return err_fd_; }   // native: stderr; -1 if none
  int exit_fd() const { return pid_fd_; }    // readable once the process ends; -1 if none
  void on_output(int64_t now);               // reads what output_fd() has
  void on_error_output();                    // reads what error_fd() has
  void on_exit();                            // reaps the process if it has ended
  void on_time(int64_t now);                 // timeout, poweroff grace, kill escalation
  int64_t next_deadline() const;             // monotonic ns
  // Stop launching-side request: the process gets `grace_ns` to finish on
  // its own, then it is stopped and recorded as interrupted.
  void interrupt(int64_t now, int64_t grace_ns);
  bool done() const { return reaped_; }
  bool starting() const { return starting_; }
  int64_t launched_ns() const { return launched_; }
  // Once done(): the record (writes the logs).
  results::Record finish();

 private:
  void stop(int64_t now, int64_t grace_ns);
  void close_output();
  void save_log(const std::string& suffix, const std::string& text) const;
  // The console (VM) or the payload's stdout and stderr (native), so far.
  void save_console() const;
  results::Record outcome();
  results::Record finish_vm(results::Record rec);
  void make_cgroup();
  Child launch();
  void settle_cgroup(results::Record& rec);
  results::Record finish_native(results::Record rec);

  const Placed& inst_;
  const ExecContext& ctx_;
  SerialMonitor mon_;
  std::string serial_, err_, spawn_error_, started_at_;  // native: serial_ is stdout
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1, pid_fd_ = -1;
  Fd gate_, gate_child_;               // gated: our end and the child's
  std::atomic<int64_t> ready_ns_{0};   // set by the child once in its cgroups
  std::atomic<int64_t> opened_ns_{0};  // gated: when open_gate() let it go
  int64_t launched_ = 0, exited_ = 0;
  int64_t timeout_at_ = 0, poweroff_at_ = 0, interrupt_at_ = 0, kill_at_ = 0;
  bool reaped_ = false, spawn_failed_ = false, timed_out_ = false, interrupted_ = false,
       powered_off_ = false, stopping_ = false, starting_ = false;
  Child child_;
  int wait_status_ = 0;
  std::optional<results::ProcessUsage> usage_;
  std::optional<host::CoreGrant> grant_;
  std::unique_ptr<host::InstanceCgroup> cgroup_;
  nlohmann::json pinning_;
};

}  // namespace fcbench::run

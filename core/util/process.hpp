// Child processes from argv vectors (never through a shell).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace fcbench {

struct SpawnOptions {
  bool capture_output = true;    // stdout+stderr into one pipe (read it via out_fd)
  bool separate_stderr = false;  // with capture_output: stderr into its own pipe (err_fd)
  bool new_process_group = true;
  // SIGKILL the child when the thread that spawned it ends (PR_SET_PDEATHSIG),
  // so no VMM or payload outlives a killed fcbench.
  bool die_with_parent = true;
  int stdin_fd = -1;        // the child's fd 0 (a copy of it); default /dev/null
  std::string stdout_file;  // if set (and !capture_output), append stdout here
  std::string stderr_file;  // likewise for stderr; default: with stdout
  std::string cwd;          // working directory of the child; empty: ours
  std::optional<std::vector<std::string>> env;  // KEY=VALUE; unset: ours
  // Open cgroup.procs files: the child writes "0" to each before exec, so
  // it runs inside those cgroups from its first instruction. A failed
  // write fails the spawn.
  std::vector<int> cgroup_procs_fds;
  // Where the child stores the monotonic time (ns) once it is in its
  // cgroups, before the gate. Unset: not stored.
  std::atomic<int64_t>* ready_ns = nullptr;
  // A socket the child waits on, once in its cgroups, before exec: one byte
  // lets it go on, end of file ends it and spawn() throws (ECANCELED). The
  // spawning thread waits meanwhile (vfork). -1: no gate.
  int gate_fd = -1;
};

struct Child {
  pid_t pid = -1;
  int out_fd = -1;  // read end of the output pipe, or -1
  int err_fd = -1;  // read end of the stderr pipe (separate_stderr), or -1
};

// The nice value every child takes before exec, whatever the spawning
// thread's own (see run/scheduler: its loop thread runs boosted); unset:
// the spawning thread's. The same for helper threads (WorkerQueue).
void set_child_nice(std::optional<int> nice);
std::optional<int> child_nice();

// Starts argv[0] (looked up in PATH if it has no '/'). Throws UserError when
// the program is not found, SystemError (naming it) when it cannot be started.
Child spawn(const std::vector<std::string>& argv, const SpawnOptions& opt = {});

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string output;  // stdout+stderr
  bool timed_out = false;
};

// Runs to completion, capturing output; kills the process group on timeout.
RunResult run_command(const std::vector<std::string>& argv,
                      std::optional<std::chrono::milliseconds> timeout = std::nullopt);

// Finds a program in PATH (or checks an explicit path); empty if absent.
std::string which(const std::string& program);

// A pidfd for `pid` (readable once it exits), or -1 where unsupported.
int pidfd_open(pid_t pid);

// Kills the child's process group (SIGKILL) and reaps it.
void kill_and_reap(pid_t pid);

// Waits up to `timeout` for the child to exit on its own (pidfd, no
// polling loop) and reaps it; returns its wait status, or nullopt.
std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout);

// Asks the child's process group to stop (SIGTERM), waits up to `grace`,
// then SIGKILLs it; reaps it and returns its wait status.
int terminate_and_reap(pid_t pid, std::chrono::milliseconds grace);

// "a 'b c'": each word quoted only where needed, so the line runs as-is.
std::string shell_quote(const std::vector<std::string>& argv);

}  // namespace fcbench

// One fcbench-plugin-host child serving one plugin library, so that a
// plugin's code runs outside fcbench: a crash or a hang in it fails one
// call, never the run.
//
// Lifecycle: started on the first call. Each call sends one request and
// waits for its reply, up to the call timeout. If the host dies or does not
// answer in time, it is killed and reaped, the call throws PluginError
// naming the plugin, the call and the signal, status or timeout, and the
// next call starts a fresh host. Destruction closes the socket: the host
// exits on its own (and also if fcbench dies: it watches the socket).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>

namespace fcbench::plugin {

// The per-call timeout: $FCBENCH_PLUGIN_TIMEOUT_S (seconds, > 0), else 30 s.
std::chrono::milliseconds call_timeout();
// Overrides call_timeout() for this process (the CLI's --plugin-timeout-s).
void set_call_timeout(std::chrono::milliseconds timeout);

// The host executable: $FCBENCH_PLUGIN_HOST, else in <P>/lib/fcbench
// (installed) or beside fcbench (build tree; test programs are one or two
// levels below it); throws PluginError naming where it looked.
std::filesystem::path plugin_host_path();

class HostProcess {
 public:
  // `name` is the plugin's name for messages; empty until it is known.
  HostProcess(std::filesystem::path library, std::string name);
  ~HostProcess();
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  void set_name(std::string name) { name_ = std::move(name); }
  // Sends the frame `request` and returns the reply's body, for the call
  // called `what` ("info", "job", "parse"). Thread-safe (one call at a time).
  std::string call(const char* what, const std::string& request);
  pid_t pid() const { return pid_; }

 private:
  void start();
  // Kills and reaps the host; the reason it ended ("killed by signal 11
  // (SIGSEGV)", "exited with status 3"), or `fallback` if it was alive.
  std::string end(const std::string& fallback);
  std::string who() const;  // "plugin 'x': ", or "" before the name is known
  std::filesystem::path library_;
  std::string name_;
  std::mutex mu_;
  pid_t pid_ = -1;
  int fd_ = -1;
};

}  // namespace fcbench::plugin

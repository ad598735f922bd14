// A plugin as fcbench sees it: what its library said when it was loaded,
// and its calls, each made in the library's own host process
// (plugin/host_process), so that no plugin code runs inside fcbench.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plugin/types.hpp"

namespace fcbench::plugin {

class HostProcess;

// Where a plugin's bytes came from, so a number can be traced to them: the
// pack it was installed with (empty for none) and the library's SHA-256.
struct Source {
  std::string pack, pack_version;
  std::string sha256;
};

class Plugin {
 public:
  // Starts the library's host and checks the library; throws PluginError
  // with the reason, including a crash or a hang while it loads. `origin`
  // names its pack, if any; the SHA-256 is computed here.
  static std::shared_ptr<const Plugin> load(const std::filesystem::path& library,
                                            const Source& origin = {});
  ~Plugin();

  const std::string& name() const { return info_.name; }
  const std::string& version() const { return info_.version; }
  const std::string& description() const { return info_.description; }
  const std::vector<ParamDef>& params() const { return info_.params; }
  const std::vector<PayloadFile>& payload_files() const { return info_.files; }
  const std::filesystem::path& library_path() const { return path_; }
  const Source& source() const { return source_; }
  std::pair<uint32_t, uint32_t> abi() const { return {info_.abi_major, info_.abi_minor}; }
  const ParamDef* find_param(const std::string& name) const;

  // Defaults filled in for any parameter not given.
  ParamMap with_defaults(const ParamMap& given) const;
  // Throws PluginError carrying the plugin's message, or naming a crash or
  // timeout. The last few thousand answers are kept: a job is a function of
  // its parameters (and a large suite may have a million sets of them).
  Job describe_job(const ParamMap& params) const;
  // Asks for the jobs of those `sets` not known yet in one round trip, so a
  // suite's thousands of benchmarks cost a few calls. describe_job then
  // answers them (or throws the plugin's message). Should the host crash or
  // hang on one, nothing is kept, and describe_job asks again, one at a
  // time, from then on (a slow plugin wastes one call timeout at most).
  void prefetch_jobs(const std::vector<ParamMap>& sets) const;
  // Throws PluginError "plugin '<name>': parse failed: <the plugin's
  // message>", or "... parse crashed: ..." / "... did not answer ...".
  std::vector<Metric> parse(const GuestOutput& output) const;
  // The host's pid, or -1 while none runs (for tests).
  int host_pid() const;

 private:
  Plugin() = default;
  std::unique_ptr<HostProcess> host_;
  Info info_;
  std::filesystem::path path_;
  Source source_;
  mutable std::mutex jobs_mu_;
  struct Answer {
    Job job;
    std::optional<std::string> error;  // the plugin's message when it refused the params
  };
  mutable std::map<ParamMap, Answer> jobs_;  // at most kMaxJobs
  static constexpr size_t kMaxJobs = 4096;
  // A call asks for this many jobs at most: well inside the call timeout.
  static constexpr size_t kJobsPerCall = 64;
  mutable std::atomic<bool> batching_{true};  // until a batch fails
  void ask_jobs(const std::vector<const ParamMap*>& ask) const;
};

}  // namespace fcbench::plugin

// One instance's result: the line written to results.jsonl.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/plugin.hpp"

namespace fcbench::results {

// Host monotonic clock, ns; 0 = the event was not seen.
struct Timestamps {
  int64_t launched = 0, guest_booted = 0, payload_start = 0, payload_end = 0, exited = 0;
};

// CPU time of the process fcbench started, from wait4(2): the VMM (with the
// children it reaped) or, for vmm native, the payload. (Peak RSS is left
// out: ru_maxrss survives execve, so it would count the spawning process.)
struct ProcessUsage {
  double user_ms = 0, system_ms = 0;
};

// How an instance ended; results.jsonl spells it as the enumerator's name.
// ok, failed and timeout are final; interrupted and not_started are rerun by
// `fcbench run --resume`.
enum class Status { ok, failed, timeout, interrupted, not_started };

std::string to_string(Status s);  // "ok", "not_started", ...
std::optional<Status> status_from_string(std::string_view s);

struct Record {
  std::string id, suite, benchmark, plugin;
  std::map<std::string, std::string> params;  // canonical text form
  // Types of params (from the plugin), so JSON carries numbers and booleans
  // as such; a param without a type is written as a string.
  std::map<std::string, fcb_param_type> param_types;
  uint32_t repetition = 1;
  std::string vmm, accel;
  uint32_t vcpus = 1, mem_mib = 0;
  Status status = Status::failed;
  std::string error;  // empty when ok
  Timestamps ts;
  // Scheduling, host monotonic ns: when the instance was due, when it was
  // started (0: never), and how long it waited for a slot under
  // max_concurrent.
  int64_t scheduled_ns = 0, started_ns = 0, queue_delay_ns = 0;
  int64_t guest_payload_ns = 0;  // payload time on the guest's monotonic clock
  std::optional<int> vmm_exit_code;
  std::optional<int64_t> vmm_boot_time_us;
  std::optional<ProcessUsage> process_usage;  // unset if fcbench did not reap it  // the VMM's own
                                              // boot timer (Firecracker --boot-timer)
  std::optional<int> payload_exit_status;
  std::optional<int> payload_term_signal;
  // From the instance's cgroup (unset without one): the memory limit it had,
  // its memory peak and the CPU time of everything in it.
  std::optional<uint64_t> memory_limit_bytes, memory_peak_bytes, cgroup_cpu_ns;
  std::string started_at;  // UTC wall clock at launch, ISO 8601 (for humans)
  std::vector<plugin::Metric> metrics;
  nlohmann::json env;  // host kernel, CPU model, VMM version, ...
  // With --pin: {"vcpus": {"0": core}, "vmm_threads": core, "shared": bool,
  // "warnings": [...]}; null when not pinning.
  nlohmann::json pinning;
  std::string env_id;  // sha256 of the run's env.json (canonical dump); empty if none
  // The source file of a record `fcbench import` converted (e.g.
  // "results-1.txt"); empty for fcbench's own, and then left out of the JSON.
  std::string imported_from;
  std::string host;      // the hostname of the machine that ran it
  nlohmann::json shard;  // {"index": K, "count": N} with --shard K/N; null otherwise
  // The run's time zero, which arrivals count from: on this host's monotonic
  // clock and on its wall clock (ns since the Unix epoch). A merge aligns
  // shards by the wall one. 0: unknown.
  int64_t start_mono_ns = 0, start_wall_ns = 0;
  // Set by `fcbench merge`: the directory the record came from, and the ns it
  // added to every monotonic timestamp (start_mono_ns too) to put them on the
  // merged, wall-clock axis.
  std::string merged_from;
  int64_t time_shift_ns = 0;
  // {"pack", "pack_version", "sha256"}: the exact plugin library that parsed
  // this record (pack null when the plugin came with no pack); null if unknown.
  nlohmann::json plugin_source;
};

nlohmann::json to_json(const Record& r);
// Throws nlohmann::json::exception for a mistyped field and
// std::invalid_argument for an unknown status.
Record from_json(const nlohmann::json& j);

// Params as JSON: numbers and booleans per `types` (a param without a type,
// or whose text does not parse as its type, stays a string).
nlohmann::json typed_params(const std::map<std::string, std::string>& params,
                            const std::map<std::string, fcb_param_type>& types);
// The inverse: JSON params back to canonical text (strings as-is, others
// dumped). Non-object input gives no params.
std::map<std::string, std::string> params_from_json(const nlohmann::json& j);

// Milliseconds between two timestamps, or nullopt if either is missing.
std::optional<double> span_ms(int64_t from, int64_t to);

}  // namespace fcbench::results

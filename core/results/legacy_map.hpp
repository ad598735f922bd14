// The prior tool's rows (legacy_csv) as fcbench data: records, a baseline
// and host samples. Pure: no files, no clocks (legacy_import does the I/O).
//
// The prior tool ran every VM on Firecracker under KVM with 1 vCPU and
// 128 MiB (its launch-firecracker.sh); it wrote wall-clock Unix times, so
// the records' timestamps are ns since the Unix epoch, not CLOCK_MONOTONIC.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/monitor.hpp"
#include "plugin/registry.hpp"
#include "results/baseline.hpp"
#include "results/legacy_csv.hpp"
#include "results/record.hpp"
#include "workload/fc_microbenchmark_legacy_programs.hpp"

namespace fcbench::results::legacy {

inline constexpr const char* kVmm = "firecracker";
inline constexpr const char* kAccel = "kvm";
inline constexpr uint32_t kVcpus = workload::kLegacyVcpus, kMemMib = workload::kLegacyMemMib;
inline constexpr const char* kMetric = "program_runtime";  // tVM, ms, lower is better

// How workload IDs become plugins and parameters.
struct Programs {
  const workload::ProgramList& list;
  const plugin::Registry& plugins;
};

// What every record of one results-X.txt shares.
struct Source {
  std::string file_name;  // "results-1.txt": each record's imported_from
  std::string run;        // "1": the X, prefix of the record ids
  nlohmann::json env;     // each record's env
  std::string env_id;
};

// Row `index` (from 1) of a results file as a record with id "X-000017".
// tVM or tFC of 0 makes it `failed` (the prior tool wrote 0 when it found no
// time), never dropped. Throws ConfigError at the ID's or the argument's
// column when the ID names no program or the argument does not fit.
Record to_record(const ResultRow& row, size_t index, const Source& src, const Programs& programs);

// The baseline runs, grouped by (plugin, params) as fcbench's own baselines
// are: payload_ns from tVM, end_to_end_ns from tFC. `created_at` is given
// (the import's time). Throws ConfigError like to_record.
Baseline to_baseline(const std::vector<BaselineRow>& rows, const Programs& programs,
                     const std::string& created_at);

// One host.jsonl line per sysmon row: cpu_user/cpu_system/cpu_idle as
// given, cpu_inter (iowait + irq + softirq) as cpu.irq, mem_avail and
// total_mem in KiB, load_1m as load1, `running` counted from `records`
// (launched <= t < exited), interval_s from the previous row (0 for the
// first: psutil's first reading is not over an interval). The columns
// without a HostSample field (cpu_inter, cpu_percentage, swap_used) are kept
// under "legacy", and the source under "imported_from".
std::vector<nlohmann::json> to_host_lines(const Sysmon& sysmon, const std::string& file_name,
                                          const std::vector<Record>& records);

// UTC ISO 8601 with milliseconds of ns since the Unix epoch.
std::string iso_utc(int64_t unix_ns);

}  // namespace fcbench::results::legacy

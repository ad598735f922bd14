// The prior tool's (fc-microbenchmark) comma-separated files, read line by
// line into plain rows. Nothing is mapped here: legacy_map turns rows into
// fcbench records, host samples and a baseline.
//
// Every reader skips blank lines and lines starting with '#', finds the
// header line (lines before it are skipped with a warning: the prior tool
// sometimes captured its console output there), and throws ConfigError
// "FILE:LINE:COL: what is wrong" (exit code 2) for a malformed line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::results::legacy {

// One comma-separated field, trimmed of blanks.
struct Field {
  std::string text;
  int col = 1;  // 1-based column of its first character (of the comma's successor if empty)
};

// Splits at commas and trims blanks (and a trailing '\r').
std::vector<Field> split_fields(std::string_view line);

// A line of a file, for messages.
struct LineRef {
  std::string file;
  int line = 0;
  std::string at(int col) const;  // "FILE:LINE:COL"
  // Throws ConfigError "FILE:LINE:COL: msg".
  [[noreturn]] void fail(int col, const std::string& msg) const;
};

// results-X.txt: "workloadID, workload argument, tFC, tVM, start time".
struct ResultRow {
  LineRef where;
  Field id, argument;  // as written; legacy_map resolves them
  int64_t t_fc_ms = 0, t_vm_ms = 0;
  int64_t start_ns = 0;  // start time (Unix seconds) in ns
};

// baselines.txt / baseline.txt: "workloadID, workload argument, run, tFC, tVM".
struct BaselineRow {
  LineRef where;
  Field id, argument;
  int64_t run = 0, t_fc_ms = 0, t_vm_ms = 0;
};

// sysmon-X.txt: "#cpu_count: N", "#total_mem: BYTES", then
// "t,cpu_user,cpu_system,cpu_idle,cpu_inter,cpu_percentage,load_1m,mem_avail,swap_used".
struct SysmonRow {
  int line = 0;
  int64_t t_ns = 0;  // t (Unix seconds) in ns
  double cpu_user = 0, cpu_system = 0, cpu_idle = 0, cpu_inter = 0, cpu_percentage = 0;
  double load_1m = 0;
  uint64_t mem_avail = 0, swap_used = 0;  // bytes
};
struct Sysmon {
  std::optional<uint64_t> cpu_count, total_mem;  // from the comment lines
  std::vector<SysmonRow> rows;
};

inline constexpr const char* kResultsHeader = "workloadID, workload argument, tFC, tVM, start time";
inline constexpr const char* kBaselineHeader = "workloadID, workload argument, run, tFC, tVM";
inline constexpr const char* kSysmonHeader =
    "t,cpu_user,cpu_system,cpu_idle,cpu_inter,cpu_percentage,load_1m,mem_avail,swap_used";

// `file` names the file in messages; skipped lines are reported in `warnings`.
std::vector<ResultRow> parse_results(std::string_view text, const std::string& file,
                                     std::vector<std::string>& warnings);
std::vector<BaselineRow> parse_baselines(std::string_view text, const std::string& file,
                                         std::vector<std::string>& warnings);
Sysmon parse_sysmon(std::string_view text, const std::string& file,
                    std::vector<std::string>& warnings);

}  // namespace fcbench::results::legacy

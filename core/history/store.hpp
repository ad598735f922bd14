// The run history: registering a finished run (or an import) with its
// per-group statistics, and reading runs back. Every function opens the
// database at `db` itself (see history/schema.hpp); reading never creates
// it (a missing file is an empty history).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/group_stats.hpp"

namespace fcbench::history {

struct RunInfo {
  std::filesystem::path dir;   // the results directory; stored as normal_dir() gives it
  std::string suite;           // summary.json's suite (or workload) name
  std::string started_at;      // UTC ISO 8601: 2026-11-25T20:50:01.123Z
  std::string env_id;          // env.json's hash; "" when unknown
  std::string git_commit;      // env.json's fcbench.git_commit; "unknown" outside a checkout
  std::string vmm, accel;      // qemu, tcg; several joined with ',' when the run mixed them
  uint64_t records = 0;        // every record, whatever its status
  std::string source = "run";  // run | import
};

struct RunEntry {
  int64_t id = 0;  // 0: a directory that is not in the history
  RunInfo info;
  std::string registered_at;  // UTC ISO 8601
  int64_t started_ns = 0;     // started_at as Unix ns
  size_t groups = 0;          // rows of statistics stored
  bool dir_exists = false;    // the directory is there now (checked when read)
};

// Registers a run in one transaction (BEGIN IMMEDIATE, waiting out other
// writers up to the busy timeout) and returns its id. A directory already
// registered is replaced (a resumed run, a re-import): its old id is gone.
// Throws UserError (exit 2) for an empty dir, a bad started_at or source.
int64_t register_run(const std::filesystem::path& db, const RunInfo& run,
                     const std::vector<analysis::GroupStats>& groups);

// Runs newest first (highest id), only `suite`'s when it is not empty, at
// most `limit` of them (0: all).
std::vector<RunEntry> list(const std::filesystem::path& db, const std::string& suite = "",
                           size_t limit = 0);

// Run `id`, or nullopt.
std::optional<RunEntry> get(const std::filesystem::path& db, int64_t id);

// The newest run registered for directory `dir` (made absolute), or nullopt.
std::optional<RunEntry> find_dir(const std::filesystem::path& db, const std::filesystem::path& dir);

// The number of runs registered.
size_t count_runs(const std::filesystem::path& db);

// Run `id`'s statistics, in the order they were registered (empty if none).
std::vector<analysis::GroupStats> group_stats(const std::filesystem::path& db, int64_t id);

// `dir` as it is stored: absolute, symlinks resolved, no trailing '/'.
std::filesystem::path normal_dir(const std::filesystem::path& dir);

}  // namespace fcbench::history

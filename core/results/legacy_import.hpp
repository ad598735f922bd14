// `fcbench import --legacy DIR -o OUT`: a directory of the prior tool's
// files (results-X.txt, sysmon-X.txt, baselines.txt or baseline.txt) becomes
// one fcbench results directory: results.jsonl, host.jsonl, baseline.json
// and env.json, which `report` and `compare` read like a run of fcbench.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "plugin/registry.hpp"
#include "workload/fc_microbenchmark_legacy_programs.hpp"

namespace fcbench::results::legacy {

// The prior tool's files in one directory.
struct LegacyFiles {
  struct Run {
    std::string x;                                // X of results-X.txt
    std::filesystem::path results;                // results-X.txt
    std::optional<std::filesystem::path> sysmon;  // sysmon-X.txt, if there
  };
  std::vector<Run> runs;                             // by file name
  std::vector<std::filesystem::path> baselines;      // baseline.txt and/or baselines.txt
  std::vector<std::filesystem::path> orphan_sysmon;  // sysmon-Y.txt without results-Y.txt
};

// Lists DIR. Throws UserError (exit 2) if DIR is not a directory or holds no
// results-*.txt.
LegacyFiles find_legacy_files(const std::filesystem::path& dir);

struct ImportOptions {
  std::filesystem::path dir, out;
  workload::ProgramList programs = workload::default_program_list();
};

// What an import wrote.
struct ImportSummary {
  std::filesystem::path out;
  size_t records = 0, ok = 0, host_samples = 0, baseline_entries = 0;
  std::vector<std::string> sources;   // the file names read
  std::vector<std::string> warnings;  // what was skipped or is missing
};

// Reads and converts every file first, then writes OUT (created if needed).
// Throws UserError (exit 2) if OUT already holds results.jsonl, and
// ConfigError "FILE:LINE:COL: ..." for a malformed line; writes nothing then.
ImportSummary import_legacy(const ImportOptions& opt, const plugin::Registry& plugins);

// env.json of an import: it says it was imported, from where, and what the
// prior tool did not record.
nlohmann::json import_env(const std::filesystem::path& dir, const LegacyFiles& files,
                          const workload::ProgramList& programs, std::optional<uint64_t> cpu_count,
                          std::optional<uint64_t> total_mem);

}  // namespace fcbench::results::legacy

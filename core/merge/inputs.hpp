// What `fcbench merge` reads from each results directory: its run file, its
// workload copy, its records (with where each came from), the starts it
// logged and its environment.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "results/record.hpp"
#include "run/run_file.hpp"

namespace fcbench::merge {

struct Located {
  results::Record rec;
  size_t line = 0;  // in the input's results.jsonl, from 1
};

struct Input {
  std::filesystem::path dir;
  run::RunFile run;             // run.json: the workload and the shard
  std::string workload_sha256;  // of DIR/workload.jsonl
  std::vector<Located> records;
  std::vector<nlohmann::json> starts;  // DIR/starts.jsonl, one per start
  nlohmann::json env;                  // DIR/env.json; null if none
  std::string fcbench_version;         // from env.json; empty if unknown
  std::vector<std::string> warnings;   // e.g. a torn last line skipped
};

// Reads one directory. Throws UserError (exit 2) for a directory that is not
// a workload run, or a malformed record (file:line:col).
Input read_input(const std::filesystem::path& dir);

}  // namespace fcbench::merge

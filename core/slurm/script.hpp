// `fcbench slurm submit`: the sbatch script of a sharded workload run and the
// sbatch command line, as pure functions of a SubmitConfig.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::slurm {

inline constexpr const char* kScriptName = "fcbench-slurm.sh";
inline constexpr const char* kMetaName = "fcbench-slurm.json";

// What one submission runs; every path is absolute.
struct SubmitConfig {
  std::string fcbench;     // the binary every task runs
  std::string version;     // its `--version` line; each task checks it
  std::string workload;    // W.jsonl
  std::string shared_dir;  // shard K writes shared_dir/shard-K
  uint32_t shards = 0;
  int64_t start_at_ns = 0;               // the common start, Unix epoch ns
  bool exclusive = true;                 // one task per node
  std::string partition;                 // empty: the cluster's default
  std::vector<std::string> run_args;     // appended to every task's `fcbench run`
  std::vector<std::string> sbatch_args;  // extra sbatch options, verbatim
};

// One word for bash, always quoted: '...' (a ' inside becomes '\''), or
// $'...' with escapes when it holds control characters, so every script
// line stays one line.
std::string sh_quote(std::string_view word);
// The words quoted and joined by spaces.
std::string sh_join(const std::vector<std::string>& words);

// Throws UserError (exit 2) for a config no script can be written for.
void check_config(const SubmitConfig& c);

// The batch script: an array of c.shards tasks, each checking the fcbench
// version and then running its shard.
std::string batch_script(const SubmitConfig& c);

// `sbatch --parsable --chdir=DIR [--partition=P] [ARGS...] SCRIPT`, as argv.
std::vector<std::string> sbatch_argv(const SubmitConfig& c, const std::string& script);

// `FCBENCH merge 'DIR'/shard-* -o 'DIR'/merged`, a shell line.
std::string merge_command(const SubmitConfig& c);

// The job id in `sbatch --parsable` output ("123" or "123;cluster").
std::optional<std::string> parse_job_id(std::string_view output);

}  // namespace fcbench::slurm

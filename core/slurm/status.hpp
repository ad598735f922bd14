// `fcbench slurm status JOBID`: the array's task states from squeue, sacct
// (when accounting exists) or scontrol, and each shard directory's records.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::slurm {

struct TaskState {
  std::string state;      // PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, ...
  std::string exit_code;  // "0:0" (code:signal), empty while unknown
  std::string elapsed;
  std::string node;
  std::string source;  // squeue, sacct or scontrol
};
using TaskStates = std::map<uint32_t, TaskState>;

// Array indices as Slurm prints them: "3", "0-2", "[0-2,5%4]".
std::vector<uint32_t> parse_indices(std::string_view text);

// `squeue --noheader --array --format=%K|%T|%M|%N`.
TaskStates parse_squeue(std::string_view output);
// `sacct --noheader --parsable2 --allocations --format=JobID,State,ExitCode,Elapsed,NodeList`;
// job ids JOBID_K or JOBID_[K-L].
TaskStates parse_sacct(std::string_view output);
// `scontrol --oneliner show job JOBID`: one line per task (or pending range).
TaskStates parse_scontrol(std::string_view output);

// One shard directory's results.jsonl: records and how many are `ok`.
struct ShardRecords {
  bool exists = false;
  uint64_t records = 0, ok = 0;
};
ShardRecords shard_records(const std::string& shard_dir);

// The instances shard k of n runs out of `instances` (i mod n == k).
uint64_t shard_size(uint64_t instances, uint32_t n, uint32_t k);

// What `slurm status` shows: the job's tasks, merged from the sources
// (squeue wins, then sacct, then scontrol), and with `shared_dir` known,
// each shard's records. Throws UserError (exit 2) for a job no source knows.
struct StatusOptions {
  std::string job_id;
  std::string shared_dir;  // empty: from the job's working directory
};
int print_status(const StatusOptions& opt);

}  // namespace fcbench::slurm

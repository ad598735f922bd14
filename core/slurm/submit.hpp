// `fcbench slurm submit`: checks, the script and its metadata in the shared
// directory, and the sbatch call.
#pragma once

#include <cstdint>
#include <string>

#include "slurm/script.hpp"

namespace fcbench::slurm {

struct Submitted {
  std::string job_id;
  std::string script;  // SHARED_DIR/fcbench-slurm.sh
};

// Throws UserError (exit 2) unless sbatch is on PATH and c.shared_dir is (or
// can be made) a writable directory holding no shard directory yet. Creates
// the directory.
void preflight(const SubmitConfig& c);

// Writes the script and SHARED_DIR/fcbench-slurm.json (with `instances`, the
// workload's size), then runs sbatch. Call preflight first. Throws UserError
// (exit 1) when sbatch fails, with its output.
Submitted submit(const SubmitConfig& c, uint64_t instances);

// The `--version` line of the fcbench binary at `exe`.
std::string fcbench_version(const std::string& exe);

}  // namespace fcbench::slurm

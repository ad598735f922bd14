// The results directory a run writes: one writer at a time (DIR/.lock, held
// for the whole command), and never a directory that another run's files
// would end up mixed into.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "util/dir_lock.hpp"

namespace fcbench::run {

// The entries of `dir` a fresh run would overwrite or mix with its own:
// fcbench's files and directories (logs/, run.json, env.json, instances/,
// starts.jsonl, ...) that are not empty; the lock file never counts.
std::vector<std::string> leftovers(const std::filesystem::path& dir);

// Creates and locks `out` for a fresh run (the lock lasts as long as the
// returned object; a directory it made and nothing was written into is
// removed again). Refuses with UserError (exit 2) a directory that another
// fcbench is writing, one that holds results (--resume finishes that run),
// and one with leftovers() unless `force`, which removes them first.
DirLock claim_output(const std::filesystem::path& out, bool force);

// Locks the directory of a run to resume; refuses (exit 2) while that run
// is still alive. A directory that does not exist is left to the resume's
// own checks (nothing is created).
DirLock lock_for_resume(const std::filesystem::path& dir);

}  // namespace fcbench::run

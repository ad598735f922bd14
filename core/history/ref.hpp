// History references (REF): what `history show`, `history export` and
// `compare` accept for a run.
//   N        run id N (a directory of that name is taken when no run has it)
//   last     the run registered last; last~N the one N registrations before
//   DIR      a results directory, registered or not
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "history/store.hpp"

namespace fcbench::history {

struct RefSpec {
  enum class Kind { id, last, dir } kind = Kind::dir;
  int64_t id = 0;     // Kind::id
  uint32_t back = 0;  // Kind::last: the N of last~N
};

// What `ref` names, without looking anything up (pure). Throws UserError
// (exit 2) for an empty ref or a malformed last~N.
RefSpec parse_ref(const std::string& ref);

// The run `ref` names. A directory that exists resolves to itself even if it
// was never registered (id 0); a registered directory that is gone resolves
// to its entry (dir_exists false). Throws UserError (exit 2) for a ref that
// names nothing: "no run 'last~5' in history DB PATH (3 runs)".
RunEntry resolve(const std::filesystem::path& db, const std::string& ref);

// The results directory `ref` names; throws UserError (exit 2) as resolve()
// does, and when the run's directory is gone (moved or deleted).
std::filesystem::path resolve_dir(const std::filesystem::path& db, const std::string& ref);
// resolve_dir() against the default history DB (history/path.hpp).
std::filesystem::path resolve_dir(const std::string& ref);

}  // namespace fcbench::history

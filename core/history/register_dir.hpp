// Registering a results directory in the history: what `fcbench run` does
// when a run ends and `fcbench import` when it has converted one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace fcbench::history {

// Loads `dir`'s results, computes its group statistics and registers it in
// the default history DB (history/path.hpp) with source "run" or "import".
// Never throws: a history that cannot be written is a warning on stderr, not
// a failed run. Returns the run id, or 0 when nothing was registered.
int64_t register_dir(const std::filesystem::path& dir, const std::string& source);

}  // namespace fcbench::history

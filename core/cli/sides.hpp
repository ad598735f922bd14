// The sides of `fcbench compare`: what BASE and NEW name on the command line.
#pragma once

#include <filesystem>
#include <string>

namespace fcbench::cli {

// The results directory a side names: a directory, or a history ref (a run
// id, last, last~N; history/ref.hpp). Throws UserError (exit 2) when it
// names nothing or the run's directory is gone.
std::filesystem::path resolve_side(const std::string& side);

}  // namespace fcbench::cli

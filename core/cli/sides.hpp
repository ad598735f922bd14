// The sides of `fcbench compare`: what BASE and NEW name on the command line.
#pragma once

#include <filesystem>
#include <string>

namespace fcbench::cli {

// The results directory a side names. Directories only for now; throws
// UserError (exit 2) when `side` is not an existing directory.
std::filesystem::path resolve_side(const std::string& side);

}  // namespace fcbench::cli

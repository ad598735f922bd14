#include "cli/sides.hpp"

#include "history/ref.hpp"

namespace fcbench::cli {

std::filesystem::path resolve_side(const std::string& side) {
  return history::resolve_dir(side);
}

}  // namespace fcbench::cli

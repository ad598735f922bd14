#include "cli/sides.hpp"

#include <fmt/format.h>

#include "util/error.hpp"

namespace fcbench::cli {

std::filesystem::path resolve_side(const std::string& side) {
  std::error_code ec;
  const std::filesystem::path p(side);
  if (!std::filesystem::is_directory(p, ec))
    throw UserError(fmt::format("{}: {}", side,
                                std::filesystem::exists(p, ec) ? "not a results directory"
                                                               : "no such results directory"),
                    2);
  return p;
}

}  // namespace fcbench::cli

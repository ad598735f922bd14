// Error types that carry the process exit code the CLI should use.
#pragma once

#include <stdexcept>
#include <string>

namespace fcbench {

// A problem the user can fix (bad input, missing asset). Exit code 1 or 2.
struct UserError : std::runtime_error {
  explicit UserError(const std::string& what, int code = 1)
      : std::runtime_error(what), exit_code(code) {}
  int exit_code;
};

// Malformed configuration: "file:line:col: message", exit code 2.
struct ConfigError : UserError {
  explicit ConfigError(const std::string& what) : UserError(what, 2) {}
};

}  // namespace fcbench

// Error types: what the user can fix (with the exit code the CLI should use)
// and what failed in the system underneath.
#pragma once

#include <cstring>
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

// A system call that failed without the user being at fault (pipe, fork,
// epoll, eventfd, ...): "<attempted>: <strerror(err)>". Exit code 1.
struct SystemError : std::runtime_error {
  SystemError(const std::string& attempted, int err)
      : std::runtime_error(attempted + ": " + std::strerror(err)), error(err) {}
  int error;  // the errno
};

}  // namespace fcbench

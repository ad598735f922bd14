// Waiting for a file (e.g. a Unix socket) to appear, with inotify: no
// sleep-polling.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace fcbench {

class PathWatch {
 public:
  // Starts watching `dir` (which must exist) for new entries. Create the
  // watch before starting the process that makes the file, so no event is
  // missed. Throws UserError if `dir` cannot be watched, SystemError if
  // inotify is unavailable.
  explicit PathWatch(const std::filesystem::path& dir);
  ~PathWatch();
  PathWatch(const PathWatch&) = delete;
  PathWatch& operator=(const PathWatch&) = delete;

  enum class Result { appeared, hangup, timeout };
  // Returns once dir/name exists, or `hangup_fd` (if >= 0; e.g. the read end
  // of a child's output pipe) reports a hang-up, or `timeout` passes.
  Result wait(const std::string& name, int hangup_fd, std::chrono::milliseconds timeout);

 private:
  std::filesystem::path dir_;
  int fd_ = -1;
};

}  // namespace fcbench

// One writer per directory: an exclusive flock on DIR/.lock, held while the
// object lives, with the holder's PID in the file for the next writer's
// error message. The descriptor is O_CLOEXEC: VMMs and payloads started
// meanwhile do not inherit the lock.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include "util/fd.hpp"

namespace fcbench {

class DirLock {
 public:
  DirLock() = default;
  // Locks DIR/.lock (`dir` must exist). If another process holds it, throws
  // UserError (exit 2): "DIR is in use: fcbench (PID N) holds DIR/.lock;
  // <hint>". Throws SystemError if the lock file cannot be made.
  DirLock(const std::filesystem::path& dir, std::string_view hint);

  bool held() const { return fd_.valid(); }

 private:
  Fd fd_;
};

// The PID written in DIR/.lock, or 0 (no lock file, or no PID in it yet).
pid_t lock_holder(const std::filesystem::path& dir);

}  // namespace fcbench

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
  // Creates `dir` (and parents) if needed, then locks it as above. A
  // directory this made is removed again when the lock ends if nothing but
  // the lock file is in it: a command refused early leaves nothing behind.
  static DirLock make(const std::filesystem::path& dir, std::string_view hint);

  DirLock(DirLock&& o) noexcept = default;
  DirLock& operator=(DirLock&& o) noexcept = default;
  ~DirLock();

  bool held() const { return fd_.valid(); }

 private:
  Fd fd_;
  std::filesystem::path made_;  // the directory make() created, or empty
};

// The PID written in DIR/.lock, or 0 (no lock file, or no PID in it yet).
pid_t lock_holder(const std::filesystem::path& dir);

}  // namespace fcbench

#include "util/dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"

namespace fcbench {

namespace {

std::filesystem::path lock_file(const std::filesystem::path& dir) {
  return dir / ".lock";
}

}  // namespace

DirLock::DirLock(const std::filesystem::path& dir, std::string_view hint) {
  const auto file = lock_file(dir);
  Fd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid()) throw SystemError("cannot open " + file.string(), errno);
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) throw SystemError("cannot lock " + file.string(), errno);
    const pid_t pid = lock_holder(dir);
    throw UserError(
        dir.string() + " is in use: " +
            (pid ? "fcbench (PID " + std::to_string(pid) + ")" : std::string("another fcbench")) +
            " holds " + file.string() + "; " + std::string(hint),
        2);
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd.get(), 0) != 0 || ::pwrite(fd.get(), pid.data(), pid.size(), 0) < 0)
    throw SystemError("cannot write " + file.string(), errno);
  fd_ = std::move(fd);
}

DirLock DirLock::make(const std::filesystem::path& dir, std::string_view hint) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(dir, ec);
  std::filesystem::create_directories(dir);
  DirLock lock(dir, hint);
  if (!existed) lock.made_ = dir;
  return lock;
}

DirLock::~DirLock() {
  if (!fd_.valid() || made_.empty()) return;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(made_, ec))
    if (e.path().filename() != ".lock") return;  // the command wrote something: keep it
  std::filesystem::remove(lock_file(made_), ec);
  std::filesystem::remove(made_, ec);  // fails, harmlessly, if someone wrote meanwhile
}

pid_t lock_holder(const std::filesystem::path& dir) {
  std::string text;
  try {
    text = read_file(lock_file(dir));
  } catch (const std::exception&) {
    return 0;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return parse_number<int>(text, 1, INT32_MAX).value_or(0);
}

}  // namespace fcbench

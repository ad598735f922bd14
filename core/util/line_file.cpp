#include "util/line_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.hpp"

namespace fcbench {

LineFile::LineFile(const std::filesystem::path& file, WriteFn write) : write_(std::move(write)) {
  if (!write_) write_ = [](int fd, const void* p, size_t n) { return ::write(fd, p, n); };
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw UserError("cannot open " + file.string() + ": " + std::strerror(errno));
  end_ = ::lseek(fd_, 0, SEEK_END);
  if (end_ < 0) end_ = 0;
}

LineFile::~LineFile() {
  if (fd_ >= 0) ::close(fd_);
}

int LineFile::append(std::string_view line) {
  const char* p = line.data();
  size_t left = line.size();
  int err = 0;
  while (left > 0) {
    const ssize_t n = write_(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // 0 for a regular file: no room
      err = n < 0 ? errno : ENOSPC;
      break;
    }
    p += n;
    left -= size_t(n);
  }
  if (err == 0) {
    end_ += off_t(line.size());
    return 0;
  }
  // Cut off whatever part of the line went in; shrinking needs no space.
  while (::ftruncate(fd_, end_) != 0 && errno == EINTR) {
  }
  return err;
}

int LineFile::sync() {
  if (::fdatasync(fd_) == 0 || errno == EINVAL) return 0;
  return errno;
}

bool is_disk_full(int err) {
  return err == ENOSPC || err == EDQUOT;
}

}  // namespace fcbench

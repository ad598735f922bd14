// An append-only file of lines, each written whole or not at all: one
// write(2) per line, and if the line cannot be written in full (ENOSPC,
// EDQUOT, EIO, a short write), the file is truncated back to the end of the
// last whole line. A reader never sees a torn line.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string_view>

namespace fcbench {

class LineFile {
 public:
  // write(2), or a stand-in for tests (to fake a full disk).
  using WriteFn = std::function<ssize_t(int fd, const void* data, size_t n)>;
  // Opens `file` for appending (created 0644 if missing); throws UserError.
  explicit LineFile(const std::filesystem::path& file, WriteFn write = {});
  ~LineFile();
  LineFile(const LineFile&) = delete;
  LineFile& operator=(const LineFile&) = delete;

  // Appends `line` (with its '\n'). 0, or the errno of the failure, after
  // which the file ends at the last whole line again.
  int append(std::string_view line);
  // fdatasync: 0 or errno (EINVAL, a file that cannot be synced, is 0).
  int sync();
  // Where the last whole line ends.
  off_t end() const { return end_; }

 private:
  int fd_ = -1;
  off_t end_ = 0;
  WriteFn write_;
};

// ENOSPC or EDQUOT: no room left for the file.
bool is_disk_full(int err);

}  // namespace fcbench

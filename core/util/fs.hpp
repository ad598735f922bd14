// Small file-system helpers.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace fcbench {

namespace fs = std::filesystem;

std::string read_file(const fs::path& file);  // throws UserError
// "" if it cannot be read: kernel files (/proc, cgroups) that may vanish.
std::string read_file_or_empty(const fs::path& file);
void write_file(const fs::path& file, std::string_view data, int mode = 0644);
// Appends and flushes to disk (fdatasync); creates the file if needed. All
// or nothing: if `data` cannot be written whole, the file is cut back.
void append_file(const fs::path& file, std::string_view data, int mode = 0644);
// Writes to a temporary file beside `file`, then renames it into place; on
// failure the temporary is removed and `file` is left as it was.
void write_file_atomic(const fs::path& file, std::string_view data, int mode = 0644);
// The same with a copy of `src` (by the kernel: no pass through memory).
void copy_file_atomic(const fs::path& src, const fs::path& file, int mode = 0644);
// Creates dir (and parents) and forces its mode to 0700.
void make_private_dir(const fs::path& dir);
// $FCBENCH_CACHE, or ~/.cache/fcbench.
fs::path cache_dir();
// Directory holding the running executable.
fs::path self_dir();
// Clone (reflink) src to dst when the file system allows it, else copy only
// the data extents so sparse files stay sparse.
void copy_sparse(const fs::path& src, const fs::path& dst, int mode = 0600);
// A unique temporary name beside `target`, for build-then-rename.
fs::path temp_sibling(const fs::path& target);

// A fresh directory PARENT/PREFIXxxxxxx (mkdtemp, mode 0700), removed with
// everything in it when the object dies, unless release()d: build in it,
// rename it into place, then release() it.
class ScratchDir {
 public:
  // `parent` must exist. Throws SystemError if the directory cannot be made.
  ScratchDir(const fs::path& parent, std::string_view prefix);
  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir();

  const fs::path& path() const { return path_; }
  fs::path operator/(const fs::path& rel) const { return path_ / rel; }
  // Stops the destructor from removing it (say, once renamed); returns its path.
  fs::path release();

 private:
  fs::path path_;
};

}  // namespace fcbench

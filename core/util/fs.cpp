#include "util/fs.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "util/error.hpp"
#include "util/fd.hpp"

namespace fcbench {

namespace {
[[noreturn]] void fail(const std::string& what, const fs::path& p) {
  throw UserError(what + " " + p.string() + ": " + std::strerror(errno));
}

void write_all(int fd, const char* p, size_t n, const fs::path& file) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", file);
    }
    p += w;
    n -= size_t(w);
  }
}
}  // namespace

namespace {

// The whole of `file` into `out`; false if it cannot be opened or read.
bool read_whole(const fs::path& file, std::string& out) {
  Fd f(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (f.get() < 0) return false;
  char buf[1 << 16];
  ssize_t n;
  while ((n = ::read(f.get(), buf, sizeof buf)) > 0) out.append(buf, size_t(n));
  return n == 0;
}

}  // namespace

std::string read_file(const fs::path& file) {
  std::string out;
  if (!read_whole(file, out)) fail("cannot read", file);
  return out;
}

std::string read_file_or_empty(const fs::path& file) {
  std::string out;
  return read_whole(file, out) ? out : std::string();
}

void write_file(const fs::path& file, std::string_view data, int mode) {
  Fd f(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (f.get() < 0) fail("cannot create", file);
  write_all(f.get(), data.data(), data.size(), file);
}

void append_file(const fs::path& file, std::string_view data, int mode) {
  Fd f(::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode));
  if (f.get() < 0) fail("cannot open", file);
  const off_t end = ::lseek(f.get(), 0, SEEK_END);
  try {
    write_all(f.get(), data.data(), data.size(), file);
  } catch (...) {  // all or nothing: no torn line (a full disk)
    const int err = errno;
    [[maybe_unused]] int r = end >= 0 ? ::ftruncate(f.get(), end) : 0;
    errno = err;
    throw;
  }
  if (::fdatasync(f.get()) != 0) fail("cannot flush", file);
}

fs::path temp_sibling(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  return target.parent_path() / ("." + target.filename().string() + ".tmp." +
                                 std::to_string(::getpid()) + "." + std::to_string(counter++));
}

namespace {

// Makes a temporary beside `file` with `make`, then renames it into place;
// on failure (a full disk) the old file stays and no temporary is left.
template <typename Make>
void replace_atomically(const fs::path& file, Make make) {
  fs::path tmp = temp_sibling(file);
  try {
    make(tmp);
    fs::rename(tmp, file);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace

void write_file_atomic(const fs::path& file, std::string_view data, int mode) {
  replace_atomically(file, [&](const fs::path& tmp) { write_file(tmp, data, mode); });
}

void copy_file_atomic(const fs::path& src, const fs::path& file, int mode) {
  replace_atomically(file, [&](const fs::path& tmp) { copy_sparse(src, tmp, mode); });
}

ScratchDir::ScratchDir(const fs::path& parent, std::string_view prefix) {
  std::string tmpl = (parent / (std::string(prefix) + "XXXXXX")).string();
  if (!::mkdtemp(tmpl.data()))
    throw SystemError("cannot create a directory in " + parent.string(), errno);
  path_ = tmpl;
}

ScratchDir::ScratchDir(ScratchDir&& other) noexcept : path_(other.release()) {}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

fs::path ScratchDir::release() {
  return std::exchange(path_, fs::path());
}

void make_private_dir(const fs::path& dir) {
  fs::create_directories(dir);
  if (::chmod(dir.c_str(), 0700) != 0) fail("cannot chmod", dir);
}

fs::path cache_dir() {
  if (const char* c = std::getenv("FCBENCH_CACHE"); c && *c) return fs::absolute(c);
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "fcbench";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/tmp") / ".cache" / "fcbench";
}

fs::path self_dir() {
  return fs::read_symlink("/proc/self/exe").parent_path();
}

void copy_sparse(const fs::path& src, const fs::path& dst, int mode) {
  Fd in(::open(src.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) fail("cannot read", src);
  Fd out(::open(dst.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (out.get() < 0) fail("cannot create", dst);
  if (::ioctl(out.get(), FICLONE, in.get()) == 0) return;
  struct stat st;
  if (::fstat(in.get(), &st) != 0) fail("cannot stat", src);
  if (::ftruncate(out.get(), st.st_size) != 0) fail("cannot size", dst);
  std::string buf(1 << 20, '\0');
  off_t pos = 0;
  while (pos < st.st_size) {
    off_t data = ::lseek(in.get(), pos, SEEK_DATA);
    if (data < 0) break;  // ENXIO: only a hole remains
    off_t hole = ::lseek(in.get(), data, SEEK_HOLE);
    if (hole < 0) hole = st.st_size;
    for (off_t at = data; at < hole;) {
      ssize_t n = ::pread(in.get(), buf.data(), std::min<off_t>(off_t(buf.size()), hole - at), at);
      if (n <= 0) fail("cannot read", src);
      for (ssize_t done = 0; done < n;) {
        ssize_t w = ::pwrite(out.get(), buf.data() + done, size_t(n - done), at + done);
        if (w < 0) fail("cannot write", dst);
        done += w;
      }
      at += n;
    }
    pos = hole;
  }
}

}  // namespace fcbench

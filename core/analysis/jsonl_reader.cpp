#include "analysis/jsonl_reader.hpp"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "util/error.hpp"
#include "util/fd.hpp"

namespace fcbench::analysis {

namespace {

constexpr size_t kChunk = 8 << 20;  // bytes read per pread(2)
constexpr size_t kPad = simdjson::SIMDJSON_PADDING;

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

Fd open_or_throw(const std::filesystem::path& file) {
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0)
    throw UserError("cannot read " + file.string() + ": " + std::strerror(errno), 2);
  return fd;
}

[[noreturn]] void read_failed(const std::filesystem::path& file) {
  throw UserError("cannot read " + file.string() + ": " + std::strerror(errno), 2);
}

}  // namespace

size_t read_jsonl_range(const std::filesystem::path& file, uint64_t begin, uint64_t end,
                        const std::function<void(const JsonlLine&)>& fn) {
  Fd fd = open_or_throw(file);
  ::posix_fadvise(fd.get(), off_t(begin), off_t(end - begin), POSIX_FADV_SEQUENTIAL);
  // buf holds [0, filled): a partial line carried over, then new bytes, then
  // simdjson's padding.
  std::vector<char> buf(kChunk + kPad);
  size_t filled = 0, line_no = 0;
  uint64_t pos = begin;
  bool eof = false;
  while (!eof) {
    if (filled + kChunk / 2 > buf.size() - kPad) buf.resize(filled + kChunk + kPad);  // long line
    size_t want = std::min<uint64_t>(buf.size() - kPad - filled, end - pos);
    ssize_t n = want ? ::pread(fd.get(), buf.data() + filled, want, off_t(pos)) : 0;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) read_failed(file);
    eof = n == 0;
    filled += size_t(n);
    pos += uint64_t(n);
    size_t start = 0;
    for (;;) {
      auto* nl = static_cast<const char*>(std::memchr(buf.data() + start, '\n', filled - start));
      if (!nl && !(eof && start < filled)) break;
      size_t stop = nl ? size_t(nl - buf.data()) : filled;
      std::string_view text(buf.data() + start, stop - start);
      ++line_no;
      if (!blank(text)) fn({text, buf.size() - start, line_no, nl == nullptr});
      start = nl ? stop + 1 : filled;
    }
    std::memmove(buf.data(), buf.data() + start, filled - start);
    filled -= start;
  }
  return line_no;
}

void read_jsonl(const std::filesystem::path& file,
                const std::function<void(const JsonlLine&)>& fn) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) read_failed(file);
  read_jsonl_range(file, 0, size, fn);
}

std::vector<uint64_t> split_lines(const std::filesystem::path& file, size_t parts) {
  Fd fd = open_or_throw(file);
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) read_failed(file);
  std::vector<uint64_t> cuts{0};
  char buf[64 << 10];
  for (size_t k = 1; k < parts; ++k) {
    uint64_t pos = std::max(cuts.back(), size * k / parts);
    for (;;) {  // the next line start at or after pos
      ssize_t n = ::pread(fd.get(), buf, sizeof buf, off_t(pos));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) read_failed(file);
      if (n == 0) return cuts.push_back(size), cuts;
      if (auto* nl = static_cast<const char*>(std::memchr(buf, '\n', size_t(n)))) {
        pos += uint64_t(nl - buf) + 1;
        break;
      }
      pos += uint64_t(n);
    }
    if (pos >= size) break;
    if (pos > cuts.back()) cuts.push_back(pos);
  }
  cuts.push_back(size);
  return cuts;
}

}  // namespace fcbench::analysis

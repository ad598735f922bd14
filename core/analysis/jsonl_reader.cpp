#include "analysis/jsonl_reader.hpp"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "util/error.hpp"
#include "util/fd.hpp"

namespace fcbench::analysis {

namespace {

constexpr size_t kChunk = 8 << 20;  // bytes read per read(2)

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

void read_jsonl(const std::filesystem::path& file,
                const std::function<void(const JsonlLine&)>& fn) {
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0)
    throw UserError("cannot read " + file.string() + ": " + std::strerror(errno), 2);
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  // buf holds [start, filled): a partial line carried over, then new bytes,
  // then simdjson's padding.
  std::vector<char> buf(kChunk + simdjson::SIMDJSON_PADDING);
  size_t filled = 0, line_no = 0;
  bool eof = false;
  while (!eof) {
    if (filled + kChunk / 2 > buf.size() - simdjson::SIMDJSON_PADDING)
      buf.resize(filled + kChunk + simdjson::SIMDJSON_PADDING);  // one very long line
    ssize_t n =
        ::read(fd.get(), buf.data() + filled, buf.size() - simdjson::SIMDJSON_PADDING - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UserError("cannot read " + file.string() + ": " + std::strerror(errno), 2);
    eof = n == 0;
    filled += size_t(n);
    size_t start = 0;
    for (;;) {
      const char* nl =
          static_cast<const char*>(std::memchr(buf.data() + start, '\n', filled - start));
      if (!nl && !(eof && start < filled)) break;
      size_t end = nl ? size_t(nl - buf.data()) : filled;
      std::string_view text(buf.data() + start, end - start);
      ++line_no;
      if (!blank(text)) fn({text, buf.size() - start, line_no, nl == nullptr});
      start = nl ? end + 1 : filled;
    }
    std::memmove(buf.data(), buf.data() + start, filled - start);
    filled -= start;
  }
}

}  // namespace fcbench::analysis

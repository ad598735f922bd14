// util/line_file: each line whole or not at all. A full disk is faked with
// a write function that takes part of a line, then fails with ENOSPC.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <string>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/line_file.hpp"

using fcbench::LineFile;
using fcbench::test::TempDir;

namespace {

// write(2) with room for `room` more bytes: a short write at the edge, then
// ENOSPC (as a file system does).
struct FakeDisk {
  size_t room;
  ssize_t operator()(int fd, const void* p, size_t n) {
    if (room == 0) {
      errno = ENOSPC;
      return -1;
    }
    const ssize_t w = ::write(fd, p, std::min(n, room));
    if (w > 0) room -= size_t(w);
    return w;
  }
};

}  // namespace

TEST_CASE("line file: lines are appended whole", "[unit][util]") {
  TempDir tmp;
  const auto file = tmp / "f.jsonl";
  fcbench::write_file(file, "old\n");
  LineFile f(file);
  CHECK(f.end() == 4);
  CHECK(f.append("one\n") == 0);
  CHECK(f.append("two\n") == 0);
  CHECK(f.sync() == 0);
  CHECK(f.end() == 12);
  CHECK(fcbench::read_file(file) == "old\none\ntwo\n");
}

TEST_CASE("line file: a line that does not fit is cut back out, and the next one fits again",
          "[unit][util]") {
  TempDir tmp;
  const auto file = tmp / "f.jsonl";
  FakeDisk disk{10};
  LineFile f(file, std::ref(disk));
  CHECK(f.append("first\n") == 0);             // 6 bytes: 4 left
  CHECK(f.append("second line\n") == ENOSPC);  // 4 bytes went in, then no room
  CHECK(fcbench::read_file(file) == "first\n");
  CHECK(f.end() == 6);
  disk.room = 100;  // space freed
  CHECK(f.append("third\n") == 0);
  CHECK(fcbench::read_file(file) == "first\nthird\n");
}

TEST_CASE("line file: a write that takes nothing counts as a full disk", "[unit][util]") {
  TempDir tmp;
  const auto file = tmp / "f.jsonl";
  LineFile f(file, [](int, const void*, size_t) -> ssize_t { return 0; });
  CHECK(f.append("x\n") == ENOSPC);
  CHECK(fcbench::read_file(file).empty());
  CHECK(fcbench::is_disk_full(ENOSPC));
  CHECK(fcbench::is_disk_full(EDQUOT));
  CHECK_FALSE(fcbench::is_disk_full(EIO));
}

TEST_CASE("line file: a file that cannot be opened is a UserError", "[unit][util]") {
  TempDir tmp;
  CHECK_THROWS_AS(LineFile(tmp / "no-dir" / "f"), fcbench::UserError);
}

// util/fs: reading and writing files, sparse copies, private dirs and the
// cache directory.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("copy_sparse: content is identical and holes may stay holes", "[unit][util]") {
  TempDir tmp;
  const auto src = tmp / "src.img", dst = tmp / "dst.img";
  const off_t size = 16 << 20;
  {
    int fd = ::open(src.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, size) == 0);
    REQUIRE(::pwrite(fd, "head", 4, 0) == 4);
    REQUIRE(::pwrite(fd, "middle", 6, (8 << 20) + 3) == 6);
    REQUIRE(::pwrite(fd, "end", 3, size - 3) == 3);
    ::close(fd);
  }
  // Something bigger already at the destination is replaced, not merged.
  fcbench::write_file(dst, std::string(size_t(size) + 4096, 'z'));
  fcbench::copy_sparse(src, dst);

  const std::string a = fcbench::read_file(src), b = fcbench::read_file(dst);
  CHECK(b.size() == size_t(size));
  CHECK(a == b);
  CHECK(b.substr(0, 4) == "head");
  CHECK(b.substr((8 << 20) + 3, 6) == "middle");

  struct stat s {
  }, d{};
  REQUIRE(::stat(src.c_str(), &s) == 0);
  REQUIRE(::stat(dst.c_str(), &d) == 0);
  // Where the file system made the source sparse, the copy is sparse too.
  if (s.st_blocks * 512 < size) CHECK(d.st_blocks * 512 < size);

  // The mode applies to a file the copy creates.
  const auto fresh = tmp / "fresh.img";
  fcbench::copy_sparse(src, fresh);
  struct stat f {};
  REQUIRE(::stat(fresh.c_str(), &f) == 0);
  CHECK((f.st_mode & 0777) == 0600);
  CHECK(fcbench::read_file(fresh) == a);
}

TEST_CASE("copy_sparse: a file with no holes and an empty file", "[unit][util]") {
  TempDir tmp;
  std::string data;
  for (int i = 0; i < 300000; ++i) data += char('a' + i % 26);
  fcbench::write_file(tmp / "dense", data);
  fcbench::copy_sparse(tmp / "dense", tmp / "dense.copy");
  CHECK(fcbench::read_file(tmp / "dense.copy") == data);

  fcbench::write_file(tmp / "empty", "");
  fcbench::copy_sparse(tmp / "empty", tmp / "empty.copy");
  CHECK(fs::file_size(tmp / "empty.copy") == 0);
}

TEST_CASE("copy_sparse: a missing source is a user error", "[unit][util]") {
  TempDir tmp;
  CHECK_THROWS_AS(fcbench::copy_sparse(tmp / "absent", tmp / "copy"), fcbench::UserError);
}

TEST_CASE("fs: read, write, atomic write and private dirs", "[unit][util]") {
  TempDir tmp;
  const std::string bin("a\0b\nc", 5);
  fcbench::write_file(tmp / "f", bin, 0640);
  CHECK(fcbench::read_file(tmp / "f") == bin);
  fcbench::write_file_atomic(tmp / "f", "new");
  CHECK(fcbench::read_file(tmp / "f") == "new");
  std::vector<fs::path> entries;
  for (auto& e : fs::directory_iterator(tmp.path())) entries.push_back(e.path().filename());
  CHECK(entries == std::vector<fs::path>{"f"});  // no temporary left behind
  CHECK_THROWS_AS(fcbench::read_file(tmp / "absent"), fcbench::UserError);

  fcbench::make_private_dir(tmp / "a" / "b");
  struct stat st {};
  REQUIRE(::stat((tmp / "a" / "b").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(fcbench::temp_sibling(tmp / "x").parent_path() == tmp.path());
  CHECK(fcbench::temp_sibling(tmp / "x") != fcbench::temp_sibling(tmp / "x"));
}

TEST_CASE("fs: cache_dir honours FCBENCH_CACHE", "[unit][util]") {
  ScopedEnv cache("FCBENCH_CACHE", "/some/cache");
  CHECK(fcbench::cache_dir() == "/some/cache");
}

TEST_CASE("fs: a ScratchDir is removed with its contents unless released", "[unit][util]") {
  TempDir tmp;
  fs::path made;
  {
    fcbench::ScratchDir d(tmp.path(), ".work-");
    made = d.path();
    CHECK(made.parent_path() == tmp.path());
    CHECK(made.filename().string().rfind(".work-", 0) == 0);
    CHECK(made.filename().string().size() == 12);  // the prefix and 6 random characters
    struct stat st {};
    REQUIRE(::stat(made.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    fs::create_directories(d / "a/b");
    fcbench::write_file(d / "a/b/f", "x");
    fcbench::ScratchDir other(tmp.path(), ".work-");
    CHECK(other.path() != made);  // two never share a name
  }
  CHECK_FALSE(fs::exists(made));
  CHECK(fs::is_empty(tmp.path()));

  fs::path kept;
  {
    fcbench::ScratchDir d(tmp.path(), "keep-");
    fcbench::ScratchDir moved(std::move(d));  // the moved-from one removes nothing
    CHECK(d.path().empty());
    kept = moved.release();
    CHECK(moved.path().empty());
  }
  CHECK(fs::is_directory(kept));

  CHECK_THROWS_AS(fcbench::ScratchDir(tmp / "no/such", "x-"), fcbench::SystemError);
}

namespace {

// Files may grow only to `bytes` while this lives (RLIMIT_FSIZE): a write
// past it is short, then fails with EFBIG, as on a full disk. SIGXFSZ is
// ignored meanwhile.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim = old_;
    lim.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &lim);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit old_{};
  void (*old_handler_)(int) = SIG_DFL;
};

}  // namespace

TEST_CASE("append_file and write_file_atomic: all or nothing when a file cannot grow",
          "[unit][util]") {
  TempDir tmp;
  const auto log = tmp / "starts.jsonl", summary = tmp / "summary.json";
  fcbench::write_file(log, "line 1\n");
  fcbench::write_file(summary, "old\n");
  {
    FileSizeLimit limit(10);
    CHECK_THROWS_WITH(fcbench::append_file(log, "line 2\n"), Contains("File too large"));
    CHECK_THROWS_AS(fcbench::write_file_atomic(summary, std::string(100, 'n')), fcbench::UserError);
  }
  CHECK(fcbench::read_file(log) == "line 1\n");  // the part that fit was cut back out
  CHECK(fcbench::read_file(summary) == "old\n");
  std::vector<std::string> names;
  for (auto& e : fs::directory_iterator(tmp.path())) names.push_back(e.path().filename());
  CHECK(names.size() == 2);  // no temporary left beside summary.json
  fcbench::append_file(log, "line 2\n");
  CHECK(fcbench::read_file(log) == "line 1\nline 2\n");
}

// util/: quoting, sparse copies, hashing, child processes, file helpers.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;
using fcbench::shell_quote;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("shell_quote: safe words stay bare", "[unit][util]") {
  CHECK(shell_quote({}) == "");
  CHECK(shell_quote({"ls", "-la", "/tmp/x"}) == "ls -la /tmp/x");
  CHECK(shell_quote({"a-b_c.d/e=f:g,h+i@j%k"}) == "a-b_c.d/e=f:g,h+i@j%k");
}

TEST_CASE("shell_quote: spaces, quotes, metacharacters and the empty word", "[unit][util]") {
  CHECK(shell_quote({"a b"}) == "'a b'");
  CHECK(shell_quote({""}) == "''");
  CHECK(shell_quote({"it's"}) == "'it'\\''s'");
  CHECK(shell_quote({"$HOME"}) == "'$HOME'");
  CHECK(shell_quote({"x", "", "y"}) == "x '' y");
  CHECK(shell_quote({"a;b", "c|d", "*"}) == "'a;b' 'c|d' '*'");
}

TEST_CASE("shell_quote: a quoted line gives the shell back the same words", "[unit][util]") {
  const std::vector<std::string> words = {"plain",      "two words", "",  "it's",
                                          "$(echo no)", "a\"b",      "*", "tab\there"};
  auto r = fcbench::run_command({"sh", "-c", "printf '[%s]' " + shell_quote(words)});
  REQUIRE(r.exit_code == 0);
  CHECK(r.output == "[plain][two words][][it's][$(echo no)][a\"b][*][tab\there]");
}

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

TEST_CASE("sha256: known vectors", "[unit][util]") {
  CHECK(fcbench::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(fcbench::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(fcbench::Sha256().add("a").add("").add("bc").hex() == fcbench::sha256_hex("abc"));
}

TEST_CASE("sha256: add_file hashes the file's bytes", "[unit][util]") {
  TempDir tmp;
  fcbench::write_file(tmp / "f", std::string("abc"));
  CHECK(fcbench::Sha256().add_file(tmp / "f").hex() == fcbench::sha256_hex("abc"));
  CHECK_THROWS_AS(fcbench::Sha256().add_file(tmp / "absent"), fcbench::UserError);
}

TEST_CASE("run_command: exit code and combined output", "[unit][util]") {
  auto r = fcbench::run_command({"sh", "-c", "echo out; echo err >&2; exit 3"});
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 3);
  CHECK(r.signal == 0);
  CHECK_THAT(r.output, Contains("out\n") && Contains("err\n"));
}

TEST_CASE("run_command: a process killed by a signal", "[unit][util]") {
  auto r = fcbench::run_command({"sh", "-c", "kill -TERM $$"});
  CHECK(r.exit_code == -1);
  CHECK(r.signal == SIGTERM);
}

TEST_CASE("run_command: a timeout kills the process group", "[unit][util]") {
  // The shell's background sleep keeps the output pipe open: only killing the
  // whole group lets run_command return.
  auto r = fcbench::run_command({"sh", "-c", "echo started; sleep 30 & sleep 30"},
                                std::chrono::milliseconds(200));
  CHECK(r.timed_out);
  CHECK(r.exit_code == -1);
  CHECK_THAT(r.output, Contains("started"));
}

TEST_CASE("run_command: an unknown program is a user error", "[unit][util]") {
  CHECK_THROWS_WITH(fcbench::run_command({"fcbench-no-such-program-x"}),
                    Contains("program not found: fcbench-no-such-program-x"));
}

TEST_CASE("which: PATH lookup and explicit paths", "[unit][util]") {
  TempDir tmp;
  fcbench::write_file(tmp / "tool", "#!/bin/sh\necho tool\n", 0755);
  fcbench::write_file(tmp / "data", "not executable\n", 0644);
  fs::create_directory(tmp / "dir");
  {
    ScopedEnv path("PATH", tmp.path().c_str());
    CHECK(fcbench::which("tool") == (tmp / "tool").string());
    CHECK(fcbench::which("data").empty());
    CHECK(fcbench::which("dir").empty());
  }
  CHECK(fcbench::which((tmp / "tool").string()) == (tmp / "tool").string());
  CHECK(fcbench::which((tmp / "data").string()).empty());
  CHECK(fcbench::which("fcbench-no-such-program-x").empty());
  const std::string sh = fcbench::which("sh");
  CHECK_FALSE(sh.empty());
  CHECK(::access(sh.c_str(), X_OK) == 0);
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

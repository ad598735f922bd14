// history/path: where the history DB lives, and its private directories.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "../fixtures/test_support.hpp"
#include "history/path.hpp"
#include "history_support.hpp"
#include "util/fs.hpp"

namespace fs = std::filesystem;
using fcbench::history::create_private_dirs;
using fcbench::history::history_path;

TEST_CASE("history path: FCBENCH_HISTORY, then XDG_DATA_HOME, then HOME", "[unit][history]") {
  CHECK(history_path("/x/h.db", "/xdg", "/home/u") == "/x/h.db");
  CHECK(history_path(nullptr, "/xdg", "/home/u") == "/xdg/fcbench/history.db");
  CHECK(history_path("", "", "/home/u") == "/home/u/.local/share/fcbench/history.db");
  // The XDG spec ignores a relative XDG_DATA_HOME.
  CHECK(history_path(nullptr, "rel/xdg", "/home/u") == "/home/u/.local/share/fcbench/history.db");
  // A relative FCBENCH_HISTORY is taken from the working directory.
  CHECK(history_path("rel.db", nullptr, "/home/u") == fs::current_path() / "rel.db");
  auto msg = fcbench::test::user_error([] { history_path(nullptr, nullptr, nullptr); });
  CHECK_THAT(msg, Catch::Contains("FCBENCH_HISTORY"));
}

TEST_CASE("history path: the default follows this process's environment", "[unit][history]") {
  fcbench::test::ScopedEnv h("FCBENCH_HISTORY", nullptr);
  fcbench::test::ScopedEnv x("XDG_DATA_HOME", "/somewhere/data");
  CHECK(fcbench::history::default_history_path() == "/somewhere/data/fcbench/history.db");
  fcbench::test::ScopedEnv h2("FCBENCH_HISTORY", "/elsewhere/h.db");
  CHECK(fcbench::history::default_history_path() == "/elsewhere/h.db");
}

TEST_CASE("history path: missing directories are made 0700, existing ones left alone",
          "[unit][history]") {
  fcbench::test::TempDir t;
  fs::permissions(t.path(), fs::perms(0755));
  create_private_dirs(t / "a/b/c");
  for (auto p : {t / "a", t / "a/b", t / "a/b/c"}) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
  }
  struct stat st {};
  REQUIRE(::stat(t.path().c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0755);
  // A file in the way is an error naming it.
  fcbench::write_file(t / "file", "x");
  auto msg = fcbench::test::user_error([&] { create_private_dirs(t / "file/sub"); });
  CHECK(msg == (t / "file").string() + " is not a directory");
}

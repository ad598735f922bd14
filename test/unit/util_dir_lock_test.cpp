// util/dir_lock: one holder of DIR/.lock at a time, named in the refusal;
// children started while it is held do not inherit it.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <optional>

#include "../fixtures/test_support.hpp"
#include "util/dir_lock.hpp"
#include "util/error.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;
using fcbench::DirLock;
using fcbench::test::TempDir;

TEST_CASE("dir lock: a second holder is refused with the first's PID, exit 2", "[unit][util]") {
  TempDir dir;
  CHECK(fcbench::lock_holder(dir.path()) == 0);
  std::optional<DirLock> first(std::in_place, dir.path(), "first");
  CHECK(fcbench::lock_holder(dir.path()) == ::getpid());
  try {
    DirLock second(dir.path(), "wait for it");
    FAIL("the second lock was granted");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), Contains(dir.path().string() + " is in use: fcbench (PID " +
                                  std::to_string(::getpid()) + ") holds " +
                                  (dir / ".lock").string() + "; wait for it"));
  }
  first.reset();
  CHECK(DirLock(dir.path(), "again").held());
}

TEST_CASE("dir lock: a child started while it is held does not keep it", "[unit][util]") {
  TempDir dir;
  std::optional<DirLock> lock(std::in_place, dir.path(), "x");
  fcbench::SpawnOptions so;
  so.capture_output = false;
  auto child = fcbench::spawn({"sleep", "30"}, so);
  lock.reset();
  CHECK_NOTHROW(DirLock(dir.path(), "the child holds it"));
  ::kill(child.pid, SIGKILL);
  ::waitpid(child.pid, nullptr, 0);
}

TEST_CASE("dir lock: make() removes the directory it made if nothing was written", "[unit][util]") {
  TempDir dir;
  { const auto lock = DirLock::make(dir / "a" / "new", "x"); }
  CHECK_FALSE(std::filesystem::exists(dir / "a" / "new"));
  {
    const auto lock = DirLock::make(dir / "used", "x");
    std::ofstream(dir / "used" / "run.json") << "{}";
  }
  CHECK(std::filesystem::exists(dir / "used" / "run.json"));
  { const auto lock = DirLock::make(dir.path(), "x"); }  // it existed: kept
  CHECK(std::filesystem::exists(dir.path()));
}

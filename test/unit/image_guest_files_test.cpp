// image/guest_files: where the agent and init come from, and an error that
// names where fcbench looked when they are missing.
#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "image/guest_files.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using fcbench::image::find_guest_files;
using fcbench::image::GuestFilesMissing;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("guest files: FCBENCH_GUEST_DIR holding both files is used", "[unit][guest_files]") {
  TempDir tmp;
  fcbench::write_file(tmp / "fcbench-agent", "agent");
  fcbench::write_file(tmp / "init", "init");
  fcbench::write_file(tmp / "busybox", "bb");
  ScopedEnv gd("FCBENCH_GUEST_DIR", tmp.path().c_str());
  ScopedEnv bb("FCBENCH_BUSYBOX", (tmp / "busybox").c_str());
  auto g = find_guest_files();
  CHECK(g.agent == tmp / "fcbench-agent");
  CHECK(g.init == tmp / "init");
  CHECK(g.busybox == tmp / "busybox");
}

TEST_CASE("guest files: missing from FCBENCH_GUEST_DIR names it, not setup.sh alone",
          "[unit][guest_files]") {
  TempDir tmp;
  fcbench::write_file(tmp / "init", "init");
  ScopedEnv gd("FCBENCH_GUEST_DIR", tmp.path().c_str());
  try {
    find_guest_files();
    FAIL("no error");
  } catch (const GuestFilesMissing& e) {
    CHECK_THAT(e.where, Contains((tmp / "fcbench-agent").string() + " is missing"));
    CHECK_THAT(e.where, Contains("$FCBENCH_GUEST_DIR (" + tmp.path().string() + ")"));
    CHECK_THAT(e.fix, Contains("set FCBENCH_GUEST_DIR"));
    CHECK_THAT(e.fix, Contains("P/lib/fcbench/guest"));
    CHECK_THAT(std::string(e.what()), Contains(e.where) && Contains(e.fix));
  }
}

TEST_CASE("guest files: missing beside the executable names both layouts", "[unit][guest_files]") {
  // The unit-test binary's directory has no guest/ and no ../lib/fcbench.
  ScopedEnv gd("FCBENCH_GUEST_DIR", nullptr);
  const fs::path self = fcbench::self_dir();
  REQUIRE_FALSE(fs::exists(self / "guest"));
  try {
    find_guest_files();
    FAIL("no error");
  } catch (const GuestFilesMissing& e) {
    CHECK_THAT(e.where, Contains("$FCBENCH_GUEST_DIR (unset)"));
    CHECK_THAT(e.where, Contains((self.parent_path() / "lib/fcbench/guest").string()));
    CHECK_THAT(e.where, Contains((self / "guest").string()));
    CHECK_THAT(std::string(e.what()), !Contains("\n"));
  }
}

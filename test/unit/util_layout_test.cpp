// util/layout: the build-tree and the install layout, found from the
// executable's directory.
#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "util/fs.hpp"
#include "util/layout.hpp"

using fcbench::layout_for;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("layout: <P>/bin with <P>/lib/fcbench is the install layout", "[unit][layout]") {
  TempDir tmp;
  fs::create_directories(tmp / "bin");
  fs::create_directories(tmp / "lib/fcbench");
  auto l = layout_for(tmp / "bin");
  CHECK(l.installed);
  CHECK(l.plugins == tmp / "lib/fcbench/plugins");
  CHECK(l.guest == tmp / "lib/fcbench/guest");
}

TEST_CASE("layout: without <exe_dir>/../lib/fcbench it is the build tree's", "[unit][layout]") {
  TempDir tmp;
  fs::create_directories(tmp / "build/plugins");
  auto l = layout_for(tmp / "build");
  CHECK_FALSE(l.installed);
  CHECK(l.plugins == tmp / "build/plugins");
  CHECK(l.guest == tmp / "build/guest");
}

TEST_CASE("layout: the unit tests run from the build tree", "[unit][layout]") {
  auto l = fcbench::self_layout();
  CHECK_FALSE(l.installed);
  CHECK(l.plugins == fcbench::self_dir() / "plugins");
}

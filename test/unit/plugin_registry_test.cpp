// plugin/registry: discovering plugin libraries along the search path, and
// recording (not throwing) the ones that fail to load.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "../fixtures/test_support.hpp"
#include "plugin/plugin.hpp"
#include "plugin/registry.hpp"
#include "util/fs.hpp"
#include "util/layout.hpp"

using Catch::Matchers::Contains;
using fcbench::plugin::Registry;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path kBuildDir = FCBENCH_BUILD_PLUGIN_DIR;
const fs::path kFixtureDir = FCBENCH_FIXTURE_PLUGIN_DIR;
const fs::path kBrokenDir = FCBENCH_BROKEN_PLUGIN_DIR;

fs::path lib(const fs::path& dir, const std::string& name) {
  return dir / (name + ".fcbench.so");
}

}  // namespace

TEST_CASE("registry: discovers the built-in plugins", "[unit][registry]") {
  Registry r = Registry::discover({kBuildDir});
  CHECK(r.names() == "boot, dd, prime, stream");
  CHECK(r.plugins().size() == 4);
  CHECK(r.failures().empty());
  REQUIRE(r.searched().size() == 1);
  CHECK(r.searched()[0] == kBuildDir);
  CHECK(r.find("prime"));
  CHECK_FALSE(r.find("sleeper"));
  CHECK(r.why_missing("sleeper").empty());
}

TEST_CASE("registry: load failures are recorded, not thrown", "[unit][registry]") {
  Registry r = Registry::discover({kBrokenDir, kBuildDir});
  CHECK(r.plugins().size() == 4);
  REQUIRE(r.failures().size() == 6);  // every library in broken-plugins/
  for (const auto& f : r.failures()) {
    INFO(f.library);
    CHECK(f.library.parent_path() == kBrokenDir);
    CHECK_FALSE(f.reason.empty());
  }
  CHECK_THAT(r.why_missing("no_entry"), Contains("not an fcbench plugin"));
  CHECK_THAT(r.why_missing("small_table"), Contains("smaller"));
  CHECK(r.why_missing("prime").empty());

  Registry only_broken = Registry::discover({kBrokenDir});
  CHECK(only_broken.plugins().empty());
  CHECK(only_broken.names() == "(none found)");
}

TEST_CASE("registry: earlier paths take precedence", "[unit][registry]") {
  TempDir tmp;
  fs::copy_file(lib(kBuildDir, "prime"), lib(tmp.path(), "prime"));

  Registry first_tmp = Registry::discover({tmp.path(), kBuildDir});
  REQUIRE(first_tmp.find("prime"));
  CHECK(fs::equivalent(first_tmp.find("prime")->library_path(), lib(tmp.path(), "prime")));
  CHECK(first_tmp.plugins().size() == 4);

  Registry first_build = Registry::discover({kBuildDir, tmp.path()});
  REQUIRE(first_build.find("prime"));
  CHECK(fs::equivalent(first_build.find("prime")->library_path(), lib(kBuildDir, "prime")));
}

TEST_CASE("registry: a file entry loads that library whatever its name", "[unit][registry]") {
  Registry one = Registry::discover({lib(kBuildDir, "dd")});
  CHECK(one.names() == "dd");

  TempDir tmp;
  fs::copy_file(lib(kFixtureDir, "sleeper"), tmp / "renamed.so");
  Registry renamed = Registry::discover({tmp / "renamed.so"});
  CHECK(renamed.names() == "sleeper");
}

TEST_CASE("registry: only *.fcbench.so files in a directory are tried", "[unit][registry]") {
  TempDir tmp;
  fcbench::write_file(tmp / "README.txt", "not a plugin\n");
  fcbench::write_file(tmp / "libother.so", "not a plugin either\n");
  fs::create_directory(tmp / "sub.fcbench.so.d");
  fcbench::write_file(tmp / ".fcbench.so", "a bare suffix is no plugin name\n");
  Registry r = Registry::discover({tmp.path()});
  CHECK(r.plugins().empty());
  CHECK(r.failures().empty());
}

TEST_CASE("registry: a missing directory is ignored", "[unit][registry]") {
  TempDir tmp;
  Registry r = Registry::discover({tmp / "no-such-dir", kFixtureDir});
  CHECK(r.names() == "hostsum, memhog, poweroff, sleeper");
  CHECK(r.failures().empty());
  CHECK(r.searched().size() == 2);
}

TEST_CASE("registry: search path order is explicit, environment, build dir", "[unit][registry]") {
  const fs::path built_in = fcbench::self_layout().plugins;
  SECTION("with FCBENCH_PLUGIN_PATH") {
    ScopedEnv env("FCBENCH_PLUGIN_PATH", "/env/one::/env/two");
    auto path = Registry::search_path({"/x/a:/x/b", "/x/c"});
    CHECK(path == std::vector<fs::path>{"/x/a", "/x/b", "/x/c", "/env/one", "/env/two", built_in});
  }
  SECTION("without it") {
    ScopedEnv env("FCBENCH_PLUGIN_PATH", nullptr);
    CHECK(Registry::search_path({":/x/a:"}) == std::vector<fs::path>{"/x/a", built_in});
    CHECK(Registry::search_path({}) == std::vector<fs::path>{built_in});
  }
}

TEST_CASE("registry: FCBENCH_PLUGIN_PATH finds plugins", "[unit][registry]") {
  {
    ScopedEnv env("FCBENCH_PLUGIN_PATH", FCBENCH_FIXTURE_PLUGIN_DIR);
    Registry r = Registry::discover(Registry::search_path({}));
    CHECK(r.find("sleeper"));
  }
  ScopedEnv none("FCBENCH_PLUGIN_PATH", nullptr);
  CHECK_FALSE(Registry::discover(Registry::search_path({})).find("sleeper"));
}

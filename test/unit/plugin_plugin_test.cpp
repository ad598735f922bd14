// plugin/plugin: loading a plugin library through the C ABI, and refusing
// ABI-broken ones with the reason.
#include "plugin/plugin.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "../fixtures/test_support.hpp"
#include "plugin/registry.hpp"  // to find the built-in plugins
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using fcbench::plugin::Plugin;
using fcbench::plugin::PluginError;
using fcbench::plugin::Registry;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path kBuildDir = FCBENCH_BUILD_PLUGIN_DIR;
const fs::path kBrokenDir = FCBENCH_BROKEN_PLUGIN_DIR;
const fs::path kFixtureDir = FCBENCH_FIXTURE_PLUGIN_DIR;

fs::path lib(const fs::path& dir, const std::string& name) {
  return dir / (name + ".fcbench.so");
}

// The PluginError message for loading `library`; fails the test if it loads.
std::string load_error(const fs::path& library) {
  try {
    Plugin::load(library);
  } catch (const PluginError& e) {
    return e.what();
  }
  FAIL("expected a PluginError loading " << library);
  return "";
}

}  // namespace

TEST_CASE("plugin: every built-in plugin loads with its payload files", "[unit][plugin]") {
  for (const char* name : {"boot", "dd", "prime", "stream"}) {
    INFO("plugin " << name);
    auto p = Plugin::load(lib(kBuildDir, name));
    CHECK(p->name() == name);
    CHECK_FALSE(p->version().empty());
    CHECK_FALSE(p->description().empty());
    CHECK(p->abi() == std::make_pair<uint32_t, uint32_t>(FCB_ABI_MAJOR, FCB_ABI_MINOR));
    CHECK(p->library_path().is_absolute());
    CHECK(fs::equivalent(p->library_path(), lib(kBuildDir, name)));
    REQUIRE_FALSE(p->payload_files().empty());
    for (const auto& f : p->payload_files()) {
      INFO("payload " << f.source);
      CHECK(f.kind == FCB_FILE_PLUGIN);
      CHECK(fs::path(f.source).is_absolute());
      CHECK(fs::is_regular_file(f.source));
      CHECK_THAT(f.guest_path, StartsWith("/"));
    }
  }
}

TEST_CASE("plugin: prime's parameters, defaults and job", "[unit][plugin]") {
  auto p = Plugin::load(lib(kBuildDir, "prime"));
  REQUIRE(p->params().size() == 2);
  CHECK(p->params()[0].name == "n");
  CHECK(p->params()[0].type == FCB_PARAM_INT);
  CHECK(p->params()[0].default_value == "3000000");
  CHECK(p->params()[1].name == "method");
  CHECK(p->params()[1].type == FCB_PARAM_STRING);
  REQUIRE(p->find_param("method"));
  CHECK(p->find_param("method")->default_value == "trial");
  CHECK(p->find_param("nope") == nullptr);
  CHECK(p->with_defaults({{"n", "10"}}) ==
        fcbench::plugin::ParamMap{{"n", "10"}, {"method", "trial"}});

  auto job = p->describe_job(p->with_defaults({{"n", "100"}}));
  REQUIRE(job.argv.size() == 3);
  CHECK(job.argv[0] == p->payload_files().at(0).guest_path);
  CHECK(job.argv[1] == "100");
  CHECK(job.requirements.min_vcpus >= 1);
  CHECK(job.requirements.min_mem_mib >= 64);

  CHECK_THROWS_WITH(p->describe_job(p->with_defaults({{"n", "1"}})), Contains("parameter n"));
  CHECK(std::string(fcbench::plugin::type_name(FCB_PARAM_FLOAT)) == "float");
  CHECK(std::string(fcbench::plugin::type_name(FCB_PARAM_BOOL)) == "bool");
}

TEST_CASE("plugin: errors thrown inside parse come back as PluginError", "[unit][plugin]") {
  auto p = Plugin::load(lib(kBuildDir, "prime"));
  fcbench::plugin::GuestOutput o;
  o.params = p->with_defaults({});
  o.exit_status = 3;
  o.err = "boom\n";
  CHECK_THROWS_WITH(p->parse(o), StartsWith("plugin 'prime': parse failed: ") &&
                                     Contains("status 3") && Contains("boom"));
}

TEST_CASE("plugin: a parser's plain std::exception names the plugin and the exception type",
          "[unit][plugin]") {
  // sleeper's parse() calls std::stod on the message "throw-stod": the C++
  // wrapper adds the type to what() ("stod"), the host the plugin's name.
  auto p = Plugin::load(lib(kFixtureDir, "sleeper"));
  fcbench::plugin::GuestOutput o;
  o.params = p->with_defaults({});
  o.out = "throw-stod\n";
  CHECK_THROWS_WITH(p->parse(o), Equals("plugin 'sleeper': parse failed: "
                                        "std::invalid_argument: stod"));
  o.out = "fine\n";
  CHECK(p->parse(o).size() == 1);
}

TEST_CASE("plugin: a plugin outlives the registry that loaded it", "[unit][plugin]") {
  std::shared_ptr<const Plugin> p;
  {
    Registry r = Registry::discover({kBuildDir});
    p = r.find("prime");
  }
  REQUIRE(p);
  CHECK(p->describe_job(p->with_defaults({})).argv.size() == 3);
}

TEST_CASE("plugin: ABI-broken libraries are refused with the reason", "[unit][plugin]") {
  SECTION("major mismatch") {
    auto msg = load_error(lib(kBrokenDir, "bad_major"));
    CHECK_THAT(msg, StartsWith(lib(kBrokenDir, "bad_major").string() + ": "));
    CHECK_THAT(msg, Contains("ABI major version " + std::to_string(FCB_ABI_MAJOR + 1) +
                             " is not supported"));
  }
  SECTION("an older major (ABI 0 against 1.x)") {
    auto msg = load_error(lib(kBrokenDir, "old_major"));
    CHECK_THAT(msg, Contains("ABI major version " + std::to_string(FCB_ABI_MAJOR - 1) +
                             " is not supported"));
  }
  SECTION("needs a newer minor") {
    auto msg = load_error(lib(kBrokenDir, "newer_minor"));
    CHECK_THAT(msg, Contains("plugin needs ABI " + std::to_string(FCB_ABI_MAJOR) + "." +
                             std::to_string(FCB_ABI_MINOR + 1)) &&
                        Contains("upgrade fcbench"));
  }
  SECTION("missing parse") {
    CHECK_THAT(load_error(lib(kBrokenDir, "missing_parse")),
               Contains("required entry point 'parse' is missing"));
  }
  SECTION("no entry symbol") {
    CHECK_THAT(load_error(lib(kBrokenDir, "no_entry")),
               Contains("not an fcbench plugin") && Contains("fcbench_plugin_entry"));
  }
  SECTION("table smaller than this ABI") {
    CHECK_THAT(load_error(lib(kBrokenDir, "small_table")), Contains("API table is smaller than"));
  }
  SECTION("not a shared object at all") {
    TempDir tmp;
    fcbench::write_file(tmp / "text.fcbench.so", "this is not ELF\n");
    CHECK_THAT(load_error(tmp / "text.fcbench.so"), Contains("cannot load library"));
  }
  SECTION("a missing file") {
    CHECK_THAT(load_error(kBrokenDir / "absent.fcbench.so"), Contains("cannot load library"));
  }
}

// `fcbench plugin new`: the generated project configures and builds
// warning-free against the SDK, its own parser test passes under ctest, and
// its suite boots a real guest that yields an ok record. C++ builds against
// the build tree's SDK (found through the generated HINTS), C against an
// installed SDK (cmake --install --component fcbench-sdk-dev). Also the
// refusals: a bad name or an existing directory exits 2 and writes nothing.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "e2e_support.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::metric;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::test::ScopedEnv;
namespace fs = std::filesystem;

namespace {

fcbench::RunResult run(const std::vector<std::string>& argv) {
  return fcbench::run_command(argv, std::chrono::minutes(5));
}

// The value of `key` in a CMake build directory's cache ("" if absent).
std::string cache_value(const fs::path& build, const std::string& key) {
  std::string text = fcbench::read_file(build / "CMakeCache.txt");
  size_t pos = text.find("\n" + key + ":");
  if (pos == std::string::npos) return "";
  size_t eq = text.find('=', pos), eol = text.find('\n', pos + 1);
  return text.substr(eq + 1, eol - eq - 1);
}

// plugin new, configure (-Werror: generated code builds warning-free), build,
// ctest, then `fcbench run suite.yaml --plugin-path D/build`.
void generate_build_and_run(const Sandbox& t, const std::string& name, const std::string& lang,
                            const std::vector<std::string>& sdk_args, const fs::path& sdk_dir) {
  const fs::path d = t / name, build = d / "build", out = t / "out";
  auto r = fcbench_cmd({"plugin", "new", name, "--dir", d.string(), "--lang", lang});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("fcbench run " + (d / "suite.yaml").string() + " --plugin-path " +
                                build.string()));

  std::vector<std::string> configure = {FCBENCH_CMAKE,
                                        "-S",
                                        d.string(),
                                        "-B",
                                        build.string(),
                                        "-DCMAKE_C_FLAGS=-Werror",
                                        "-DCMAKE_CXX_FLAGS=-Werror"};
  configure.insert(configure.end(), sdk_args.begin(), sdk_args.end());
  r = run(configure);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::equivalent(cache_value(build, "fcbench-sdk_DIR"), sdk_dir));
  r = run({FCBENCH_CMAKE, "--build", build.string(), "-j2"});
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(r.output.find("warning:") != std::string::npos);
  r = run({FCBENCH_CTEST, "--test-dir", build.string(), "--output-on-failure"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("100% tests passed"));

  r = fcbench_cmd(
      {"run", (d / "suite.yaml").string(), "--plugin-path", build.string(), "-o", out.string()});
  REQUIRE(r.exit_code == 0);
  auto recs = records(out);
  REQUIRE(recs.size() == 1);
  INFO(recs[0].dump());
  CHECK(recs[0]["plugin"] == name);
  CHECK(recs[0]["status"] == "ok");
  CHECK((recs[0]["accel"] == "tcg" || recs[0]["accel"] == "kvm"));  // tcg on CI (no usable KVM)
  const auto* runtime = metric(recs[0], "runtime");
  REQUIRE(runtime);
  CHECK((*runtime)["value"].get<double>() > 0);
  CHECK((*runtime)["unit"] == "ms");
  REQUIRE(metric(recs[0], "throughput"));
}

}  // namespace

TEST_CASE("plugin new: a C++ plugin builds against the build tree's SDK, tests and runs",
          "[e2e][plugin-new]") {
  Sandbox t;
  ScopedEnv no_path("FCBENCH_PLUGIN_PATH", nullptr);
  // No -Dfcbench-sdk_DIR: the generated HINTS name the SDK of this fcbench.
  generate_build_and_run(t, "hashcpp", "cpp", {}, fs::path(FCBENCH_BUILD_DIR) / "sdk");
}

TEST_CASE("plugin new: a C plugin builds against an installed SDK, tests and runs",
          "[e2e][plugin-new]") {
  Sandbox t;
  ScopedEnv no_path("FCBENCH_PLUGIN_PATH", nullptr);
  const fs::path prefix = t / "prefix";
  auto r = run({FCBENCH_CMAKE, "--install", FCBENCH_BUILD_DIR, "--prefix", prefix.string(),
                "--component", "fcbench-sdk-dev"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const fs::path sdk = prefix / "lib/cmake/fcbench-sdk";
  generate_build_and_run(t, "hashc", "c", {"-Dfcbench-sdk_DIR=" + sdk.string()}, sdk);
}

TEST_CASE("plugin new: a bad name or an existing directory exits 2 and writes nothing",
          "[e2e][cli][plugin-new]") {
  Sandbox t;
  auto entries = [&] {
    size_t n = 0;
    for (auto& e : fs::directory_iterator(t.path())) n += e.path().filename() != "cache";
    return n;
  };
  const size_t before = entries();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const fs::path d = t / "p";
  const std::vector<Case> cases = {
      {{"my-bench", "--dir", d.string()}, "plugin name 'my-bench' is not a C identifier"},
      {{"prime", "--dir", d.string()}, "plugin name 'prime' is taken"},
      {{"sleeper_", "--dir", d.string(), "--lang", "rust"}, "--lang must be c or cpp"},
      {{"ok_name", "--dir", (t / "no/such").string()}, "is not a directory"},
      {{"ok_name", "--dir", t.cache().string()}, "already exists"}};
  for (auto& c : cases) {
    std::vector<std::string> argv = {"plugin", "new"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto r = fcbench_cmd(argv);
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Contains(c.message));
    CHECK(entries() == before);
  }
  auto r = fcbench_cmd({"plugin", "list"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("usage: fcbench plugin new NAME"));
}

TEST_CASE("plugin new: a pack that cannot take the plugin exits 2 and is left as it was",
          "[e2e][cli][plugin-new]") {
  Sandbox t;
  const fs::path pack = t / "pack";
  fs::create_directory(pack);
  const std::string listed = "name: p\nversion: 1.0.0\nsdk: \"*\"\nplugins: [dupe]\n";
  const std::string invalid = "name: p\nversion: one\nsdk: \"*\"\nplugins: [a]\n";
  struct Case {
    std::string yaml, name, dir, message;
  };
  const std::vector<Case> cases = {
      {listed, "dupe", "dupe", "pack.yaml: plugin 'dupe' is already in its plugins list"},
      {listed, "fresh", "fresh dir", "cannot add plugin 'fresh' to this pack from the directory"},
      {invalid, "fresh", "fresh", "pack.yaml:2:10: version must be MAJOR.MINOR.PATCH"}};
  for (auto& c : cases) {
    fcbench::write_file(pack / "pack.yaml", c.yaml);
    auto r = fcbench_cmd({"plugin", "new", c.name, "--dir", (pack / c.dir).string()});
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Contains(c.message));
    CHECK(fcbench::read_file(pack / "pack.yaml") == c.yaml);
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(pack)) names.push_back(e.path().filename());
    CHECK(names == std::vector<std::string>{"pack.yaml"});  // no project, no CMakeLists.txt
  }
}

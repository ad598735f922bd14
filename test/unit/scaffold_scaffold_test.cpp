// scaffold/scaffold: the name check, the file list of `fcbench plugin new`
// for C and C++, writing a project without touching what exists, and adding
// it to the pack whose source it is created in.
#include "scaffold/scaffold.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using fcbench::scaffold::Lang;
using fcbench::scaffold::name_problem;
using fcbench::scaffold::project_files;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kTaken = {"boot", "dd", "prime", "stream", "sleeper"};

std::map<std::string, std::string> files_of(const std::string& name, Lang lang,
                                            const std::string& sdk = "") {
  std::map<std::string, std::string> out;
  for (auto& f : project_files({name, lang, sdk})) out[f.path] = f.content;
  return out;
}

}  // namespace

TEST_CASE("scaffold: C identifiers of sensible length are good plugin names", "[unit][scaffold]") {
  for (std::string good :
       std::vector<std::string>{"fio", "my_bench2", "X", "hashLoop", std::string(32, 'a')}) {
    INFO(good);
    CHECK_FALSE(name_problem(good, kTaken));
  }
}

TEST_CASE("scaffold: bad plugin names are refused with the reason", "[unit][scaffold]") {
  auto why = [](const std::string& n) { return name_problem(n, kTaken).value_or("accepted"); };
  CHECK(why("") == "the plugin name is empty");
  CHECK_THAT(why("my-bench"), Contains("not a C identifier") && Contains("'-'"));
  CHECK_THAT(why("2fast"), Contains("not a C identifier") && Contains("leading digit"));
  CHECK_THAT(why("a b"), Contains("not a C identifier"));
  CHECK_THAT(why("../x"), Contains("not a C identifier"));
  CHECK_THAT(why("_x"), Contains("starts with '_'"));
  CHECK_THAT(why(std::string(33, 'a')), Contains("too long (33 characters; at most 32)"));
  for (std::string taken : kTaken) CHECK_THAT(why(taken), Contains("is taken"));
  CHECK(why("Prime") == "accepted");  // names are case-sensitive, as suites are
}

TEST_CASE("scaffold: the C++ project's files", "[unit][scaffold]") {
  auto files = files_of("hashloop", Lang::cpp);
  std::vector<std::string> paths;
  for (auto& f : project_files({"hashloop", Lang::cpp, ""})) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"README.md", "CMakeLists.txt", "src/hashloop_plugin.cpp",
                                          "guest/hashloop.c", "test/parser_test.c",
                                          "test/data/hashloop.out", "suite.yaml", ".gitignore"});
  for (auto& [path, text] : files) {
    INFO(path);
    CHECK(text.find('@') == std::string::npos);  // every placeholder filled in
    CHECK_FALSE(text.empty());
  }
  auto& cmake = files["CMakeLists.txt"];
  CHECK_THAT(cmake, Contains("find_package(fcbench-sdk 1.0 CONFIG REQUIRED)") &&
                        Contains("project(hashloop VERSION 0.1.0 LANGUAGES C CXX)") &&
                        Contains("if(NOT DEFINED FCBENCH_PLUGIN_OUTPUT_DIR)\n"
                                 "  set(FCBENCH_PLUGIN_OUTPUT_DIR \"${CMAKE_BINARY_DIR}\")") &&
                        Contains("if(NOT DEFINED BUILD_TESTING OR BUILD_TESTING)") &&
                        Contains("fcbench_add_plugin(hashloop SOURCES src/hashloop_plugin.cpp)") &&
                        Contains("enable_testing()") && Contains("add_test(NAME hashloop_parser"));
  CHECK_THAT(files["src/hashloop_plugin.cpp"], Contains("#include <fcbench/plugin.hpp>") &&
                                                   Contains("FCBENCH_PLUGIN(hashloop_plugin)") &&
                                                   Contains("\"hashloop.payload/hashloop\""));
  CHECK_THAT(files["suite.yaml"], Contains("name: hashloop") && Contains("- plugin: hashloop"));
  CHECK_THAT(files["README.md"], Contains("fcbench run suite.yaml --plugin-path build") &&
                                     Contains("ctest --test-dir build") &&
                                     Contains("fcbench pack build"));
  CHECK_THAT(files["test/data/hashloop.out"], Contains("hash: ") && Contains("runtime_ms: "));
}

TEST_CASE("scaffold: the C project uses the C ABI and no C++", "[unit][scaffold]") {
  auto files = files_of("cbench", Lang::c);
  CHECK(files.count("src/cbench_plugin.c") == 1);
  CHECK(files.count("src/cbench_plugin.cpp") == 0);
  auto& src = files["src/cbench_plugin.c"];
  CHECK_THAT(src, Contains("#include <fcbench/plugin.h>") &&
                      Contains("FCB_EXPORT const fcb_plugin_api* fcbench_plugin_entry(void)"));
  CHECK(src.find("plugin.hpp") == std::string::npos);
  CHECK_THAT(files["CMakeLists.txt"],
             Contains("LANGUAGES C)") && Contains("SOURCES src/cbench_plugin.c)"));
  // The parser test and the guest program are the same as for C++.
  CHECK(files["test/parser_test.c"] == files_of("cbench", Lang::cpp)["test/parser_test.c"]);
}

TEST_CASE("scaffold: the SDK directory becomes find_package's HINTS, if CMake can quote it",
          "[unit][scaffold]") {
  CHECK_THAT(files_of("x", Lang::cpp, "/opt/fcbench/lib/cmake/fcbench-sdk")["CMakeLists.txt"],
             Contains("REQUIRED\n  # the SDK of the fcbench that wrote this file\n"
                      "  HINTS \"/opt/fcbench/lib/cmake/fcbench-sdk\")\n"));
  CHECK_THAT(files_of("x", Lang::cpp, "/a\"b")["CMakeLists.txt"],
             Contains("find_package(fcbench-sdk 1.0 CONFIG REQUIRED)"));
  CHECK_THAT(files_of("x", Lang::cpp, "/a/${b}")["CMakeLists.txt"],
             Contains("find_package(fcbench-sdk 1.0 CONFIG REQUIRED)"));
}

TEST_CASE("scaffold: a project is written whole, into a new directory only", "[unit][scaffold]") {
  TempDir t;
  const std::vector<fcbench::scaffold::File> files = {{"a.txt", "A"}, {"sub/dir/b.txt", "B"}};
  fcbench::scaffold::write_project(t / "p", files);
  CHECK(fcbench::read_file(t / "p" / "a.txt") == "A");
  CHECK(fcbench::read_file(t / "p" / "sub/dir/b.txt") == "B");
  auto entries = [&] {
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(t.path())) names.push_back(e.path().filename());
    return names;
  };
  CHECK(entries() == std::vector<std::string>{"p"});  // no temporary left beside it

  SECTION("an existing directory, even empty, is refused and left alone") {
    fs::create_directory(t / "empty");
    CHECK_THROWS_WITH(fcbench::scaffold::write_project(t / "empty", files),
                      Contains("already exists"));
    CHECK(fs::is_empty(t / "empty"));
    CHECK_THROWS_WITH(fcbench::scaffold::write_project(t / "p/", files),
                      Contains("already exists"));
    CHECK(fcbench::read_file(t / "p" / "a.txt") == "A");
    fs::create_symlink(t / "nowhere", t / "dangling");
    CHECK_THROWS_AS(fcbench::scaffold::write_project(t / "dangling", files), fcbench::UserError);
  }
  SECTION("a missing parent is refused and nothing is created") {
    try {
      fcbench::scaffold::write_project(t / "no/such/p", files);
      FAIL("expected a UserError");
    } catch (const fcbench::UserError& e) {
      CHECK(e.exit_code == 2);
      CHECK_THAT(e.what(), Contains("is not a directory"));
    }
    CHECK_FALSE(fs::exists(t / "no"));
  }
  SECTION("a file that cannot be written leaves nothing") {
    const std::vector<fcbench::scaffold::File> bad = {{"a.txt", "A"}, {"a.txt/b", "B"}};
    CHECK_THROWS(fcbench::scaffold::write_project(t / "q", bad));
    CHECK(entries() == std::vector<std::string>{"p"});
  }
}

namespace {

const char* kPackYaml =
    "# a pack\nname: my-pack\nversion: 1.0.0\nsdk: \">=1.0, <2\"\nplugins: [one]\n"
    "suites: [suites/all.yaml]\n";

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("scaffold: no pack.yaml beside the new directory, no pack edit", "[unit][scaffold]") {
  TempDir t;
  CHECK_FALSE(fcbench::scaffold::plan_pack_edit(t / "p", "p"));
  CHECK_FALSE(fcbench::scaffold::plan_pack_edit(t / "no/such/p", "p"));
}

TEST_CASE("scaffold: a plugin new in a pack's source joins the pack", "[unit][scaffold]") {
  TempDir t;
  fcbench::write_file(t / "pack.yaml", kPackYaml);
  fcbench::write_file(t / "CMakeLists.txt", "project(p)\nadd_subdirectory(one)");
  auto edit = fcbench::scaffold::plan_pack_edit(t / "two/", "two");
  REQUIRE(edit);
  CHECK(edit->pack == "my-pack");
  CHECK(edit->subdirectory == "two");
  // Planning writes nothing.
  CHECK(fcbench::read_file(t / "pack.yaml") == kPackYaml);
  CHECK(names_in(t.path()) == std::vector<std::string>{"CMakeLists.txt", "pack.yaml"});

  fcbench::scaffold::write_project(t / "two/", {{"suite.yaml", "s"}}, edit);
  CHECK(fcbench::read_file(t / "pack.yaml") ==
        "# a pack\nname: my-pack\nversion: 1.0.0\nsdk: \">=1.0, <2\"\nplugins: [one, two]\n"
        "suites: [suites/all.yaml, two/suite.yaml]\n");
  CHECK(fcbench::read_file(t / "CMakeLists.txt") ==
        "project(p)\nadd_subdirectory(one)\n\n# two: added by `fcbench plugin new`\n"
        "add_subdirectory(two)\n");
  CHECK(fcbench::read_file(t / "two/suite.yaml") == "s");
  CHECK(names_in(t.path()) == std::vector<std::string>{"CMakeLists.txt", "pack.yaml", "two"});
}

TEST_CASE("scaffold: a pack with no CMakeLists.txt gets one that adds the plugin",
          "[unit][scaffold]") {
  TempDir t;
  fcbench::write_file(t / "pack.yaml", kPackYaml);
  auto edit = fcbench::scaffold::plan_pack_edit(t / "two", "two");
  REQUIRE(edit);
  CHECK(edit->cmakelists_created);
  fcbench::scaffold::write_project(t / "two", {{"suite.yaml", "s"}}, edit);
  CHECK_THAT(fcbench::read_file(t / "CMakeLists.txt"),
             Contains("cmake_minimum_required(VERSION 3.16)\nproject(my_pack LANGUAGES C CXX)\n") &&
                 Contains("\nadd_subdirectory(two)\n"));
}

TEST_CASE("scaffold: a pack that cannot take the plugin is left as it was", "[unit][scaffold]") {
  TempDir t;
  fcbench::write_file(t / "pack.yaml", kPackYaml);
  fcbench::write_file(t / "CMakeLists.txt", "project(p)\n");
  auto refused = [&](const fs::path& dir, const std::string& name) {
    try {
      fcbench::scaffold::plan_pack_edit(dir, name);
    } catch (const fcbench::UserError& e) {
      CHECK(e.exit_code == 2);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(refused(t / "one", "one"), Contains("plugin 'one' is already in its plugins list"));
  CHECK_THAT(refused(t / "my dir", "two"),
             Contains("cannot add plugin 'two' to this pack from the directory 'my dir'"));
  CHECK_THAT(refused(t / ".two", "two"), Contains("letters, digits, '.', '_' and '-' only"));

  SECTION("a file that cannot be written: no project, no pack edit, no temporaries") {
    auto edit = fcbench::scaffold::plan_pack_edit(t / "two", "two");
    REQUIRE(edit);
    const std::vector<fcbench::scaffold::File> bad = {{"a.txt", "A"}, {"a.txt/b", "B"}};
    CHECK_THROWS(fcbench::scaffold::write_project(t / "two", bad, edit));
    CHECK(names_in(t.path()) == std::vector<std::string>{"CMakeLists.txt", "pack.yaml"});
    CHECK(fcbench::read_file(t / "pack.yaml") == kPackYaml);
    CHECK(fcbench::read_file(t / "CMakeLists.txt") == "project(p)\n");
  }
  SECTION("a directory that appeared since the plan: refused, the pack unchanged") {
    auto edit = fcbench::scaffold::plan_pack_edit(t / "two", "two");
    REQUIRE(edit);
    fs::create_directory(t / "two");
    CHECK_THROWS_WITH(fcbench::scaffold::write_project(t / "two", {{"a", "A"}}, edit),
                      Contains("already exists"));
    CHECK(names_in(t.path()) == std::vector<std::string>{"CMakeLists.txt", "pack.yaml", "two"});
    CHECK(fcbench::read_file(t / "pack.yaml") == kPackYaml);
  }
}

#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "pack/manifest.hpp"
#include "pack/store.hpp"
#include "pack/version.hpp"
#include "util/error.hpp"

using namespace fcbench;
using Catch::Matchers::Contains;

namespace {

std::string error_of(const std::string& yaml) {
  try {
    pack::parse_manifest(yaml, "p/pack.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const char* kGood = R"(name: storage-tools
version: 1.2.0
description: fio and dd variants
maintainers: [a, b]
license: MIT
sdk: ">=1.0, <2"
plugins: [fio_rand, dd2]
suites: [suites/all.yaml]
)";

}  // namespace

TEST_CASE("pack version: parse, order and print") {
  CHECK(pack::parse_version("1.2.3")->str() == "1.2.3");
  CHECK(pack::parse_version("2")->str() == "2.0.0");
  CHECK(*pack::parse_version("1.10") > *pack::parse_version("1.9.9"));
  for (auto bad : {"", "1.", ".1", "1.2.3.4", "v1", "1.x", "1.-2"})
    CHECK_FALSE(pack::parse_version(bad));
}

TEST_CASE("pack range: every constraint must hold, bounds exact") {
  auto r = pack::Range::parse(">=1.0, <2");
  CHECK(r.allows({1, 0, 0}));
  CHECK(r.allows({1, 99, 0}));
  CHECK_FALSE(r.allows({2, 0, 0}));
  CHECK_FALSE(r.allows({0, 9, 9}));
  CHECK(pack::Range::parse("=1.1").allows({1, 1, 0}));
  CHECK_FALSE(pack::Range::parse("==1.1").allows({1, 1, 1}));
  CHECK(pack::Range::parse(">1.0").allows({1, 0, 1}));
  CHECK_FALSE(pack::Range::parse(">1.0").allows({1, 0, 0}));
  CHECK(pack::Range::parse("<=1.0").allows({1, 0, 0}));
  CHECK(pack::Range::parse("*").allows({7, 0, 0}));
  CHECK_THROWS_WITH(pack::Range::parse("~1.0"), Contains("'~1.0'"));
  CHECK_THROWS_WITH(pack::Range::parse(">=one"), Contains("expected a version"));
}

TEST_CASE("pack manifest: a full pack.yaml reads back") {
  auto m = pack::parse_manifest(kGood, "pack.yaml");
  CHECK(m.id() == "storage-tools@1.2.0");
  CHECK(m.plugins == std::vector<std::string>{"fio_rand", "dd2"});
  CHECK(m.maintainers.size() == 2);
  CHECK(m.sdk.allows({1, 0, 0}));
  CHECK_FALSE(m.sdk.allows({2, 0, 0}));
  CHECK(m.suites == std::vector<std::string>{"suites/all.yaml"});
}

TEST_CASE("pack manifest: errors name file, line and column") {
  std::string yaml = kGood;
  CHECK(error_of(yaml.replace(yaml.find("1.2.0"), 5, "1.2.x")) ==
        "p/pack.yaml:2:10: version must be MAJOR.MINOR.PATCH, e.g. 1.2.0");
  CHECK_THAT(error_of(std::string(kGood) + "colour: red\n"), Contains("p/pack.yaml:9:1"));
  CHECK_THAT(error_of(std::string(kGood) + "colour: red\n"), Contains("colour"));
  CHECK_THAT(error_of("name: x\nversion: 1.0.0\nsdk: '>=1'\nplugins: [a-b]\n"),
             Contains("p/pack.yaml:4:11: plugin name 'a-b' is not a C identifier"));
  CHECK_THAT(error_of("name: Bad Name\nversion: 1.0.0\nsdk: '>=1'\nplugins: [a]\n"),
             Contains("p/pack.yaml:1:7: name 'Bad Name'"));
  CHECK_THAT(error_of("name: x\nversion: 1.0.0\nsdk: 'about 1'\nplugins: [a]\n"),
             Contains("p/pack.yaml:3:6: sdk:"));
  CHECK_THAT(error_of("name: x\nversion: 1.0.0\nsdk: '>=1'\nplugins: []\n"),
             Contains("list at least one plugin"));
  CHECK_THAT(error_of("name: x\nversion: 1.0.0\nplugins: [a]\n"), Contains("needs 'sdk'"));
  CHECK_THAT(error_of("name: x\nversion: 1.0.0\nsdk: '>=1'\nplugins: [a]\nsuites: [../s.yaml]\n"),
             Contains("p/pack.yaml:5:10: '../s.yaml' must be a relative path inside the pack"));
  CHECK_THAT(error_of("name: [x\n"), Contains("invalid YAML"));
  CHECK_THAT(error_of(""), Contains("p/pack.yaml:1:1: pack.yaml is empty"));
}

TEST_CASE("pack refs: NAME or NAME@VERSION") {
  auto r = pack::PackRef::parse("tools@1.2");
  CHECK(r.name == "tools");
  CHECK(r.version->str() == "1.2.0");
  CHECK_FALSE(pack::PackRef::parse("tools").version);
  CHECK_THROWS_AS(pack::PackRef::parse("../x"), UserError);
  CHECK_THROWS_AS(pack::PackRef::parse("tools@latest"), UserError);
}

TEST_CASE("pack manifest: a key given twice is refused") {
  CHECK_THAT(error_of(std::string(kGood) + "license: GPL-2.0\n"),
             Contains("p/pack.yaml:9:1: duplicate key 'license' (first given on line 5)"));
}

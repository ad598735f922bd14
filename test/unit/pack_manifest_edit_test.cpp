// pack/manifest_edit: adding a plugin to pack.yaml as text, keeping what its
// author wrote, and refusing edits that would not validate.
#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "pack/manifest.hpp"
#include "pack/manifest_edit.hpp"
#include "util/error.hpp"

using namespace fcbench;
using Catch::Matchers::Contains;

namespace {

const std::string kHead = "# my pack\nname: tools\nversion: 1.2.0\nsdk: \">=1.0, <2\"\n";

std::string add(const std::string& text, const std::string& name = "extra",
                const std::string& suite = "extra/suite.yaml") {
  return pack::add_plugin_to_manifest(text, "p/pack.yaml", name, suite);
}

// The message of the UserError (or ConfigError) that add() throws.
std::string refusal(const std::string& text, const std::string& name = "extra") {
  try {
    add(text, name);
  } catch (const UserError& e) {
    CHECK(e.exit_code == 2);
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("pack manifest edit: a flow list gains the item after its last one") {
  CHECK(pack::append_list_item("plugins: [a, b]\n", "plugins", "c") == "plugins: [a, b, c]\n");
  CHECK(pack::append_list_item("plugins: []\n", "plugins", "c") == "plugins: [c]\n");
  CHECK(pack::append_list_item("plugins: [a, b,]\n", "plugins", "c") == "plugins: [a, b, c]\n");
  CHECK(pack::append_list_item("p: ['a]', \"b]\"]  # x]\n", "p", "c") ==
        "p: ['a]', \"b]\", c]  # x]\n");
  CHECK(pack::append_list_item("p: [a,  # first\n   b  # second\n]\nq: 1\n", "p", "c") ==
        "p: [a,  # first\n   b, c  # second\n]\nq: 1\n");
}

TEST_CASE("pack manifest edit: a block list gains a line like its last item") {
  CHECK(pack::append_list_item("plugins:\n  - a\n  - b  # two\nsuites: [s]\n", "plugins", "c") ==
        "plugins:\n  - a\n  - b  # two\n  - c\nsuites: [s]\n");
  CHECK(pack::append_list_item("plugins:\n- a\n# end", "plugins", "c") ==
        "plugins:\n- a\n- c\n# end");
  CHECK(pack::append_list_item("plugins:\n    -   a", "plugins", "c") ==
        "plugins:\n    -   a\n    -   c\n");
}

TEST_CASE("pack manifest edit: a missing or empty key becomes a one-item flow list") {
  CHECK(pack::append_list_item("name: x\n", "plugins", "c") == "name: x\nplugins: [c]\n");
  CHECK(pack::append_list_item("name: x", "plugins", "c") == "name: x\nplugins: [c]\n");
  CHECK(pack::append_list_item("plugins:  # none yet\nname: x\n", "plugins", "c") ==
        "plugins: [c]  # none yet\nname: x\n");
  // Not a list: left alone, for the caller's validation to refuse.
  CHECK(pack::append_list_item("plugins: a\n", "plugins", "c") == "plugins: a\n");
}

TEST_CASE("pack manifest edit: a plugin joins plugins and its suite joins suites") {
  const std::string flow = kHead + "plugins: [one, two]\nsuites: [suites/all.yaml]\n";
  const std::string out = add(flow);
  CHECK(out == kHead + "plugins: [one, two, extra]\nsuites: [suites/all.yaml, extra/suite.yaml]\n");
  auto m = pack::parse_manifest(out, "p/pack.yaml");
  CHECK(m.plugins == std::vector<std::string>{"one", "two", "extra"});
  CHECK(m.suites == std::vector<std::string>{"suites/all.yaml", "extra/suite.yaml"});

  const std::string block = kHead + "plugins:\n  - one\nsuites:\n  - s.yaml\ndocs: [d]\n";
  CHECK(add(block) ==
        kHead +
            "plugins:\n  - one\n  - extra\nsuites:\n  - s.yaml\n  - extra/suite.yaml\ndocs: [d]\n");
  // No suites yet: the key is added; no suite given: suites stays as it is.
  CHECK(add(kHead + "plugins: [one]\n") ==
        kHead + "plugins: [one, extra]\nsuites: [extra/suite.yaml]\n");
  CHECK(add(kHead + "plugins: [one]\n", "extra", "") == kHead + "plugins: [one, extra]\n");
}

TEST_CASE("pack manifest edit: a pack.yaml with no plugins key gets one") {
  const std::string out = add(kHead);
  CHECK(out == kHead + "plugins: [extra]\nsuites: [extra/suite.yaml]\n");
  CHECK(pack::parse_manifest(out, "p/pack.yaml").plugins == std::vector<std::string>{"extra"});
}

TEST_CASE("pack manifest edit: refusals name the file and the reason") {
  CHECK(refusal(kHead + "plugins: [one, extra]\n") ==
        "p/pack.yaml: plugin 'extra' is already in its plugins list");
  CHECK(refusal(kHead + "plugins:\n  - extra\n") ==
        "p/pack.yaml: plugin 'extra' is already in its plugins list");
  // Already invalid, and not for want of a plugin: the original's own error.
  CHECK_THAT(refusal("name: tools\nversion: one\nsdk: \"*\"\n"),
             Contains("p/pack.yaml:2:10: version must be MAJOR.MINOR.PATCH"));
  CHECK_THAT(refusal(kHead + "plugins: [a\n"),
             Contains("p/pack.yaml:") && Contains("invalid YAML"));
  CHECK_THAT(refusal(kHead + "plugins: not-a-list\n"), Contains("'plugins' must be a list"));
  // Valid, but the edit cannot extend a list written this way.
  CHECK_THAT(refusal(kHead + "plugins:\n  -\n    one\n"),
             Contains("p/pack.yaml: cannot add plugin 'extra' to it") && Contains("by hand"));
}

TEST_CASE("pack manifest edit: a name YAML reads as null is quoted") {
  CHECK(add(kHead + "plugins: [one]\n", "null", "") == kHead + "plugins: [one, \"null\"]\n");
}

// The textual cut of a top-level block list (config/list_split): chunks of
// whole lines that parse by themselves, the rest keeping every line in place,
// and no cut wherever the shape is in doubt.
#include <catch2/catch.hpp>
#include <string>

#include "config/list_split.hpp"

using fcbench::config::split_top_list;

namespace {

std::string chunk_text(const std::string& text, const fcbench::config::ListSplit::Chunk& c) {
  return text.substr(c.begin, c.end - c.begin);
}

}  // namespace

TEST_CASE("list split: chunks of whole item lines, the rest with the list's lines left empty",
          "[unit][config]") {
  const std::string text =
      "name: x\n"
      "benchmarks:   # the list\n"
      "  # first\n"
      "  - plugin: a\n"
      "    params: {n: 1}\n"
      "  - plugin: b\n"
      "    params:\n"
      "      n: [1, 2]\n"
      "\n"
      "  - - nested\n"
      "    - list\n"
      "host: {smt: off}\n";
  auto s = split_top_list(text, "benchmarks", 2);
  REQUIRE(s);
  CHECK(s->key_line == 1);
  REQUIRE(s->chunks.size() == 2);
  CHECK(chunk_text(text, s->chunks[0]) ==
        "  - plugin: a\n    params: {n: 1}\n  - plugin: b\n    params:\n      n: [1, 2]\n\n");
  CHECK(s->chunks[0].line == 3);
  CHECK(chunk_text(text, s->chunks[1]) == "  - - nested\n    - list\n");
  CHECK(s->chunks[1].line == 9);
  CHECK(s->rest ==
        "name: x\nbenchmarks:   # the list\n  # first\n\n\n\n\n\n\n\n\nhost: {smt: off}\n");
}

TEST_CASE("list split: a list at column 0 ends at the next key and the last chunk at the text's end",
          "[unit][config]") {
  const std::string text = "benchmarks:\n- a\n- b\n- c\nname: x\n";
  auto s = split_top_list(text, "benchmarks", 2);
  REQUIRE(s);
  REQUIRE(s->chunks.size() == 2);
  CHECK(chunk_text(text, s->chunks[0]) == "- a\n- b\n");
  CHECK(chunk_text(text, s->chunks[1]) == "- c\n");
  CHECK(s->rest == "benchmarks:\n\n\n\nname: x\n");

  const std::string last = "name: x\nbenchmarks:\n  - a\n  - b";
  auto t = split_top_list(last, "benchmarks", 10);
  REQUIRE(t);
  REQUIRE(t->chunks.size() == 1);
  CHECK(chunk_text(last, t->chunks[0]) == "  - a\n  - b");
  CHECK(t->rest == "name: x\nbenchmarks:\n\n");
}

TEST_CASE("list split: no cut where the shape is in doubt", "[unit][config]") {
  CHECK_FALSE(split_top_list("benchmarks: [a, b]\n", "benchmarks", 2));  // flow list
  CHECK_FALSE(split_top_list("benchmarks:\n  [a, b]\n", "benchmarks", 2));
  CHECK_FALSE(split_top_list("benchmarks:\n\t- a\n", "benchmarks", 2));  // a tab
  CHECK_FALSE(split_top_list("benchmarks:\n  - a\nbenchmarks:\n  - b\n", "benchmarks", 2));
  CHECK_FALSE(split_top_list("name: x\n", "benchmarks", 2));
  CHECK_FALSE(split_top_list("benchmarks:\nname: x\n", "benchmarks", 2));  // no items
  CHECK_FALSE(split_top_list("benchmarksx:\n  - a\n", "benchmarks", 2));
  CHECK_FALSE(split_top_list("  benchmarks:\n  - a\n", "benchmarks", 2));  // not at column 0
  CHECK_FALSE(split_top_list("benchmarks: &list\n  - a\n", "benchmarks", 2));
  CHECK_FALSE(split_top_list("benchmarks:\n  -a\n", "benchmarks", 2));  // a scalar "-a"
}

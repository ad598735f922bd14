#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "util/text.hpp"

using fcbench::indent_continuation;

TEST_CASE("text: continuation lines are indented, trailing newlines dropped") {
  CHECK(indent_continuation("one line", "    ") == "one line");
  CHECK(indent_continuation("parse failed:\nstod\n\n", "  | ") == "parse failed:\n  | stod");
  CHECK(indent_continuation("", "  ") == "");
}

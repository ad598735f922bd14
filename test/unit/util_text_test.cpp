#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "util/text.hpp"

using fcbench::indent_continuation;

TEST_CASE("text: continuation lines are indented, trailing newlines dropped") {
  CHECK(indent_continuation("one line", "    ") == "one line");
  CHECK(indent_continuation("parse failed:\nstod\n\n", "  | ") == "parse failed:\n  | stod");
  CHECK(indent_continuation("", "  ") == "");
}

TEST_CASE("text: the first byte that is not well-formed UTF-8, and its line:col") {
  using fcbench::invalid_utf8_at;
  const size_t npos = std::string_view::npos;
  CHECK(invalid_utf8_at("plain ascii") == npos);
  CHECK(invalid_utf8_at("gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80") == npos);
  CHECK(invalid_utf8_at("ab\xff") == 2);
  CHECK(invalid_utf8_at("a\xc3") == 1);             // truncated
  CHECK(invalid_utf8_at("\xc0\xaf") == 0);          // overlong '/'
  CHECK(invalid_utf8_at("x\xed\xa0\x80") == 1);     // a surrogate
  CHECK(invalid_utf8_at("\xf4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(invalid_utf8_at("\xe2\x82x") == 0);         // a bad continuation byte
  CHECK(fcbench::line_col("ab\ncd\nef", 4) == "2:2");
  CHECK(fcbench::line_col("abc", 0) == "1:1");
}

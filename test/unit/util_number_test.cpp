// util/number: the one definition of a valid number.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "util/number.hpp"

using fcbench::parse_number;

TEST_CASE("parse_number: whole-string integers", "[unit][util][number]") {
  CHECK(parse_number<int64_t>("0") == 0);
  CHECK(parse_number<int64_t>("42") == 42);
  CHECK(parse_number<int64_t>("-7") == -7);
  CHECK(parse_number<int64_t>("007") == 7);
  CHECK(parse_number<int64_t>("+0100") == 100);
  CHECK(parse_number<uint64_t>("+5") == 5);
  CHECK(parse_number<int>("2147483647") == std::numeric_limits<int>::max());
  CHECK(parse_number<uint64_t>("18446744073709551615") == std::numeric_limits<uint64_t>::max());
}

TEST_CASE("parse_number: junk, whitespace and stray signs are refused", "[unit][util][number]") {
  for (const char* bad : {"", " ", "1 ", " 1", "1\n", "+", "-", "+-1", "++1", "-+1", "1x", "x1",
                          "0x10", "1.5", "1e3", "--1", "- 1", "+ 1", "1,000"}) {
    INFO(bad);
    CHECK_FALSE(parse_number<int64_t>(bad));
  }
  CHECK_FALSE(parse_number<uint64_t>("-1"));
  CHECK_FALSE(parse_number<uint64_t>("-0"));
  CHECK_FALSE(parse_number<unsigned>("+-3"));
}

TEST_CASE("parse_number: out of the type's range is refused", "[unit][util][number]") {
  CHECK_FALSE(parse_number<int>("2147483648"));
  CHECK_FALSE(parse_number<int64_t>("9223372036854775808"));
  CHECK(parse_number<int64_t>("-9223372036854775808") == std::numeric_limits<int64_t>::min());
  CHECK_FALSE(parse_number<uint64_t>("18446744073709551616"));
  CHECK_FALSE(parse_number<unsigned>("4294967296"));
  CHECK_FALSE(parse_number<double>("1e400"));
  CHECK_FALSE(parse_number<double>("-1e400"));
}

TEST_CASE("parse_number: doubles take fractions and exponents, not inf or nan",
          "[unit][util][number]") {
  CHECK(parse_number<double>("1.5") == 1.5);
  CHECK(parse_number<double>("-0.25") == -0.25);
  CHECK(parse_number<double>("1e-3") == 0.001);
  CHECK(parse_number<double>("2E2") == 200.0);
  CHECK(parse_number<double>("10") == 10.0);
  CHECK(parse_number<double>(".5") == 0.5);
  CHECK(parse_number<double>("+1.5") == 1.5);
  for (const char* bad : {"", "inf", "-inf", "+inf", "infinity", "nan", "NaN", "0x1p3", " 1.5",
                          "1.5 ", "+-1.5", "1.5s", "1e", "e3", "."}) {
    INFO(bad);
    CHECK_FALSE(parse_number<double>(bad));
  }
}

TEST_CASE("parse_number: caller range", "[unit][util][number]") {
  CHECK(parse_number<int64_t>("5", 1, 10) == 5);
  CHECK(parse_number<int64_t>("1", 1, 10) == 1);
  CHECK(parse_number<int64_t>("10", 1, 10) == 10);
  CHECK_FALSE(parse_number<int64_t>("0", 1, 10));
  CHECK_FALSE(parse_number<int64_t>("11", 1, 10));
  CHECK_FALSE(parse_number<int64_t>("x", 1, 10));
  CHECK(parse_number<double>("0", 0.0, 1.0) == 0.0);
  CHECK_FALSE(parse_number<double>("-0.1", 0.0, 1.0));
}

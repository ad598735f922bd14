// util/json: integers out of JSON values, range-checked, since
// nlohmann's get<T>() converts a float out of T's range with undefined
// behaviour and wraps an integer out of it.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "util/json.hpp"

using Catch::Matchers::Contains;
using fcbench::json_integer;
using fcbench::json_integer_as;
using nlohmann::json;

TEST_CASE("json_integer: integers within the type's range", "[unit][util][json]") {
  CHECK(json_integer<int>(json(42)) == 42);
  CHECK(json_integer<int>(json(-7)) == -7);
  CHECK(json_integer<int>(json::parse("2147483647")) == std::numeric_limits<int>::max());
  CHECK(json_integer<int>(json::parse("-2147483648")) == std::numeric_limits<int>::min());
  CHECK(json_integer<uint64_t>(json::parse("18446744073709551615")) ==
        std::numeric_limits<uint64_t>::max());
  CHECK(json_integer<int64_t>(json::parse("-9223372036854775808")) ==
        std::numeric_limits<int64_t>::min());
  // A float with an integral value is that integer.
  CHECK(json_integer<int64_t>(json::parse("1e9")) == 1000000000);
  CHECK(json_integer<uint32_t>(json::parse("3.0")) == 3);
  CHECK(json_integer<int64_t>(json::parse("-9.223372036854775808e18")) ==
        std::numeric_limits<int64_t>::min());
}

TEST_CASE("json_integer: out of range, fractions and non-numbers are refused",
          "[unit][util][json]") {
  // The fuzz findings: floats far out of range (UB in get<T>()).
  CHECK_FALSE(json_integer<int64_t>(json::parse("4e+54")));
  CHECK_FALSE(json_integer<unsigned>(json::parse("2.6e+79")));
  CHECK_FALSE(json_integer<int>(json::parse("4.4e+30")));
  CHECK_FALSE(json_integer<int>(json::parse("-4.4e+30")));
  // Just past the bounds: 2^63 is the first double above INT64_MAX.
  CHECK_FALSE(json_integer<int64_t>(json::parse("9.223372036854775808e18")));
  CHECK_FALSE(json_integer<uint64_t>(json::parse("1.8446744073709551616e19")));
  CHECK_FALSE(json_integer<uint32_t>(json::parse("4294967296")));
  CHECK_FALSE(json_integer<uint32_t>(json::parse("-1")));
  CHECK_FALSE(json_integer<uint32_t>(json::parse("-1.0")));
  CHECK_FALSE(json_integer<int>(json::parse("2147483648")));
  CHECK_FALSE(json_integer<int64_t>(json::parse("18446744073709551615")));
  CHECK_FALSE(json_integer<int>(json::parse("1.5")));
  CHECK_FALSE(json_integer<int>(json(std::numeric_limits<double>::infinity())));
  CHECK_FALSE(json_integer<int>(json(std::numeric_limits<double>::quiet_NaN())));
  CHECK_FALSE(json_integer<int>(json("3")));
  CHECK_FALSE(json_integer<int>(json(true)));
  CHECK_FALSE(json_integer<int>(json()));
}

TEST_CASE("json_integer_as: a refused value is an error naming the field and the range",
          "[unit][util][json]") {
  CHECK(json_integer_as<unsigned>(json(5), "vcpus") == 5);
  CHECK_THROWS_MATCHES(
      json_integer_as<unsigned>(json::parse("2.6e+79"), "repetition"), std::invalid_argument,
      Catch::Matchers::Message("repetition: 2.6e+79 is not an integer in [0, 4294967295]"));
  // A long value is cut short in the message.
  CHECK_THROWS_WITH(json_integer_as<int>(json(std::string(100, 'x')), "n"),
                    Contains("n: \"xxx") && Contains("...") && !Contains(std::string(40, 'x')));
}

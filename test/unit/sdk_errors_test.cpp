// sdk/detail/errors.hpp: what an exception thrown by plugin code becomes at
// the C boundary.
#include <catch2/catch.hpp>
#include <fcbench/plugin.hpp>
#include <stdexcept>
#include <string>

#include "../fixtures/test_support.hpp"

using fcbench::sdk::detail::capture_error;

namespace {

// The error string capture_error leaves for f(); "" if f() did not throw.
template <class F>
std::string error_of(F&& f) {
  std::string error = "stale";
  int rc = capture_error(error, f);
  CHECK(rc == (error.empty() ? 0 : 1));
  return error;
}

struct CustomFailure : std::exception {
  const char* what() const noexcept override { return "custom"; }
};

}  // namespace

TEST_CASE("sdk: an sdk::Error's message crosses the boundary as it is", "[unit][sdk]") {
  CHECK(error_of([] { throw fcbench::sdk::Error("prime count mismatch"); }) ==
        "prime count mismatch");
  CHECK(error_of([] { throw fcbench::sdk::Error(""); }) == "plugin error");
  CHECK(error_of([] {}).empty());
}

TEST_CASE("sdk: any other exception's message gets its type", "[unit][sdk]") {
  CHECK(error_of([] { (void)std::stod("x"); }) == "std::invalid_argument: stod");
  CHECK(error_of([] { throw std::runtime_error("bad"); }) == "std::runtime_error: bad");
  CHECK(error_of([] { throw CustomFailure(); }) == "(anonymous namespace)::CustomFailure: custom");
  CHECK(error_of([] { throw std::exception(); }) == "std::exception");
  CHECK(error_of([] { throw 42; }) == "an exception not derived from std::exception");
}

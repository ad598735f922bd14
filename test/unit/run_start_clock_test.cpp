// run/start_clock: the common start (--start-at) and its mapping onto the
// monotonic clock.
#include <catch2/catch.hpp>

#include "run/start_clock.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

using fcbench::run::decide_start;
using K = fcbench::run::StartDecision::Kind;

TEST_CASE("start clock: wait until the instant, refuse or start once it has passed",
          "[unit][start_clock]") {
  auto d = decide_start(1'000, 400, false);
  CHECK(d.kind == K::wait);
  CHECK(d.ns == 600);
  CHECK(decide_start(1'000, 1'000, false).kind == K::wait);  // exactly on time
  d = decide_start(1'000, 1'250, false);
  CHECK(d.kind == K::refuse);
  CHECK(d.ns == 250);
  d = decide_start(1'000, 1'250, true);
  CHECK(d.kind == K::start_late);
  CHECK(d.ns == 250);
}

TEST_CASE("start clock: a wall instant maps onto the monotonic clock by one pairing",
          "[unit][start_clock]") {
  // Paired reading: wall 10'000 at mono 500. The instant 9'800 was 200 ns
  // earlier on both clocks; 10'300 is 300 ns later.
  CHECK(fcbench::run::mono_at(9'800, 10'000, 500) == 300);
  CHECK(fcbench::run::mono_at(10'300, 10'000, 500) == 800);
  const auto z = fcbench::run::zero_now();
  CHECK(z.mono_ns > 0);
  CHECK(z.wall_ns > 1'700'000'000'000'000'000);  // after 2023
}

TEST_CASE("start clock: a passed --start-at refuses with how late, unless --late-ok",
          "[unit][start_clock]") {
  const auto past = fcbench::run::zero_now().wall_ns - 5'000'000'000;
  try {
    fcbench::run::await_start(past, false, nullptr);
    FAIL("no error");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), Catch::Contains("passed 5.") && Catch::Contains("--late-ok"));
  }
  const auto before = fcbench::now_ns();
  const auto z = fcbench::run::await_start(past, true, nullptr);
  CHECK(z.mono_ns >= before);  // the zero is now, not the past instant
  CHECK(z.wall_ns > past);
}

TEST_CASE("start clock: waiting for a near instant makes that instant the zero",
          "[unit][start_clock]") {
  const auto now = fcbench::run::zero_now();
  const int64_t target = now.wall_ns + 50'000'000;  // 50 ms ahead
  const auto z = fcbench::run::await_start(target, false, nullptr);
  CHECK(z.wall_ns == target);
  // The mapped zero lies 50 ms after the first reading on the monotonic
  // clock too (within what a wall-clock step by NTP could move it).
  CHECK(std::llabs((z.mono_ns - now.mono_ns) - 50'000'000) < 5'000'000);
  CHECK(fcbench::now_ns() >= z.mono_ns);  // it did wait
}

TEST_CASE("start clock: an interrupt ends the wait at once", "[unit][start_clock]") {
  std::atomic<bool> stop{true};
  const auto before = fcbench::now_ns();
  fcbench::run::await_start(fcbench::run::zero_now().wall_ns + 60'000'000'000, false, &stop);
  CHECK(fcbench::now_ns() - before < 1'000'000'000);
}

TEST_CASE("start clock: --start-at takes epoch ns or UTC ISO 8601", "[unit][start_clock]") {
  using fcbench::run::parse_start_at;
  CHECK(parse_start_at("1795639801123456789") == 1795639801123456789LL);
  CHECK(parse_start_at("2026-11-25T20:50:01.123456789Z") == 1795639801123456789LL);
  CHECK(fcbench::run::wall_iso(1795639801123456789LL) == "2026-11-25T20:50:01.123456789Z");
  for (const char* bad : {"1795639801", "1795639801123", "99999999999999999999", "soon",
                          "2026-11-25T20:50:01+01:00", ""}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_start_at(bad), fcbench::UserError);
  }
  try {
    parse_start_at("1795639801");
  } catch (const fcbench::UserError& e) {
    CHECK_THAT(e.what(), Catch::Contains("looks like seconds"));
  }
}

TEST_CASE("start clock: the clock's sync state is reported", "[unit][start_clock]") {
  const auto j = fcbench::run::clock_sync();
  REQUIRE(j.contains("synchronised"));
  CHECK(j["synchronised"].is_boolean());
}

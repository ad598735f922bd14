// Resource limits: the raise-or-fail decision, and ensure_limits() on this host.
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "run/limits.hpp"
#include "util/error.hpp"

using Catch::Matchers::Contains;
using fcbench::run::decide_limit;
using fcbench::run::ensure_limits;
using fcbench::run::LimitState;

namespace {
auto nofile(LimitState s, uint64_t need) {
  return decide_limit("open files", "-n", "LimitNOFILE", "nofile", s, need);
}
}  // namespace

TEST_CASE("limits: soft limit already enough", "[unit][limits]") {
  auto d = nofile({1024, 4096}, 1024);
  CHECK(d.ok);
  CHECK_FALSE(d.raise);
  CHECK(d.new_soft == 1024);
  CHECK(d.message.empty());
}

TEST_CASE("limits: raise the soft limit up to the hard limit", "[unit][limits]") {
  auto d = nofile({1024, 1048576}, 4096);
  CHECK(d.ok);
  CHECK(d.raise);
  CHECK(d.new_soft == 4096);
  CHECK(d.message == "raised the open files soft limit from 1024 to 4096 (hard limit 1048576)");
  auto e = nofile({1024, 4096}, 4096);  // exactly the hard limit
  CHECK(e.ok);
  CHECK(e.raise);
}

TEST_CASE("limits: hard limit too low", "[unit][limits]") {
  auto d = nofile({1024, 4096}, 5000);
  CHECK_FALSE(d.ok);
  CHECK_FALSE(d.raise);
  CHECK_THAT(d.message, Contains("5000 open files"));
  CHECK_THAT(d.message, Contains("hard limit is 4096"));
  CHECK_THAT(d.message, Contains("soft limit 1024"));
  CHECK_THAT(d.message, Contains("ulimit -n 5000"));
  CHECK_THAT(d.message, Contains("LimitNOFILE=5000"));
  CHECK_THAT(d.message, Contains("nofile"));
  CHECK_THAT(d.message, Contains("/etc/security/limits.conf"));
  CHECK_THAT(d.message, Contains("--max-concurrent"));

  auto p = decide_limit("processes", "-u", "LimitNPROC", "nproc", {100, 200}, 300);
  CHECK_FALSE(p.ok);
  CHECK_THAT(p.message, Contains("ulimit -u 300"));
  CHECK_THAT(p.message, Contains("LimitNPROC=300"));
}

TEST_CASE("limits: infinity", "[unit][limits]") {
  auto d = nofile({UINT64_MAX, UINT64_MAX}, 1u << 30);
  CHECK(d.ok);
  CHECK_FALSE(d.raise);
  auto r = nofile({1024, UINT64_MAX}, 1u << 20);
  CHECK(r.ok);
  CHECK(r.raise);
  CHECK(r.new_soft == 1u << 20);
  CHECK_THAT(r.message, Contains("hard limit unlimited"));
}

TEST_CASE("limits: ensure_limits with a tiny need", "[unit][limits]") {
  auto report = ensure_limits({8, 1});
  CHECK(report.notes.empty());
}

TEST_CASE("limits: ensure_limits above the hard open-file limit", "[unit][limits]") {
  rlimit rl{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &rl) == 0);
  if (rl.rlim_max == RLIM_INFINITY) {
    WARN("hard RLIMIT_NOFILE is unlimited; skipped");
    return;
  }
  try {
    ensure_limits({uint64_t(rl.rlim_max) + 1, 0});
    FAIL("no error");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(std::string(e.what()), Contains("ulimit -n " + std::to_string(rl.rlim_max + 1)));
  }
  rlimit after{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &after) == 0);
  CHECK(after.rlim_cur == rl.rlim_cur);  // nothing was changed
}

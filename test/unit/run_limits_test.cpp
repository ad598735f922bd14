// Resource limits: the raise-or-fail decision, and ensure_limits() on this host.
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

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

TEST_CASE("limits: the peak is the most arrivals within one window, at most the cap",
          "[unit][limits]") {
  using fcbench::run::peak_instances;
  const int64_t s = 1'000'000'000;
  const std::vector<int64_t> arrivals = {0, 1 * s, 2 * s, 10 * s, 10 * s, 10 * s, 11 * s, 30 * s};
  CHECK(peak_instances(arrivals, 5 * s, 0) == 4);   // 10, 10, 10, 11
  CHECK(peak_instances(arrivals, 60 * s, 0) == 8);  // all may overlap
  CHECK(peak_instances(arrivals, 1 * s, 0) == 3);   // three at 10 s
  CHECK(peak_instances(arrivals, 60 * s, 2) == 2);  // the cap bounds it
  CHECK(peak_instances(arrivals, 5 * s, 50) == 4);
  CHECK(peak_instances({}, 5 * s, 0) == 0);
  // A window of exactly the gap does not overlap the two.
  CHECK(peak_instances({0, 5 * s}, 5 * s, 0) == 1);
}

TEST_CASE("limits: what instances need, and the totals at the peak", "[unit][limits]") {
  using namespace fcbench::run;
  auto vm = instance_needs(true, 2), native = instance_needs(false, 2);
  CHECK(vm.open_files == 4);
  CHECK(vm.processes == 10);  // 2 vCPUs + 8 VMM threads
  CHECK(native.open_files == 3);
  CHECK(native.processes == 1);
  auto each = max_needs(native, instance_needs(true, 1));
  CHECK(each.open_files == 4);
  CHECK(each.processes == 9);
  auto total = limit_needs(each, 100, 10);
  CHECK(total.open_files == 10 + 64 + 400);
  CHECK(total.processes == 900);
  CHECK(open_fds() >= 3);  // stdin, stdout, stderr at least
}

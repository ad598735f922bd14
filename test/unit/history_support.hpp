// Shared by the history_*_test.cpp files: hand-made group statistics and run
// facts to register, and a helper that expects a UserError with its code.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>

#include "analysis/group_stats.hpp"
#include "history/store.hpp"
#include "util/error.hpp"

namespace fcbench::test {

// A group of `metric` for `benchmark` whose numbers derive from `base`, so
// each field differs from the others and a swap of two columns shows.
inline analysis::GroupStats make_group(const std::string& benchmark, const std::string& metric,
                                       double base, size_t n = 10) {
  analysis::GroupStats g;
  g.key = {benchmark, "prime", R"({"n":1000})", "qemu", "tcg", metric};
  g.unit = "ms";
  g.higher_is_better = metric == "rate";
  g.n = n;
  g.mean = base + 0.1;
  g.sd = base / 10 + 0.01;
  g.cv = g.sd / g.mean;
  g.median = base + 0.2;
  g.min = base - 5.5;
  g.max = base + 7.25;
  g.p5 = base - 5;
  g.p25 = base - 1.5;
  g.p75 = base + 1.5;
  g.p95 = base + 5;
  g.p99 = base + 7;
  if (n >= 2) {
    g.ci95_mean = analysis::Interval{base - 0.75, base + 0.95};
    g.ci95_median = analysis::Interval{base - 1.25, base + 1.625};
  }
  g.outliers = {"0007-" + benchmark + "-r3"};
  return g;
}

inline history::RunInfo make_run(const std::filesystem::path& dir, const std::string& suite = "s",
                                 const std::string& started = "2026-01-02T03:04:05.678Z") {
  history::RunInfo r;
  r.dir = dir;
  r.suite = suite;
  r.started_at = started;
  r.env_id = "9e0a" + std::string(60, 'b');
  r.git_commit = "0123456789abcdef0123456789abcdef01234567";
  r.vmm = "qemu";
  r.accel = "tcg";
  r.records = 12;
  return r;
}

// Runs `f`, which must throw a UserError with exit code `code`; returns its text.
template <class F>
std::string user_error(F&& f, int code = 2) {
  try {
    f();
  } catch (const UserError& e) {
    CHECK(e.exit_code == code);
    return e.what();
  }
  FAIL("no UserError thrown");
  return "";
}

// Two doubles equal, NaN equal to NaN.
inline bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace fcbench::test

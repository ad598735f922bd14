// history/view: the tables `history list` and `history show` print.
#include <catch2/catch.hpp>
#include <limits>

#include "history/view.hpp"
#include "history_support.hpp"

namespace history = fcbench::history;
using fcbench::test::make_group;
using fcbench::test::make_run;

TEST_CASE("history view: list marks a missing directory and aligns columns", "[unit][history]") {
  history::RunEntry a{12, make_run("/res/here", "hello-demo"), "r", 0, 2, true};
  history::RunEntry b{3, make_run("/res/gone", "a-much-longer-suite-name"), "r", 0, 0, false};
  b.info.accel = "kvm";
  const std::string out = history::format_list({a, b});
  CHECK(out ==
        "ID  STARTED                   SUITE                     VMM/ACCEL  RECORDS  DIR\n"
        "12  2026-01-02T03:04:05.678Z  hello-demo                qemu/tcg   12       /res/here\n"
        "3   2026-01-02T03:04:05.678Z  a-much-longer-suite-name  qemu/kvm   12       /res/gone  "
        "(missing)\n");
}

TEST_CASE("history view: show prints the facts and a row per group, no CI when n < 2",
          "[unit][history]") {
  history::RunEntry e{5, make_run("/res/gone"), "2026-01-02T04:00:00.000Z", 0, 2, false};
  auto g1 = make_group("prime[n=1000]", "runtime", 100);
  auto g2 = make_group("boot", "vm.end_to_end", 3041.25, 1);
  g2.cv = std::numeric_limits<double>::quiet_NaN();
  const std::string out = history::format_show(e, {g1, g2});
  INFO(out);
  CHECK_THAT(out, Catch::Contains("run         5\n"));
  CHECK_THAT(out, Catch::Contains("directory   /res/gone  (missing: moved or deleted)\n"));
  CHECK_THAT(out, Catch::Contains("vmm/accel   qemu/tcg emulated (TCG)\n"));
  CHECK_THAT(out, Catch::Contains("git commit  0123456789abcdef0123456789abcdef01234567\n"));
  CHECK_THAT(out, Catch::StartsWith("run "));
  // g1: mean 100.1, median 100.2, cv 10.01/100.1 = 10.0 %, p95 105, CIs from make_group.
  CHECK_THAT(out, Catch::Matches(
                      "(.|\n)*prime\\[n=1000\\] +runtime +qemu/tcg +10 +100\\.1 "
                      "+100\\.2 +10\\.0% +105 +\\[99\\.25, 100\\.95\\] +\\[98\\.75, 101\\.625\\] "
                      "+ms\n(.|\n)*"));
  // g2: n = 1, so no interval (never a ±0 one), and no CV.
  CHECK_THAT(out, Catch::Matches("(.|\n)*boot +vm\\.end_to_end +qemu/tcg +1 "
                                 "+3041\\.35 +3041\\.45 +- +3046\\.25 +- +- +ms\n"
                                 "tcg: emulated \\(TCG\\).*\n"));
}

TEST_CASE("history view: numbers keep 6 significant digits without exponents", "[unit][history]") {
  CHECK(history::format_value(0) == "0");
  CHECK(history::format_value(12.091) == "12.091");
  CHECK(history::format_value(1234.56789) == "1234.57");
  CHECK(history::format_value(0.0123456789) == "0.0123457");
  CHECK(history::format_value(3041363683) == "3.04136e+09");
  CHECK(history::format_value(-2.5) == "-2.5");
  CHECK(history::format_value(1e-7) == "1e-07");
}

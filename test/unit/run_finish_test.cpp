// run/finish: the exit code a run ends with.
#include <catch2/catch.hpp>

#include "run/finish.hpp"

namespace {

fcbench::run::RunOutcome outcome(std::vector<std::string> statuses, bool interrupted = false) {
  fcbench::run::RunOutcome o{fcbench::run::RunResults(fcbench::run::Plan{}, nullptr)};
  for (auto& s : statuses) {
    fcbench::results::Record r;
    r.status = *fcbench::results::status_from_string(s);
    o.kept.add(r);
  }
  o.schedule.interrupted = interrupted;
  return o;
}

}  // namespace

TEST_CASE("exit code: 0 all ok, 1 any not ok, 130 interrupted", "[unit][finish]") {
  using fcbench::run::exit_code;
  CHECK(exit_code(outcome({"ok", "ok"})) == 0);
  CHECK(exit_code(outcome({})) == 0);
  CHECK(exit_code(outcome({"ok", "failed"})) == 1);
  CHECK(exit_code(outcome({"timeout"})) == 1);
  CHECK(exit_code(outcome({"ok", "not_started"}, true)) == 130);
  CHECK(exit_code(outcome({"ok"}, true)) == 130);
}

TEST_CASE("exit code: 1 when the results could not all be written, even if all ran ok",
          "[unit][finish]") {
  using fcbench::run::exit_code;
  auto halted = outcome({"ok", "ok"});  // every instance had started: no not_started
  halted.schedule.halted = true;
  CHECK(exit_code(halted) == 1);
  auto lost = outcome({"ok"});
  lost.unwritten = 1;
  CHECK(exit_code(lost) == 1);
  halted.schedule.interrupted = true;  // Ctrl-C while it stopped
  CHECK(exit_code(halted) == 130);
}

// history/store: registering runs with their statistics and reading them
// back, field by field; re-registration; two processes registering at once.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "../fixtures/test_support.hpp"
#include "history/schema.hpp"
#include "history/store.hpp"
#include "history_support.hpp"

namespace fs = std::filesystem;
namespace history = fcbench::history;
using fcbench::test::make_group;
using fcbench::test::make_run;
using fcbench::test::same;

namespace {

void check_same(const fcbench::analysis::GroupStats& a, const fcbench::analysis::GroupStats& b) {
  CHECK(a.key == b.key);
  CHECK(a.unit == b.unit);
  CHECK(a.higher_is_better == b.higher_is_better);
  CHECK(a.n == b.n);
  const double av[] = {a.mean, a.sd,  a.cv,  a.median, a.min, a.max,
                       a.p5,   a.p25, a.p75, a.p95,    a.p99};
  const double bv[] = {b.mean, b.sd,  b.cv,  b.median, b.min, b.max,
                       b.p5,   b.p25, b.p75, b.p95,    b.p99};
  for (size_t i = 0; i < std::size(av); ++i) {
    INFO("field " << i);
    CHECK(same(av[i], bv[i]));
  }
  REQUIRE(a.ci95_mean.has_value() == b.ci95_mean.has_value());
  if (a.ci95_mean)
    CHECK((a.ci95_mean->lo == b.ci95_mean->lo && a.ci95_mean->hi == b.ci95_mean->hi));
  REQUIRE(a.ci95_median.has_value() == b.ci95_median.has_value());
  if (a.ci95_median)
    CHECK((a.ci95_median->lo == b.ci95_median->lo && a.ci95_median->hi == b.ci95_median->hi));
  CHECK(a.outliers == b.outliers);
}

}  // namespace

TEST_CASE("history store: a run and every field of its statistics come back as registered",
          "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "h.db";
  fs::create_directory(t / "run1");
  auto info = make_run(t / "run1/", "hello-demo");  // trailing slash: stored without
  auto g1 = make_group("prime[n=1000]", "runtime", 100);
  auto g2 = make_group("prime[n=1000]", "rate", 5000.125);
  auto g3 = make_group("boot", "vm.end_to_end", 3041.25, 1);  // n = 1: no CIs
  g3.key.params = "{}";
  g3.cv = std::numeric_limits<double>::quiet_NaN();
  g3.outliers = {};
  g2.max = std::numeric_limits<double>::infinity();
  const int64_t id = history::register_run(db, info, {g1, g2, g3});
  CHECK(id == 1);

  auto e = history::get(db, id);
  REQUIRE(e);
  CHECK(e->id == id);
  CHECK(e->info.dir == t.path() / "run1");
  CHECK(e->info.suite == "hello-demo");
  CHECK(e->info.started_at == "2026-01-02T03:04:05.678Z");
  CHECK(e->started_ns == 1767323045678000000LL);  // date -u -d 2026-01-02T03:04:05Z +%s
  CHECK(e->info.env_id == info.env_id);
  CHECK(e->info.git_commit == info.git_commit);
  CHECK(e->info.vmm == "qemu");
  CHECK(e->info.accel == "tcg");
  CHECK(e->info.records == 12);
  CHECK(e->info.source == "run");
  CHECK(e->groups == 3);
  CHECK(e->dir_exists);
  CHECK(e->registered_at.size() == 24);  // 2026-...T..:..:..mmmZ

  auto back = history::group_stats(db, id);
  REQUIRE(back.size() == 3);
  check_same(back[0], g1);
  check_same(back[1], g2);
  check_same(back[2], g3);
  CHECK(std::isnan(back[2].cv));
  CHECK_FALSE(back[2].ci95_mean);
  CHECK(back[1].higher_is_better);
}

TEST_CASE("history store: list is newest first, filtered by suite, limited", "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "h.db";
  CHECK(history::list(db).empty());  // no DB yet: an empty history, and none created
  CHECK(history::count_runs(db) == 0);
  CHECK_FALSE(fs::exists(db));
  for (int i = 1; i <= 5; ++i)
    history::register_run(db, make_run(t / ("r" + std::to_string(i)), i % 2 ? "odd" : "even"), {});
  auto all = history::list(db);
  REQUIRE(all.size() == 5);
  CHECK(all[0].id == 5);
  CHECK(all[4].id == 1);
  auto odd = history::list(db, "odd");
  REQUIRE(odd.size() == 3);
  CHECK((odd[0].id == 5 && odd[1].id == 3 && odd[2].id == 1));
  auto two = history::list(db, "", 2);
  REQUIRE(two.size() == 2);
  CHECK(two[1].id == 4);
  CHECK(history::list(db, "none").empty());
  CHECK(history::count_runs(db) == 5);
  // None of these directories exist: reported, not an error.
  CHECK_FALSE(all[0].dir_exists);
}

TEST_CASE("history store: registering a directory again replaces it under a new id",
          "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "h.db";
  const int64_t a = history::register_run(db, make_run(t / "r"), {make_group("b", "m", 1)});
  const int64_t b = history::register_run(db, make_run(t / "other"), {});
  auto again = make_run(t / "x/../r");  // the same directory, spelled otherwise
  again.records = 20;
  const int64_t c = history::register_run(db, again, {make_group("b", "m", 2)});
  CHECK(c > b);
  CHECK_FALSE(history::get(db, a));
  CHECK(history::group_stats(db, a).empty());  // its statistics went with it
  CHECK(history::count_runs(db) == 2);
  auto e = history::find_dir(db, t / "r");
  REQUIRE(e);
  CHECK(e->id == c);
  CHECK(e->info.records == 20);
  CHECK(history::group_stats(db, c).at(0).mean == 2.1);
}

TEST_CASE("history store: bad run facts are refused with exit 2 and nothing is stored",
          "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "h.db";
  auto r = make_run(t / "r");
  r.started_at = "yesterday";
  CHECK_THAT(fcbench::test::user_error([&] { history::register_run(db, r, {}); }),
             Catch::Contains("'yesterday'"));
  r = make_run(t / "r");
  r.source = "guess";
  CHECK_THAT(fcbench::test::user_error([&] { history::register_run(db, r, {}); }),
             Catch::Contains("'guess'"));
  r = make_run("");
  fcbench::test::user_error([&] { history::register_run(db, r, {}); });
  CHECK(history::count_runs(db) == 0);
}

namespace {

// Forks one child per name in `who`; each waits until all are forked, then
// registers `runs` runs (dirs "<who>-NN", suite "<who>") into `db`. Returns
// how many children exited 0; a child that failed printed why.
int register_at_once(const fs::path& db, const fs::path& dirs, const std::string& who, int runs) {
  int go[2];
  REQUIRE(::pipe(go) == 0);
  std::vector<pid_t> kids;
  for (char w : who) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(go[1]);
      char c;
      (void)!::read(go[0], &c, 1);  // start together: when the parent closes the pipe
      int rc = 0;
      try {
        for (int i = 0; i < runs; ++i) {
          auto r = make_run(dirs / fmt::format("{}-{:02}", w, i), std::string(1, w));
          history::register_run(db, r, {make_group("b", "m", i), make_group("b", "m2", i)});
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "child %c: %s\n", w, e.what());
        rc = 1;
      }
      std::fflush(nullptr);
      ::_exit(rc);
    }
    kids.push_back(pid);
  }
  ::close(go[0]);
  ::close(go[1]);
  int ok = 0;
  for (pid_t pid : kids) {
    int st = 0;
    REQUIRE(::waitpid(pid, &st, 0) == pid);
    ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
  }
  return ok;
}

}  // namespace

TEST_CASE("history store: two processes registering 50 runs each at once lose none",
          "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "deep/dir/h.db";  // neither the DB nor its directory exists yet
  constexpr int kRuns = 50;
  CHECK(register_at_once(db, t.path(), "ab", kRuns) == 2);
  auto runs = history::list(db);
  CHECK(runs.size() == 2 * kRuns);
  std::set<std::string> dirs;
  std::set<int64_t> ids;
  for (auto& r : runs) {
    dirs.insert(r.info.dir.filename());
    ids.insert(r.id);
    CHECK(r.groups == 2);
  }
  CHECK(dirs.size() == 2 * kRuns);
  CHECK(ids.size() == 2 * kRuns);
  CHECK(dirs.count("a-00") == 1);
  CHECK(dirs.count("b-49") == 1);
  CHECK(history::list(db, "a").size() == kRuns);
  CHECK(history::list(db, "b").size() == kRuns);
}

TEST_CASE("history store: processes creating the DB at the same moment all register",
          "[unit][history]") {
  // The race of two runs that finish at once on a host without a history
  // yet: each creates the file and switches it to WAL. Repeated, because
  // one round rarely hits the moment both hold a shared lock.
  fcbench::test::TempDir t;
  for (int round = 0; round < 40; ++round) {
    INFO("round " << round);
    const auto db = t / fmt::format("h{}.db", round);
    REQUIRE(register_at_once(db, t.path(), "abc", 1) == 3);
    CHECK(history::count_runs(db) == 3);
  }
}

// history/ref: REF as a run id, last, last~N or a directory; a ref naming
// nothing is exit 2 with the number of runs; a moved directory is reported.
#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "history/ref.hpp"
#include "history_support.hpp"

namespace fs = std::filesystem;
namespace history = fcbench::history;
using fcbench::test::make_run;
using fcbench::test::user_error;
using Kind = history::RefSpec::Kind;

TEST_CASE("history ref: parsing", "[unit][history]") {
  CHECK(history::parse_ref("last").kind == Kind::last);
  CHECK(history::parse_ref("last").back == 0);
  CHECK(history::parse_ref("last~3").back == 3);
  CHECK(history::parse_ref("last~0").back == 0);
  CHECK(history::parse_ref("17").kind == Kind::id);
  CHECK(history::parse_ref("17").id == 17);
  CHECK(history::parse_ref("results/a").kind == Kind::dir);
  CHECK(history::parse_ref("./17").kind == Kind::dir);
  CHECK(history::parse_ref("lastly").kind == Kind::dir);
  for (const char* bad : {"last~", "last~x", "last~-1", "last~1.5", "last~99999999999"})
    CHECK_THAT(user_error([&] { history::parse_ref(bad); }), Catch::Contains("last~N"));
  user_error([] { history::parse_ref(""); });
}

TEST_CASE("history ref: last, last~N and ids", "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "h.db";
  for (const char* d : {"a", "b", "c"}) {
    fs::create_directory(t / d);
    history::register_run(db, make_run(t / d), {});
  }
  CHECK(history::resolve(db, "last").info.dir == t / "c");
  CHECK(history::resolve(db, "last~0").id == 3);
  CHECK(history::resolve(db, "last~1").info.dir == t / "b");
  CHECK(history::resolve(db, "last~2").id == 1);
  CHECK(history::resolve(db, "2").info.dir == t / "b");
  auto msg = user_error([&] { history::resolve(db, "last~5"); });
  CHECK(msg == "no run 'last~5' in history DB " + db.string() + " (3 runs)");
  msg = user_error([&] { history::resolve(db, "9"); });
  CHECK(msg == "no run '9' in history DB " + db.string() + " (3 runs)");
  // An empty or absent history.
  msg = user_error([&] { history::resolve(t / "none.db", "last"); });
  CHECK_THAT(msg, Catch::Contains("(0 runs)"));
  CHECK_FALSE(fs::exists(t / "none.db"));
}

TEST_CASE("history ref: directories, registered or not", "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "h.db";
  fs::create_directories(t / "reg");
  fs::create_directories(t / "plain");
  const int64_t id = history::register_run(db, make_run(t / "reg"), {});
  // A registered directory resolves to its run, however it is spelled.
  CHECK(history::resolve(db, (t / "reg").string()).id == id);
  CHECK(history::resolve(db, (t / "plain/../reg/").string()).id == id);
  // A directory never registered resolves to itself, id 0.
  auto e = history::resolve(db, (t / "plain").string());
  CHECK(e.id == 0);
  CHECK(e.info.dir == t / "plain");
  CHECK(e.dir_exists);
  CHECK(history::resolve_dir(db, (t / "plain").string()) == t / "plain");
  // Relative to the working directory, as a user types it.
  {
    struct Cwd {
      fs::path old = fs::current_path();
      ~Cwd() { fs::current_path(old); }
    } cwd;
    fs::current_path(t.path());
    CHECK(history::resolve_dir(db, "plain") == t / "plain");
    CHECK(history::resolve(db, "reg").id == id);
    // A number that is no run id but names a directory is that directory.
    fs::create_directories(t / "42");
    CHECK(history::resolve(db, "42").info.dir == t / "42");
    CHECK(history::resolve(db, "1").id == 1);  // a run id first
  }
  auto msg = user_error([&] { history::resolve(db, (t / "nowhere").string()); });
  CHECK_THAT(msg, Catch::Contains("no run '" + (t / "nowhere").string() + "'") &&
                      Catch::Contains("(1 run)") && Catch::Contains("no directory"));
}

TEST_CASE("history ref: a moved directory is reported, and only resolve_dir refuses it",
          "[unit][history]") {
  fcbench::test::TempDir t;
  const auto db = t / "h.db";
  fs::create_directories(t / "old");
  history::register_run(db, make_run(t / "old"), {fcbench::test::make_group("b", "m", 1)});
  fs::rename(t / "old", t / "new");
  auto e = history::resolve(db, "last");
  CHECK(e.id == 1);
  CHECK_FALSE(e.dir_exists);
  CHECK(history::list(db).at(0).dir_exists == false);
  CHECK(history::group_stats(db, 1).size() == 1);  // the statistics are still there
  // The old path still names the run.
  CHECK(history::resolve(db, (t / "old").string()).id == 1);
  auto msg = user_error([&] { history::resolve_dir(db, "last"); });
  CHECK_THAT(msg, Catch::Contains((t / "old").string()) && Catch::Contains("moved or deleted"));
  // The default DB comes from FCBENCH_HISTORY.
  fcbench::test::ScopedEnv env("FCBENCH_HISTORY", db.c_str());
  fs::rename(t / "new", t / "old");
  CHECK(history::resolve_dir("last") == t / "old");
}

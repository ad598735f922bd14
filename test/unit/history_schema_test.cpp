// history/schema: opening the history DB: WAL, busy timeout, the schema and
// its version, a newer version or a non-database refused with exit code 2.
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "../fixtures/test_support.hpp"
#include "history/schema.hpp"
#include "history_support.hpp"
#include "util/fs.hpp"

namespace fs = std::filesystem;
using namespace fcbench::history;

namespace {
std::string pragma_text(Db& db) {
  auto s = db.prepare("PRAGMA journal_mode");
  REQUIRE(s.step());
  return s.text(0);
}
int64_t user_version(Db& db) {
  auto s = db.prepare("PRAGMA user_version");
  REQUIRE(s.step());
  return s.int64(0);
}
}  // namespace

TEST_CASE("history schema: a new DB is WAL, versioned, in 0700 directories", "[unit][history]") {
  fcbench::test::TempDir t;
  const auto file = t / "data/fcbench/history.db";
  Db db = open_history(file);
  CHECK(pragma_text(db) == "wal");
  CHECK(user_version(db) == kSchemaVersion);
  struct stat st {};
  REQUIRE(::stat((t / "data/fcbench").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0700);
  // Both tables exist and are empty.
  auto s = db.prepare(
      "SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM group_stats), "
      "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', "
      "'group_stats'))");
  REQUIRE(s.step());
  CHECK(s.int64(0) == 0);
  CHECK(s.int64(1) == 0);
  CHECK(s.int64(2) == 2);
}

TEST_CASE("history schema: a writer waits out another's lock (busy timeout)", "[unit][history]") {
  fcbench::test::TempDir t;
  Db a = open_history(t / "h.db");
  std::atomic<bool> locked{false};
  std::thread holder([&] {
    Transaction hold(a);
    locked = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    hold.commit();
  });
  while (!locked) std::this_thread::yield();
  Db b = open_history(t / "h.db");
  const auto start = std::chrono::steady_clock::now();
  std::string error;
  try {
    Transaction tb(b);  // waits for a's COMMIT instead of failing with SQLITE_BUSY
    tb.commit();
  } catch (const std::exception& e) {
    error = e.what();
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  holder.join();
  CHECK(error == "");
  CHECK(waited >= std::chrono::milliseconds(300));
  // Without a busy timeout the same wait fails at once.
  Transaction hold(a);
  sqlite3_busy_timeout(b.handle(), 0);
  auto msg = fcbench::test::user_error([&] { Transaction tb(b); }, 1);
  CHECK_THAT(msg, Catch::Contains("locked"));
}

TEST_CASE("history schema: reopening keeps the data, and open_existing never creates",
          "[unit][history]") {
  fcbench::test::TempDir t;
  CHECK_FALSE(open_existing(t / "h.db"));
  CHECK_FALSE(fs::exists(t / "h.db"));
  {
    Db db = open_history(t / "h.db");
    db.exec(
        "INSERT INTO runs (dir, suite, started_at, started_ns, env_id, git_commit, vmm, accel, "
        "records, source, registered_at) VALUES ('/d', 's', 't', 0, '', '', 'q', 't', 1, 'run', "
        "'r')");
  }
  auto db = open_existing(t / "h.db");
  REQUIRE(db);
  auto s = db->prepare("SELECT dir FROM runs");
  REQUIRE(s.step());
  CHECK(s.text(0) == "/d");
}

TEST_CASE("history schema: a newer schema or a non-database is refused with exit 2",
          "[unit][history]") {
  fcbench::test::TempDir t;
  {
    Db db = open_history(t / "h.db");
    db.exec("PRAGMA user_version = 99");
  }
  auto msg = fcbench::test::user_error([&] { open_history(t / "h.db"); });
  CHECK_THAT(msg, Catch::Contains("schema version 99") && Catch::Contains("newer"));
  fcbench::write_file(t / "text.db", std::string(4096, 'x'));
  msg = fcbench::test::user_error([&] { open_history(t / "text.db"); });
  CHECK_THAT(msg, Catch::Contains((t / "text.db").string()) && Catch::Contains("not a database"));
}

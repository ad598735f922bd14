// history/db: the RAII layer over SQLite: bound parameters, NULLs, and a
// transaction that rolls back unless committed.
#include <catch2/catch.hpp>
#include <cmath>

#include "../fixtures/test_support.hpp"
#include "history/db.hpp"
#include "history_support.hpp"

using fcbench::history::Db;
using fcbench::history::Transaction;

namespace {
int64_t count(Db& db) {
  auto s = db.prepare("SELECT count(*) FROM t");
  REQUIRE(s.step());
  return s.int64(0);
}
}  // namespace

TEST_CASE("history db: values go in as bound parameters and come back as they were",
          "[unit][history]") {
  fcbench::test::TempDir t;
  Db db(t / "x.db", true);
  db.exec("CREATE TABLE t (a TEXT, b INTEGER, c REAL, d REAL)");
  // Text that would break SQL built by hand is stored verbatim.
  const std::string evil = "x'); DROP TABLE t; --\n\"q\" \\ é";
  auto ins = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
  ins.bind(1, evil).bind(2, int64_t(-7)).bind(3, 2.5).bind(4, std::optional<double>()).run();
  auto s = db.prepare("SELECT a, b, c, d FROM t");
  REQUIRE(s.step());
  CHECK(s.text(0) == evil);
  CHECK(s.int64(1) == -7);
  CHECK(s.real(2) == 2.5);
  CHECK(std::isnan(s.real(3)));  // NULL as NaN
  CHECK_FALSE(s.opt_real(3));    // or as nullopt
  CHECK(s.opt_real(2) == 2.5);
  CHECK_FALSE(s.step());
  CHECK(count(db) == 1);
}

TEST_CASE("history db: a transaction rolls back unless committed", "[unit][history]") {
  fcbench::test::TempDir t;
  Db db(t / "x.db", true);
  db.exec("CREATE TABLE t (a INTEGER)");
  {
    Transaction tr(db);
    db.exec("INSERT INTO t VALUES (1)");
  }
  CHECK(count(db) == 0);
  {
    Transaction tr(db);
    db.exec("INSERT INTO t VALUES (1)");
    tr.commit();
  }
  CHECK(count(db) == 1);
}

TEST_CASE("history db: SQL errors name the file and the statement", "[unit][history]") {
  fcbench::test::TempDir t;
  Db db(t / "x.db", true);
  auto msg = fcbench::test::user_error([&] { db.exec("SELECT * FROM nowhere"); }, 1);
  CHECK_THAT(msg, Catch::Contains((t / "x.db").string()));
  CHECK_THAT(msg, Catch::Contains("no such table: nowhere"));
  // Opening without create does not make the file.
  fcbench::test::user_error([&] { Db(t / "absent.db", false); }, 1);
  CHECK_FALSE(std::filesystem::exists(t / "absent.db"));
}

#include "history/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "history/path.hpp"
#include "util/error.hpp"

namespace fcbench::history {

namespace fs = std::filesystem;

namespace {

// Version 1. runs: one row per registered results directory (a directory is
// registered once: registering it again replaces the row, under a new id).
// group_stats: the run's per-group statistics, in registration order (seq).
constexpr const char kSchemaV1[] = R"sql(
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  dir           TEXT NOT NULL,
  suite         TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  started_ns    INTEGER NOT NULL,
  env_id        TEXT NOT NULL,
  git_commit    TEXT NOT NULL,
  vmm           TEXT NOT NULL,
  accel         TEXT NOT NULL,
  records       INTEGER NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('run', 'import')),
  registered_at TEXT NOT NULL
);
CREATE INDEX runs_dir ON runs (dir);
CREATE INDEX runs_suite ON runs (suite);
CREATE TABLE group_stats (
  run_id         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  benchmark      TEXT NOT NULL,
  plugin         TEXT NOT NULL,
  params         TEXT NOT NULL,
  vmm            TEXT NOT NULL,
  accel          TEXT NOT NULL,
  metric         TEXT NOT NULL,
  unit           TEXT NOT NULL,
  better         TEXT NOT NULL CHECK (better IN ('higher', 'lower')),
  n              INTEGER NOT NULL,
  mean REAL, sd REAL, cv REAL, median REAL, min REAL, max REAL,
  p5 REAL, p25 REAL, p75 REAL, p95 REAL, p99 REAL,
  ci95_mean_lo REAL, ci95_mean_hi REAL, ci95_median_lo REAL, ci95_median_hi REAL,
  outliers       TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
PRAGMA user_version = 1;
)sql";

int user_version(Db& db) {
  auto s = db.prepare("PRAGMA user_version");
  return s.step() ? int(s.int64(0)) : 0;
}

void check_version(const Db& db, int v) {
  if (v > kSchemaVersion)
    throw UserError(fmt::format("history DB {} has schema version {}, newer than this fcbench "
                                "knows ({}); use a newer fcbench or another FCBENCH_HISTORY",
                                db.file().string(), v, kSchemaVersion),
                    2);
}

// Switching a new database to WAL takes an exclusive lock from a shared one.
// When two processes create the database at once, both can hold the shared
// lock; SQLite then answers SQLITE_BUSY at once (deadlock avoidance) rather
// than waiting, so the switch is retried up to the busy timeout.
void enable_wal(Db& db) {
  const auto deadline = std::chrono::steady_clock::now() + kBusyTimeout;
  auto pause = std::chrono::milliseconds(1);
  while (true) {
    const int rc =
        sqlite3_exec(db.handle(), "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline)
      fail(db.handle(), db.file(), "running 'PRAGMA journal_mode = WAL'");
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

void configure(Db& db) {
  if (sqlite3_busy_timeout(db.handle(), int(kBusyTimeout.count())) != SQLITE_OK)
    fail(db.handle(), db.file(), "setting the busy timeout");
  enable_wal(db);
  db.exec("PRAGMA foreign_keys = ON");
  ensure_schema(db);
}

}  // namespace

void ensure_schema(Db& db) {
  int v = user_version(db);
  check_version(db, v);
  if (v == kSchemaVersion) return;
  Transaction t(db);
  v = user_version(db);  // another process may have created it meanwhile
  check_version(db, v);
  if (v == 0) db.exec(kSchemaV1);
  t.commit();
}

Db open_history(const fs::path& file) {
  create_private_dirs(file.parent_path());
  Db db(file, true);
  configure(db);
  return db;
}

std::optional<Db> open_existing(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  Db db(file, false);
  configure(db);
  return db;
}

}  // namespace fcbench::history

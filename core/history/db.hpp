// The history database underneath: a thin RAII layer over sqlite3* and
// sqlite3_stmt*. SQL text is a string literal (prepare() takes nothing
// else); every value from outside is a bound parameter.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace fcbench::history {

class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s, std::string where)
      : db_(db), s_(s), where_(std::move(where)) {}
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_), where_(std::move(o.where_)) { o.s_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  // Binds parameter `i` (1-based); a nullopt binds NULL.
  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, double v);
  Stmt& bind(int i, std::optional<double> v);
  Stmt& bind(int i, std::string_view v);
  // Runs one step: true when a row is ready, false when done; throws UserError.
  bool step();
  // Steps to completion (a statement that returns no rows).
  void run();
  // Ready to run again, with no parameters bound.
  void reset();
  // Column `i` (0-based) of the current row.
  int64_t int64(int i) const;
  double real(int i) const;                     // NULL reads as NaN
  std::optional<double> opt_real(int i) const;  // NULL reads as nullopt
  std::string text(int i) const;                // NULL reads as ""

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
  std::string where_;  // the DB file, for messages
};

class Db {
 public:
  // Opens `file` (creating it when `create`); throws UserError naming it.
  Db(const std::filesystem::path& file, bool create);
  Db(Db&& o) noexcept : db_(o.db_), file_(std::move(o.file_)) { o.db_ = nullptr; }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  Db& operator=(Db&&) = delete;
  ~Db() { sqlite3_close_v2(db_); }

  // A statement from constant SQL text; throws UserError.
  template <size_t N>
  Stmt prepare(const char (&sql)[N]) {
    return prepare_literal(sql);
  }
  // Runs constant SQL (no parameters, rows ignored); throws UserError.
  template <size_t N>
  void exec(const char (&sql)[N]) {
    exec_literal(sql);
  }
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  const std::filesystem::path& file() const { return file_; }
  sqlite3* handle() const { return db_; }

 private:
  Stmt prepare_literal(const char* sql);
  void exec_literal(const char* sql);
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
};

// BEGIN IMMEDIATE (the write lock now, waiting up to the busy timeout);
// ROLLBACK on destruction unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Db& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

// "history DB FILE: WHAT: <sqlite's message>", as a UserError (exit code 2
// when the file is not a database, else 1).
[[noreturn]] void fail(sqlite3* db, const std::filesystem::path& file, const std::string& what);

}  // namespace fcbench::history

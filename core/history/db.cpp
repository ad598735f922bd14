#include "history/db.hpp"

#include <fmt/format.h>

#include <limits>

#include "util/error.hpp"

namespace fcbench::history {

void fail(sqlite3* db, const std::filesystem::path& file, const std::string& what) {
  const int code = db ? sqlite3_errcode(db) : SQLITE_CANTOPEN;
  const char* msg = db ? sqlite3_errmsg(db) : "out of memory";
  throw UserError(fmt::format("history DB {}: {}: {}", file.string(), what, msg),
                  (code & 0xff) == SQLITE_NOTADB ? 2 : 1);
}

Stmt& Stmt::bind(int i, int64_t v) {
  if (sqlite3_bind_int64(s_, i, v) != SQLITE_OK) fail(db_, where_, "bind");
  return *this;
}

Stmt& Stmt::bind(int i, double v) {
  if (sqlite3_bind_double(s_, i, v) != SQLITE_OK) fail(db_, where_, "bind");
  return *this;
}

Stmt& Stmt::bind(int i, std::optional<double> v) {
  if (v) return bind(i, *v);
  if (sqlite3_bind_null(s_, i) != SQLITE_OK) fail(db_, where_, "bind");
  return *this;
}

Stmt& Stmt::bind(int i, std::string_view v) {
  if (sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    fail(db_, where_, "bind");
  return *this;
}

bool Stmt::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, where_, fmt::format("running '{}'", sqlite3_sql(s_)));
}

void Stmt::run() {
  while (step()) {
  }
}

void Stmt::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

int64_t Stmt::int64(int i) const {
  return sqlite3_column_int64(s_, i);
}

double Stmt::real(int i) const {
  if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(s_, i);
}

std::optional<double> Stmt::opt_real(int i) const {
  if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(s_, i);
}

std::string Stmt::text(int i) const {
  const auto* p = sqlite3_column_text(s_, i);
  return p ? std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(s_, i)))
           : std::string();
}

Db::Db(const std::filesystem::path& file, bool create) : file_(file) {
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    try {
      fail(db_, file_, "cannot open");
    } catch (...) {
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw;
    }
  }
}

Stmt Db::prepare_literal(const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK)
    fail(db_, file_, fmt::format("preparing '{}'", sql));
  return Stmt(db_, s, file_.string());
}

void Db::exec_literal(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(db_, file_, fmt::format("running '{}'", sql));
}

Transaction::Transaction(Db& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace fcbench::history

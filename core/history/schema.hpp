// The history database's schema (PRAGMA user_version), and opening the
// database ready for use: WAL journal, busy timeout, schema current.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

#include "history/db.hpp"

namespace fcbench::history {

inline constexpr int kSchemaVersion = 1;
inline constexpr std::chrono::milliseconds kBusyTimeout{10'000};

// Opens (creating it and its missing directories, mode 0700) the history
// DB: WAL, busy timeout, foreign keys, schema created or checked. Throws
// UserError (exit code 2) for a schema newer than this fcbench knows.
Db open_history(const std::filesystem::path& file);

// As open_history(), but nullopt when the file does not exist (reading never
// creates the database).
std::optional<Db> open_existing(const std::filesystem::path& file);

// Creates the tables when user_version is 0 (under BEGIN IMMEDIATE, so two
// processes creating it at once agree); throws when it is newer than ours.
void ensure_schema(Db& db);

}  // namespace fcbench::history

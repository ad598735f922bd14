// Where the history database lives, and making its directory.
#pragma once

#include <filesystem>

namespace fcbench::history {

// $FCBENCH_HISTORY (made absolute), else $XDG_DATA_HOME/fcbench/history.db
// (when absolute, as the XDG spec requires), else HOME/.local/share/fcbench/
// history.db. Pure: the three values are given (null or "" when unset).
std::filesystem::path history_path(const char* fcbench_history, const char* xdg_data_home,
                                   const char* home);

// history_path() from this process's environment; HOME falls back to the
// password database. Throws UserError when there is no home either.
std::filesystem::path default_history_path();

// Creates each missing directory of `dir` with mode 0700; existing ones are
// left as they are. Throws UserError naming the directory that failed.
void create_private_dirs(const std::filesystem::path& dir);

}  // namespace fcbench::history

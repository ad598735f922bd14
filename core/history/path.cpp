#include "history/path.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "util/error.hpp"

namespace fcbench::history {

namespace fs = std::filesystem;

namespace {
bool set(const char* v) {
  return v && *v;
}
}  // namespace

fs::path history_path(const char* fcbench_history, const char* xdg_data_home, const char* home) {
  if (set(fcbench_history)) return fs::absolute(fcbench_history);
  if (set(xdg_data_home) && fs::path(xdg_data_home).is_absolute())
    return fs::path(xdg_data_home) / "fcbench" / "history.db";
  if (!set(home)) throw UserError("no home directory: set HOME, or FCBENCH_HISTORY to a file", 2);
  return fs::path(home) / ".local" / "share" / "fcbench" / "history.db";
}

fs::path default_history_path() {
  const char* home = std::getenv("HOME");
  std::string pw_home;
  if (!set(home)) {
    std::vector<char> buf(16384);
    passwd pw{}, *res = nullptr;
    if (getpwuid_r(::getuid(), &pw, buf.data(), buf.size(), &res) == 0 && res && res->pw_dir)
      pw_home = res->pw_dir;
    home = pw_home.c_str();
  }
  return history_path(std::getenv("FCBENCH_HISTORY"), std::getenv("XDG_DATA_HOME"), home);
}

void create_private_dirs(const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  create_private_dirs(dir.parent_path() == dir ? fs::path() : dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) == 0)
    ::chmod(dir.c_str(), 0700);  // whatever the umask
  else if (errno != EEXIST)
    throw UserError("cannot create " + dir.string() + ": " + std::strerror(errno), 1);
  if (!fs::is_directory(dir, ec)) throw UserError(dir.string() + " is not a directory", 2);
}

}  // namespace fcbench::history

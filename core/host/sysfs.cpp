#include "host/sysfs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "util/fs.hpp"
#include "util/number.hpp"

namespace fcbench::host {

namespace fs = std::filesystem;

fs::path Sysfs::root_from_env() {
  const char* r = std::getenv("FCBENCH_SYSFS_ROOT");
  if (!r || !*r) return "/";
  return fs::absolute(r).lexically_normal();
}

Sysfs::Sysfs(fs::path root) : root_(root.empty() ? fs::path("/") : std::move(root)) {
  if (root_ != "/" && !root_.has_filename()) root_ = root_.parent_path();  // "a/b/" → "a/b"
}

fs::path Sysfs::at(std::string_view host_path) const {
  fs::path p(host_path);
  return root_ == "/" ? p : root_ / p.relative_path();
}

bool Sysfs::exists(std::string_view host_path) const {
  std::error_code ec;
  return fs::exists(at(host_path), ec);
}

std::optional<std::string> Sysfs::read(std::string_view host_path) const {
  fs::path p = at(host_path);
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
  ::close(fd);
  if (n < 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t'))
    out.pop_back();
  return out;
}

std::string Sysfs::write(std::string_view host_path, std::string_view value) const {
  fs::path p = at(host_path);
  int fd = ::open(p.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  std::string line = std::string(value) + "\n";
  ssize_t w;
  do w = ::write(fd, line.data(), line.size());
  while (w < 0 && errno == EINTR);
  std::string err = w < 0 ? std::strerror(errno) : size_t(w) != line.size() ? "short write" : "";
  ::close(fd);
  return err;
}

std::string Sysfs::why_not_writable(std::string_view host_path) const {
  fs::path p = at(host_path);
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return errno == ENOENT ? "missing" : std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  // Root passes access(W_OK) whatever the mode; sysfs marks read-only
  // attributes 0444, so the mode bits are the better test.
  if ((st.st_mode & 0222) == 0) return "read-only";
  if (::access(p.c_str(), W_OK) != 0)
    return errno == EACCES || errno == EPERM
               ? std::string("permission denied (host settings need root)")
               : std::string(std::strerror(errno));
  return "";
}

std::vector<std::string> Sysfs::list(std::string_view host_dir) const {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(at(host_dir), ec), end; !ec && it != end; it.increment(ec))
    out.push_back(it->path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::set<int> parse_cpu_list(std::string_view text) {
  std::set<int> out;
  std::string s(text);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (s.empty()) return out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');) {
    size_t dash = part.find('-');  // "N" or "N-M"
    std::string_view first = std::string_view(part).substr(0, dash);
    auto lo = parse_number<int>(first, 0, 65535);
    auto hi = dash == std::string::npos
                  ? lo
                  : parse_number<int>(std::string_view(part).substr(dash + 1), 0, 65535);
    if (!lo || !hi || *hi < *lo) throw std::invalid_argument("bad CPU list '" + s + "'");
    for (int c = *lo; c <= *hi; ++c) out.insert(c);
  }
  return out;
}

std::string format_cpu_list(const std::set<int>& cpus) {
  std::string out;
  for (auto it = cpus.begin(); it != cpus.end();) {
    int lo = *it, hi = lo;
    for (++it; it != cpus.end() && *it == hi + 1; ++it) hi = *it;
    if (!out.empty()) out += ',';
    out += std::to_string(lo);
    if (hi > lo) out += "-" + std::to_string(hi);
  }
  return out;
}

std::optional<uint64_t> process_start_time(pid_t pid) {
  if (pid <= 0) return std::nullopt;
  const std::string stat = read_file_or_empty("/proc/" + std::to_string(pid) + "/stat");
  // The command name (field 2) may hold spaces and parentheses: skip to
  // the last ')'. The state (field 3) follows; the start time is field 22.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 3 && (field == "Z" || field == "X")) return std::nullopt;  // dead, not yet reaped
    if (i == 22) return parse_number<uint64_t>(field);
  }
  return std::nullopt;
}

}  // namespace fcbench::host

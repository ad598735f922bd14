// fcbench's Firecracker TEST DOUBLE: log and metrics files.
#include "log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace fcdouble {

namespace {

// Opens an existing file (or FIFO) for appending without blocking, as
// Firecracker opens its log and metrics targets; it never creates them.
int open_target(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    error = "cannot open " + path + ": " + std::strerror(errno) + " (errno " +
            std::to_string(errno) + ")";
  return fd;
}

void write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // like Firecracker, a lost log line is not an error
    s.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

std::string local_timestamp() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm t{};
  localtime_r(&ts.tv_sec, &t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09ld", t.tm_year + 1900,
                t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, ts.tv_nsec);
  return buf;
}

std::string boot_time_message(std::uint64_t us, std::uint64_t cpu_us) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "Guest-boot-time = %6llu us %llu ms, %6llu CPU us %llu CPU ms",
                static_cast<unsigned long long>(us), static_cast<unsigned long long>(us / 1000),
                static_cast<unsigned long long>(cpu_us),
                static_cast<unsigned long long>(cpu_us / 1000));
  return buf;
}

Logger::~Logger() {
  if (fd_ > 2) ::close(fd_);
}

std::string Logger::configure(const LoggerConfig& c) {
  if (c.log_path) {
    if (c.log_path->empty()) return "Logger refused: log_path is empty.";
    std::string error;
    int fd = open_target(*c.log_path, error);
    if (fd < 0) return "Logger refused: " + error + ".";
    if (fd_ > 2) ::close(fd_);
    fd_ = fd;
  }
  if (c.level) max_ = *c.level;
  if (c.show_level) show_level_ = *c.show_level;
  if (c.show_log_origin) show_origin_ = *c.show_log_origin;
  return "";
}

std::string Logger::format(Level level, std::string_view thread, std::string_view message,
                           const std::source_location& where, std::string_view timestamp) const {
  if (level == Level::Off || max_ == Level::Off || level > max_) return "";
  std::string line(timestamp);
  line += " [" + id_ + ":" + std::string(thread);
  if (show_level_) line += std::string(":") + level_name(level);
  if (show_origin_) {
    std::string_view file = where.file_name();
    if (auto slash = file.rfind('/'); slash != std::string_view::npos)
      file.remove_prefix(slash + 1);
    line += ":" + std::string(file) + ":" + std::to_string(where.line());
  }
  line += "] ";
  line += message;
  line += '\n';
  return line;
}

void Logger::log(Level level, std::string_view thread, std::string_view message,
                 std::source_location where) {
  std::string line = format(level, thread, message, where, local_timestamp());
  if (!line.empty()) write_all(fd_, line);  // one write() per line
}

Metrics::~Metrics() {
  if (fd_ >= 0) ::close(fd_);
}

std::string Metrics::configure(const MetricsConfig& c) {
  if (c.metrics_path.empty()) return "Metrics refused: metrics_path is empty.";
  std::string error;
  int fd = open_target(c.metrics_path, error);
  if (fd < 0) return "Metrics refused: " + error + ".";
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  return "";
}

std::string Metrics::flush(const json& extra) {
  if (fd_ < 0) return "";
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  json line = {{"utc_timestamp_ms", ms},
               {"fcbench_test_double", "minimal metrics from fcbench's Firecracker test double"}};
  line.update(extra);
  write_all(fd_, line.dump() + "\n");
  return "";
}

}  // namespace fcdouble

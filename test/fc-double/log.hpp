// fcbench's Firecracker TEST DOUBLE: log and metrics files.
// Log lines have Firecracker's layout:
//   <local time> [<instance id>:<thread>[:<LEVEL>][:<file>:<line>]] <message>
// and go to stdout until a log path is configured, as in Firecracker.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include "api.hpp"

namespace fcdouble {

class Logger {
 public:
  explicit Logger(std::string instance_id) : id_(std::move(instance_id)) {}
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Applies a configuration; returns an error text (the file must exist).
  std::string configure(const LoggerConfig& c);
  void log(Level level, std::string_view thread, std::string_view message,
           std::source_location where = std::source_location::current());
  // One formatted line (with '\n'), or "" when the level is filtered out.
  std::string format(Level level, std::string_view thread, std::string_view message,
                     const std::source_location& where, std::string_view timestamp) const;

 private:
  std::string id_;
  int fd_ = 1;
  Level max_ = Level::Info;
  bool show_level_ = false, show_origin_ = false;
};

// "YYYY-MM-DDTHH:MM:SS.nnnnnnnnn" in local time.
std::string local_timestamp();

// The boot timer line Firecracker logs, e.g.
// "Guest-boot-time =   4321 us 4 ms,   3012 CPU us 3 CPU ms".
std::string boot_time_message(std::uint64_t us, std::uint64_t cpu_us);

class Metrics {
 public:
  ~Metrics();
  std::string configure(const MetricsConfig& c);  // the file must exist
  // Appends one JSON line; a no-op before configure(), as in Firecracker.
  std::string flush(const json& extra = json::object());

 private:
  int fd_ = -1;
};

}  // namespace fcdouble

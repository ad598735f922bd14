// fcbench's Firecracker TEST DOUBLE: command-line flags.
// Accepts Firecracker's syntax ("--name value", no "=" form, no repeats).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fcdouble {

// A command line Firecracker would refuse; the process exits 153.
struct ArgError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string api_sock = "/run/firecracker.socket";  // Firecracker's default
  std::string id = "anonymous-instance";
  std::optional<std::string> config_file;
  bool no_api = false;
  bool boot_timer = false;
  std::optional<std::string> log_path, level, module, metrics_path;
  bool show_level = false, show_log_origin = false;
  bool version = false, help = false;
};

Options parse_args(const std::vector<std::string>& args);  // args without argv[0]
std::string usage();

}  // namespace fcdouble

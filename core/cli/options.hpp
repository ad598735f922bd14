// Shared program_options plumbing for the subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "plugin/host_process.hpp"

namespace fcbench::cli {

namespace po = boost::program_options;

// Adds --help, and with plugins the repeatable --plugin-path and
// --plugin-timeout-s (applied as soon as the options are parsed).
inline void add_common(po::options_description& o, std::vector<std::string>* plugin_paths) {
  o.add_options()("help,h", "this help");
  if (!plugin_paths) return;
  o.add_options()("plugin-path", po::value(plugin_paths)->composing(),
                  "plugin directory or library (repeatable)");
  o.add_options()("plugin-timeout-s", po::value<double>()->notifier([](double s) {
    if (!(s > 0 && s <= 86400))
      throw po::validation_error(po::validation_error::invalid_option_value, "plugin-timeout-s",
                                 std::to_string(s));
    plugin::set_call_timeout(std::chrono::milliseconds(int64_t(s * 1000)));
  }),
                  "seconds a plugin call (load, job, parse) may take before its host is "
                  "killed and the call fails (default 30, or $FCBENCH_PLUGIN_TIMEOUT_S)");
}

// Parses `args` against `visible` plus one positional option stored in
// `positional` (at most `max` values, -1 for any). Returns nullopt after
// printing the help. Throws po::error on bad usage.
template <class T>
std::optional<po::variables_map> parse_args(const std::vector<std::string>& args,
                                            const po::options_description& visible, T* positional,
                                            int max) {
  po::options_description all;
  all.add(visible);
  po::positional_options_description pos;
  if (positional) {
    all.add_options()("positional", po::value(positional));
    pos.add("positional", max);
  }
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible;
    return std::nullopt;
  }
  return vm;
}

}  // namespace fcbench::cli

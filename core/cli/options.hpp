// Shared program_options plumbing for the subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace fcbench::cli {

namespace po = boost::program_options;

// Adds --help and the repeatable --plugin-path.
inline void add_common(po::options_description& o, std::vector<std::string>* plugin_paths) {
  o.add_options()("help,h", "this help");
  if (plugin_paths)
    o.add_options()("plugin-path", po::value(plugin_paths)->composing(),
                    "plugin directory or library (repeatable)");
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

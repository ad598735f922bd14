#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "plugin/registry.hpp"

namespace po = boost::program_options;

namespace fcbench::cli {

int cmd_plugins(const std::vector<std::string>& args) {
  po::options_description o("fcbench plugins list [options]");
  std::vector<std::string> plugin_paths;
  std::string sub;
  o.add_options()("help,h", "this help")("plugin-path", po::value(&plugin_paths)->composing(),
                                         "plugin directory or library (repeatable)");
  po::options_description all;
  all.add(o).add_options()("sub", po::value(&sub));
  po::positional_options_description pos;
  pos.add("sub", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << o;
    return 0;
  }
  if (sub != "list") {
    fmt::print(stderr, "usage: fcbench plugins list [--plugin-path P]\n");
    return 2;
  }
  auto reg = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  for (auto& [name, p] : reg.plugins()) {
    fmt::print("{} {} — {}\n  library: {}\n", name, p->version(), p->description(),
               p->library_path().string());
    for (auto& d : p->params())
      fmt::print("  param {:<12} {:<6} default {:<10} {}\n", d.name, plugin::type_name(d.type),
                 d.default_value, d.doc);
  }
  for (auto& f : reg.shadowed()) fmt::print("ignored: {}\n  {}\n", f.library.string(), f.reason);
  for (auto& f : reg.failures()) fmt::print("not loaded: {}\n  {}\n", f.library.string(), f.reason);
  if (reg.plugins().empty()) {
    fmt::print(stderr, "no plugins found; searched:");
    for (auto& p : reg.searched()) fmt::print(stderr, " {}", p.string());
    fmt::print(stderr, "\n");
    return 1;
  }
  return reg.failures().empty() ? 0 : 1;
}

}  // namespace fcbench::cli

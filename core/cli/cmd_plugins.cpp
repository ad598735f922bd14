#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "plugin/registry.hpp"

namespace fcbench::cli {

int cmd_plugins(const std::vector<std::string>& args) {
  po::options_description o("fcbench plugins list [options]");
  std::vector<std::string> plugin_paths;
  std::string sub;
  add_common(o, &plugin_paths);
  auto vm = parse_args(args, o, &sub, 1);
  if (!vm) return 0;
  if (sub != "list") {
    fmt::print(stderr, "usage: fcbench plugins list [--plugin-path P]\n");
    return 2;
  }
  auto reg = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  for (auto& p : reg.all()) {
    const auto& s = p->source();
    const bool chosen = reg.find(p->name()) == p;
    fmt::print("{} {} — {}\n  pack: {}\n  library: {}\n  sha256: {}\n", p->name(), p->version(),
               p->description(),
               s.pack.empty()
                   ? "(none)"
                   : fmt::format("{} {} (also as {}/{}){}", s.pack, s.pack_version, s.pack,
                                 p->name(), chosen ? "" : "; not what the bare name finds"),
               p->library_path().string(), s.sha256);
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

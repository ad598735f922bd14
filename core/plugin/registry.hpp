// Plugin discovery: only the configured paths, in order of precedence.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plugin/plugin.hpp"

namespace fcbench::plugin {

struct LoadFailure {
  std::filesystem::path library;
  std::string reason;
};

class Registry {
 public:
  // Search path: `explicit_paths` (each a directory or a .fcbench.so file;
  // ':'-separated lists allowed), then $FCBENCH_PLUGIN_PATH, then each
  // installed pack's plugins/ (newest version of a pack first), then the
  // built-ins (<dir of fcbench>/plugins). First name wins, except that a
  // bare name two different packs provide is ambiguous: find() refuses it
  // and unknown_plugin() lists both. A directory DIR/plugins beside a
  // DIR/pack.yaml is a pack's: its plugins are also found as `pack/name`
  // and `pack@version/name`.
  static std::vector<std::filesystem::path> search_path(
      const std::vector<std::string>& explicit_paths);
  static Registry discover(const std::vector<std::filesystem::path>& search_path);

  // A bare name, `pack/name` or `pack@version/name`; null when unknown or
  // ambiguous.
  std::shared_ptr<const Plugin> find(const std::string& name) const;
  // Every library loaded, including those only reachable as pack/name.
  const std::vector<std::shared_ptr<const Plugin>>& all() const { return all_; }
  const std::map<std::string, std::shared_ptr<const Plugin>>& plugins() const { return plugins_; }
  const std::vector<LoadFailure>& failures() const { return failures_; }
  // Libraries that loaded but lost to an earlier one of the same name.
  const std::vector<LoadFailure>& shadowed() const { return shadowed_; }
  const std::vector<std::filesystem::path>& searched() const { return searched_; }
  // "boot, dd, prime" — for "unknown plugin" messages.
  std::string names() const;
  // Why a name is not available: a load failure that mentions it, if any.
  std::string why_missing(const std::string& name) const;
  // "unknown plugin 'x' (available: ...)", plus why_missing(name) if any.
  std::string unknown_plugin(const std::string& name) const;

 private:
  void add(const std::shared_ptr<const Plugin>& p);
  std::map<std::string, std::shared_ptr<const Plugin>> plugins_, qualified_;
  std::map<std::string, std::vector<std::shared_ptr<const Plugin>>> ambiguous_;
  std::vector<std::shared_ptr<const Plugin>> all_;
  std::vector<LoadFailure> failures_, shadowed_;
  std::vector<std::filesystem::path> searched_;
};

// "unknown parameter 'k' for plugin 'p' (known: ...)" ("none" if it takes none).
std::string unknown_param(const Plugin& plugin, const std::string& key);

inline constexpr const char* kPluginSuffix = ".fcbench.so";

}  // namespace fcbench::plugin

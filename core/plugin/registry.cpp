#include "plugin/registry.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <ranges>
#include <sstream>

#include "util/fs.hpp"
#include "util/layout.hpp"

namespace fcbench::plugin {

namespace {
void split_into(const std::string& list, std::vector<std::filesystem::path>& out) {
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ':');)
    if (!item.empty()) out.emplace_back(item);
}

bool is_plugin_file(const std::filesystem::path& p) {
  const std::string n = p.filename().string();
  const std::string suffix = kPluginSuffix;
  return n.size() > suffix.size() &&
         n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::vector<std::filesystem::path> Registry::search_path(
    const std::vector<std::string>& explicit_paths) {
  std::vector<std::filesystem::path> out;
  for (auto& p : explicit_paths) split_into(p, out);
  if (const char* env = std::getenv("FCBENCH_PLUGIN_PATH")) split_into(env, out);
  out.push_back(self_layout().plugins);
  return out;
}

Registry Registry::discover(const std::vector<std::filesystem::path>& search_path) {
  Registry r;
  r.searched_ = search_path;
  for (const auto& entry : search_path) {
    std::vector<std::filesystem::path> libs;
    std::error_code ec;
    if (std::filesystem::is_directory(entry, ec)) {
      for (auto& f : std::filesystem::directory_iterator(entry, ec))
        if (is_plugin_file(f.path())) libs.push_back(f.path());
      std::sort(libs.begin(), libs.end());
    } else if (std::filesystem::exists(entry, ec)) {
      libs.push_back(entry);
    }
    for (auto& lib : libs) {
      try {
        auto p = Plugin::load(lib);
        auto [it, fresh] = r.plugins_.emplace(p->name(), p);  // earlier paths win
        if (!fresh)
          r.shadowed_.push_back({lib, "plugin '" + p->name() + "' is shadowed by " +
                                          it->second->library_path().string()});
      } catch (const std::exception& e) {
        r.failures_.push_back({lib, e.what()});
      }
    }
  }
  return r;
}

std::shared_ptr<const Plugin> Registry::find(const std::string& name) const {
  auto it = plugins_.find(name);
  return it == plugins_.end() ? nullptr : it->second;
}

std::string Registry::names() const {
  if (plugins_.empty()) return "(none found)";
  return fmt::format("{}", fmt::join(plugins_ | std::views::keys, ", "));
}

std::string Registry::why_missing(const std::string& name) const {
  for (auto& f : failures_)
    if (f.library.filename().string().rfind(name + ".", 0) == 0) return f.reason;
  return "";
}

std::string Registry::unknown_plugin(const std::string& name) const {
  std::string msg = fmt::format("unknown plugin '{}' (available: {})", name, names());
  if (auto why = why_missing(name); !why.empty()) msg += "; a library failed to load: " + why;
  return msg;
}

std::string unknown_param(const Plugin& plugin, const std::string& key) {
  auto names = plugin.params() | std::views::transform(&ParamDef::name);
  return fmt::format("unknown parameter '{}' for plugin '{}' (known: {})", key, plugin.name(),
                     names.empty() ? "none" : fmt::to_string(fmt::join(names, ", ")));
}

}  // namespace fcbench::plugin

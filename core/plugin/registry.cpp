#include "plugin/registry.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "pack/store.hpp"
#include "util/fs.hpp"
#include "util/layout.hpp"
#include "util/text.hpp"

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
  for (auto& pack : pack::installed(pack::packs_root())) out.push_back(pack.plugins());
  out.push_back(self_layout().plugins);
  return out;
}

namespace {

// The pack a search-path directory belongs to: DIR/plugins beside DIR/pack.yaml.
Source origin_of(const std::filesystem::path& entry) {
  std::error_code ec;
  const auto manifest = entry.parent_path() / pack::kManifestFile;
  if (entry.filename() != "plugins" || !std::filesystem::is_regular_file(manifest, ec)) return {};
  try {
    auto m = pack::load_manifest(manifest);
    return {m.name, m.version.str(), ""};
  } catch (const std::exception&) {
    return {};
  }
}

std::string describe(const Plugin& p) {
  const Source& s = p.source();
  return s.pack.empty()
             ? p.library_path().string()
             : fmt::format("pack {}@{} ({})", s.pack, s.pack_version, p.library_path().string());
}

}  // namespace

void Registry::add(const std::shared_ptr<const Plugin>& p) {
  all_.push_back(p);
  const Source& s = p->source();
  if (!s.pack.empty()) {
    qualified_.emplace(s.pack + "/" + p->name(), p);  // the newest version comes first
    qualified_.emplace(s.pack + "@" + s.pack_version + "/" + p->name(), p);
  }
  auto [it, fresh] = plugins_.emplace(p->name(), p);  // earlier paths win
  if (fresh) return;
  const Source& first = it->second->source();
  if (!first.pack.empty() && !s.pack.empty() && first.pack != s.pack) {
    auto& both = ambiguous_[p->name()];
    if (both.empty()) both.push_back(it->second);
    both.push_back(p);
    return;
  }
  shadowed_.push_back(
      {p->library_path(), "plugin '" + p->name() + "' is shadowed by " + describe(*it->second)});
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
    const Source origin = origin_of(entry);
    for (auto& lib : libs) {
      try {
        r.add(Plugin::load(lib, origin));
      } catch (const std::exception& e) {
        r.failures_.push_back({lib, e.what()});
      }
    }
  }
  return r;
}

std::shared_ptr<const Plugin> Registry::find(const std::string& name) const {
  if (name.find('/') != std::string::npos) {
    auto it = qualified_.find(name);
    return it == qualified_.end() ? nullptr : it->second;
  }
  if (ambiguous_.count(name)) return nullptr;
  auto it = plugins_.find(name);
  return it == plugins_.end() ? nullptr : it->second;
}

std::string Registry::names() const {
  if (plugins_.empty()) return "(none found)";
  return fmt::format("{}",
                     fmt::join(mapped(plugins_, [](const auto& kv) { return kv.first; }), ", "));
}

std::string Registry::why_missing(const std::string& name) const {
  for (auto& f : failures_)
    if (f.library.filename().string().rfind(name + ".", 0) == 0) return f.reason;
  return "";
}

std::string Registry::unknown_plugin(const std::string& name) const {
  if (auto it = ambiguous_.find(name); it != ambiguous_.end()) {
    std::vector<std::string> where, qualified;
    for (auto& p : it->second) {
      where.push_back(describe(*p));
      qualified.push_back(p->source().pack + "/" + name);
    }
    return fmt::format("plugin '{}' is ambiguous: {} packs provide it: {}; name one, e.g. {}", name,
                       where.size(), fmt::join(where, "; "), fmt::join(qualified, " or "));
  }
  std::string msg = fmt::format("unknown plugin '{}' (available: {})", name, names());
  if (auto why = why_missing(name); !why.empty()) msg += "; a library failed to load: " + why;
  std::vector<std::string> looked;
  for (auto& p : searched_) looked.push_back(p.string());
  return msg + fmt::format(
                   "; searched {} (--plugin-path, then $FCBENCH_PLUGIN_PATH, then installed "
                   "packs in {}, then the built-ins)",
                   fmt::join(looked, ":"), pack::packs_root().string());
}

std::string unknown_param(const Plugin& plugin, const std::string& key) {
  auto names = mapped(plugin.params(), [](const ParamDef& d) { return d.name; });
  return fmt::format("unknown parameter '{}' for plugin '{}' (known: {})", key, plugin.name(),
                     names.empty() ? "none" : fmt::to_string(fmt::join(names, ", ")));
}

}  // namespace fcbench::plugin

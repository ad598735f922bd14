#include "pack/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "util/error.hpp"
#include "util/hash.hpp"

namespace fcbench::pack {

namespace fs = std::filesystem;

fs::path packs_root() {
  if (const char* d = std::getenv("FCBENCH_PACKS_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
    return fs::path(x) / "fcbench" / "packs";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/") / ".local" / "share" / "fcbench" / "packs";
}

std::vector<InstalledPack> installed(const fs::path& root) {
  std::vector<InstalledPack> out;
  std::error_code ec;
  for (const auto& name : fs::directory_iterator(root, ec)) {
    if (!name.is_directory() || name.path().filename().string().starts_with(".")) continue;
    for (const auto& ver : fs::directory_iterator(name.path(), ec)) {
      try {
        out.push_back({load_manifest(ver.path() / kManifestFile), ver.path()});
      } catch (const UserError&) {
        // not a pack (a partial or foreign directory): skipped
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const InstalledPack& a, const InstalledPack& b) {
    return a.manifest.name != b.manifest.name ? a.manifest.name < b.manifest.name
                                              : a.manifest.version > b.manifest.version;
  });
  return out;
}

PackRef PackRef::parse(const std::string& text) {
  PackRef r;
  const auto at = text.find('@');
  r.name = text.substr(0, at);
  if (!valid_pack_name(r.name))
    throw UserError(fmt::format("'{}' is not a pack name (NAME or NAME@VERSION)", text), 2);
  if (at != std::string::npos) {
    r.version = parse_version(text.substr(at + 1));
    if (!r.version)
      throw UserError(fmt::format("'{}': the version after '@' must be like 1.2.0", text), 2);
  }
  return r;
}

std::optional<InstalledPack> find_installed(const fs::path& root, const PackRef& ref) {
  for (auto& p : installed(root))  // newest first
    if (p.manifest.name == ref.name && (!ref.version || p.manifest.version == *ref.version))
      return p;
  return std::nullopt;
}

std::string checksums(const fs::path& dir, std::vector<std::string> files) {
  std::sort(files.begin(), files.end());
  std::string out;
  for (const auto& f : files) out += fmt::format("{}  {}\n", Sha256().add_file(dir / f).hex(), f);
  return out;
}

}  // namespace fcbench::pack

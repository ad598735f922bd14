// Installed packs: $XDG_DATA_HOME/fcbench/packs/NAME/VERSION/ (default
// ~/.local/share/fcbench/packs), each an unpacked, verified pack.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pack/manifest.hpp"

namespace fcbench::pack {

inline constexpr const char* kSumsFile = "SHA256SUMS";

struct InstalledPack {
  Manifest manifest;
  std::filesystem::path dir;  // <root>/NAME/VERSION
  std::filesystem::path plugins() const { return dir / "plugins"; }
};

// $FCBENCH_PACKS_DIR, else $XDG_DATA_HOME/fcbench/packs, else
// $HOME/.local/share/fcbench/packs.
std::filesystem::path packs_root();

// Every installed pack under `root`: by name, newest version first. A
// directory that is not a valid pack is skipped.
std::vector<InstalledPack> installed(const std::filesystem::path& root);

// "NAME" or "NAME@VERSION" (the newest version when none is given).
struct PackRef {
  std::string name;
  std::optional<Version> version;
  static PackRef parse(const std::string& text);  // throws UserError (exit 2)
};
std::optional<InstalledPack> find_installed(const std::filesystem::path& root, const PackRef& ref);

// The SHA256SUMS text of `files` (paths relative to `dir`): "HEX  PATH" lines
// sorted by path.
std::string checksums(const std::filesystem::path& dir, std::vector<std::string> files);

}  // namespace fcbench::pack

// pack.yaml: what a plugin pack is (name, version, the SDK range it was
// built for) and what it holds (plugins, suites, docs). Config only: no
// building or unpacking here.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pack/version.hpp"

namespace fcbench::pack {

inline constexpr const char* kManifestFile = "pack.yaml";

struct Manifest {
  std::string name;  // [a-z0-9][a-z0-9_-]*, as `pack/plugin` names it
  Version version;
  std::string description, license;
  std::vector<std::string> maintainers;
  Range sdk;                         // plugin ABI versions it works with
  std::vector<std::string> plugins;  // plugin names (C identifiers)
  std::vector<std::string> suites;   // paths relative to the pack's root
  std::vector<std::string> docs;     // paths relative to the pack's root
  std::string id() const { return name + "@" + version.str(); }
};

// Parses pack.yaml text. Throws ConfigError ("FILE:LINE:COL: what is wrong",
// exit 2) for malformed YAML, unknown or missing keys and bad values.
Manifest parse_manifest(const std::string& text, const std::filesystem::path& file);
// Reads and parses `file` (a pack.yaml).
Manifest load_manifest(const std::filesystem::path& file);

// Whether `name` may name a pack: 1 to 64 of [a-z0-9_-], starting alphanumeric.
bool valid_pack_name(const std::string& name);
// A relative path inside the pack: no "..", not absolute, not empty.
bool valid_relative_path(const std::string& path);

}  // namespace fcbench::pack

// `fcbench pack install` / `pack remove`. An install is atomic: the pack is
// unpacked into a staging directory beside the others, verified (every
// checksum, the file list, the SDK range, each plugin's ABI and name), then
// renamed into place; any failure removes the staging directory and leaves
// the installed packs as they were.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pack/store.hpp"

namespace fcbench::pack {

struct InstallOptions {
  std::filesystem::path keyring;  // verify ARCHIVE.sig with gpgv; empty: not checked
  bool require_signature = false;
};

struct InstallResult {
  InstalledPack pack;
  bool already = false;              // the same name, version and contents were there
  std::vector<std::string> notices;  // e.g. "unsigned pack"
};

// `from` is a .fcpack archive or an unpacked pack directory. Throws
// UserError (exit 2) naming the file and the reason.
InstallResult install_pack(const std::filesystem::path& from, const std::filesystem::path& root,
                           const InstallOptions& opt);

// Checks an unpacked pack in `dir` whose regular files are `files` (relative
// paths); `origin` names it in errors. Returns its manifest.
Manifest verify_unpacked(const std::filesystem::path& dir, const std::vector<std::string>& files,
                         const std::string& origin);

// verify_unpacked() without loading the plugins: pack.yaml, SHA256SUMS
// against `files`, the manifest and its SDK range. (The fuzz target
// test/fuzz/fuzz_pack.cpp stops here: it loads no library it unpacked.)
Manifest check_unpacked(const std::filesystem::path& dir, const std::vector<std::string>& files,
                        const std::string& origin);

// Removes NAME@VERSION, or every version of NAME; returns what was removed.
std::vector<InstalledPack> remove_pack(const std::filesystem::path& root, const PackRef& ref);

}  // namespace fcbench::pack

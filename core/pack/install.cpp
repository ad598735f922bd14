#include "pack/install.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <sstream>

#include "pack/archive.hpp"
#include "pack/build.hpp"
#include "pack/sign.hpp"
#include "plugin/plugin.hpp"
#include "plugin/registry.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace fcbench::pack {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse(const std::string& origin, const std::string& why) {
  throw UserError(fmt::format("{}: {}", origin, why), 2);
}

std::map<std::string, std::string> read_sums(const fs::path& file, const std::string& origin) {
  std::map<std::string, std::string> sums;
  std::istringstream in(read_file(file));
  size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    const auto sep = line.find("  ");
    if (sep != 64 || !valid_relative_path(line.substr(sep + 2)))
      refuse(origin, fmt::format("SHA256SUMS line {} is malformed", n));
    sums[line.substr(sep + 2)] = line.substr(0, sep);
  }
  return sums;
}

void check_sums(const fs::path& dir, const std::vector<std::string>& files,
                const std::string& origin) {
  if (!fs::is_regular_file(dir / kSumsFile)) refuse(origin, "no SHA256SUMS: not a built pack");
  const auto sums = read_sums(dir / kSumsFile, origin);
  std::set<std::string> seen;
  for (const auto& f : files) {
    if (f == kSumsFile) continue;
    auto it = sums.find(f);
    if (it == sums.end()) refuse(origin, fmt::format("entry '{}' is not in SHA256SUMS", f));
    if (Sha256().add_file(dir / f).hex() != it->second)
      refuse(origin, fmt::format("checksum mismatch for '{}'", f));
    seen.insert(f);
  }
  for (const auto& [f, _] : sums)
    if (!seen.count(f)) refuse(origin, fmt::format("'{}' is in SHA256SUMS but not in the pack", f));
}

void check_plugins(const fs::path& dir, const Manifest& m, const std::string& origin) {
  for (const auto& name : m.plugins) {
    const fs::path so = dir / "plugins" / (name + plugin::kPluginSuffix);
    if (!fs::is_regular_file(so))
      refuse(origin, fmt::format("plugin '{}' has no {}", name, so.filename().string()));
    std::shared_ptr<const plugin::Plugin> p;
    try {
      p = plugin::Plugin::load(so);
    } catch (const std::exception& e) {
      refuse(origin, fmt::format("plugin '{}' does not load: {}", name, e.what()));
    }
    if (p->name() != name)
      refuse(origin, fmt::format("plugins/{} calls itself '{}', not '{}'", so.filename().string(),
                                 p->name(), name));
  }
}

std::vector<std::string> copy_tree(const fs::path& from, const fs::path& to) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(from)) {
    const fs::path rel = e.path().lexically_relative(from);  // a symlink is named, not followed
    if (e.is_symlink() || !(e.is_regular_file() || e.is_directory()))
      refuse(from.string(), fmt::format("refusing '{}': not a regular file", rel.string()));
    if (e.is_directory()) continue;
    fs::create_directories((to / rel).parent_path());
    fs::copy_file(e.path(), to / rel);
    files.push_back(rel.generic_string());
  }
  return files;
}

void check_signature(const fs::path& from, const InstallOptions& opt, InstallResult& r) {
  const bool dir = fs::is_directory(from);
  if (!opt.keyring.empty()) {
    if (dir) refuse(from.string(), "a directory has no signature to check; install the .fcpack");
    verify_signature(from, opt.keyring);
  } else if (opt.require_signature) {
    refuse(from.string(), "--require-signature needs --keyring FILE to check the signature with");
  } else {
    r.notices.push_back(fs::exists(signature_of(from))
                            ? "signature not checked (no --keyring given)"
                            : "unsigned pack: installed without a signature check");
  }
}

}  // namespace

Manifest check_unpacked(const fs::path& dir, const std::vector<std::string>& files,
                        const std::string& origin) {
  if (!fs::is_regular_file(dir / kManifestFile)) refuse(origin, "no pack.yaml: not a pack");
  check_sums(dir, files, origin);
  Manifest m = parse_manifest(read_file(dir / kManifestFile), origin + ":pack.yaml");
  if (!m.sdk.allows(sdk_version()))
    refuse(origin, fmt::format("it needs SDK \"{}\", this fcbench has SDK {}", m.sdk.text(),
                               sdk_version().str()));
  return m;
}

Manifest verify_unpacked(const fs::path& dir, const std::vector<std::string>& files,
                         const std::string& origin) {
  Manifest m = check_unpacked(dir, files, origin);
  check_plugins(dir, m, origin);
  return m;
}

InstallResult install_pack(const fs::path& from, const fs::path& root, const InstallOptions& opt) {
  std::error_code ec;
  if (!fs::exists(from, ec))
    throw UserError(fmt::format("{}: no such pack file", from.string()), 2);
  InstallResult r;
  check_signature(from, opt, r);
  fs::create_directories(root);
  ScratchDir staging(root, ".staging-");  // removed on any failure
  const auto files =
      fs::is_directory(from) ? copy_tree(from, staging.path()) : read_archive(from, staging.path());
  r.pack.manifest = verify_unpacked(staging.path(), files, from.string());
  const Manifest& m = r.pack.manifest;
  r.pack.dir = root / m.name / m.version.str();
  if (fs::exists(r.pack.dir, ec)) {
    if (read_file(r.pack.dir / kSumsFile) != read_file(staging / kSumsFile))
      refuse(from.string(), fmt::format("{} is already installed with different contents; "
                                        "`fcbench pack remove {}` first, or bump the version",
                                        m.id(), m.id()));
    r.already = true;
    return r;
  }
  fs::create_directories(r.pack.dir.parent_path());
  fs::rename(staging.path(), r.pack.dir);
  staging.release();
  return r;
}

std::vector<InstalledPack> remove_pack(const fs::path& root, const PackRef& ref) {
  std::vector<InstalledPack> removed;
  for (auto& p : installed(root))
    if (p.manifest.name == ref.name && (!ref.version || p.manifest.version == *ref.version)) {
      fs::remove_all(p.dir);
      removed.push_back(p);
    }
  std::error_code ec;
  fs::remove(root / ref.name, ec);  // only when now empty
  if (removed.empty())
    throw UserError(fmt::format("no installed pack {}{} (see `fcbench pack list`)", ref.name,
                                ref.version ? "@" + ref.version->str() : ""),
                    2);
  return removed;
}

}  // namespace fcbench::pack

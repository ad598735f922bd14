// fcbench pack build|install|list|info|remove: plugin packs, the unit of
// sharing plugins between teams (docs/sharing-plugins.md).
#include <fmt/format.h>

#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "pack/build.hpp"
#include "pack/install.hpp"
#include "pack/sign.hpp"
#include "pack/store.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/layout.hpp"

namespace fcbench::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPackUsage =
    "usage: fcbench pack build SRC [-o FILE] [--sign KEYID]   build SRC/pack.yaml's plugins and\n"
    "                                                        write NAME-VERSION.fcpack\n"
    "       fcbench pack install FILE|DIR [--keyring FILE] [--require-signature]\n"
    "       fcbench pack list                                 the installed packs\n"
    "       fcbench pack info NAME[@VERSION]                  one pack's manifest and files\n"
    "       fcbench pack remove NAME[@VERSION]                every version without @VERSION\n"
    "Packs install into $FCBENCH_PACKS_DIR, else $XDG_DATA_HOME/fcbench/packs, else\n"
    "~/.local/share/fcbench/packs; their plugins join the plugin path after --plugin-path\n"
    "and $FCBENCH_PLUGIN_PATH, before the built-ins.\n\noptions";

int pack_build(const std::string& src, const pack::BuildOptions& opt) {
  const pack::Built b = pack::build_pack(src, opt);
  fmt::print("built {}: {} ({} files, {} plugin(s): {})\n", b.manifest.id(), b.archive.string(),
             b.files, b.manifest.plugins.size(), fmt::join(b.manifest.plugins, ", "));
  if (!opt.sign_key.empty()) fmt::print("signed: {}\n", pack::signature_of(b.archive).string());
  return 0;
}

int pack_install(const std::string& from, const pack::InstallOptions& opt) {
  const auto r = pack::install_pack(from, pack::packs_root(), opt);
  for (const auto& n : r.notices) fmt::print(stderr, "notice: {}\n", n);
  fmt::print("{} {}: {} ({})\n", r.already ? "already installed" : "installed",
             r.pack.manifest.id(), r.pack.dir.string(), fmt::join(r.pack.manifest.plugins, ", "));
  return 0;
}

int pack_list() {
  const auto root = pack::packs_root();
  const auto packs = pack::installed(root);
  if (packs.empty()) {
    fmt::print("no packs installed in {}\n", root.string());
    return 0;
  }
  for (const auto& p : packs)
    fmt::print("{:<24} {:<10} {:<40} {}\n", p.manifest.name, p.manifest.version.str(),
               fmt::format("{}", fmt::join(p.manifest.plugins, ", ")), p.dir.string());
  return 0;
}

int pack_info(const std::string& ref_text) {
  const auto ref = pack::PackRef::parse(ref_text);
  const auto p = pack::find_installed(pack::packs_root(), ref);
  if (!p)
    throw UserError(fmt::format("no installed pack {} (see `fcbench pack list`)", ref_text), 2);
  const auto& m = p->manifest;
  fmt::print("name:        {}\nversion:     {}\ndescription: {}\nlicense:     {}\n", m.name,
             m.version.str(), m.description, m.license);
  fmt::print(
      "maintainers: {}\nsdk:         {}\nplugins:     {}\nsuites:      {}\ndir:         {}\n",
      fmt::join(m.maintainers, ", "), m.sdk.text(), fmt::join(m.plugins, ", "),
      fmt::join(m.suites, ", "), p->dir.string());
  fmt::print("files (SHA256SUMS):\n{}", read_file(p->dir / pack::kSumsFile));
  return 0;
}

int pack_remove(const std::string& ref_text) {
  for (const auto& p : pack::remove_pack(pack::packs_root(), pack::PackRef::parse(ref_text)))
    fmt::print("removed {} ({})\n", p.manifest.id(), p.dir.string());
  return 0;
}

}  // namespace

int cmd_pack(const std::vector<std::string>& args) {
  po::options_description o(kPackUsage);
  std::vector<std::string> pos;
  pack::BuildOptions build;
  pack::InstallOptions install;
  std::string out, keyring;
  add_common(o, nullptr);
  o.add_options()("output,o", po::value(&out), "build: the archive (default NAME-VERSION.fcpack)")(
      "sign", po::value(&build.sign_key), "build: also write FILE.sig with this gpg key")(
      "jobs,j",
      po::value(&build.jobs)->default_value(std::max(1u, std::thread::hardware_concurrency())),
      "build: parallel compile jobs")(
      "keyring", po::value(&keyring),
      "install: check FILE.sig against this OpenPGP keyring (gpgv)")(
      "require-signature", po::bool_switch(&install.require_signature),
      "install: refuse a pack without a good signature");
  auto vm = parse_args(args, o, &pos, -1);
  if (!vm) return 0;
  const std::string sub = pos.empty() ? "" : pos[0];
  const std::vector<std::string> rest(pos.begin() + (pos.empty() ? 0 : 1), pos.end());
  if (sub == "build" && rest.size() == 1) {
    build.out = out;
    build.sdk_dir = self_layout().sdk;
    return pack_build(rest[0], build);
  }
  if (sub == "install" && rest.size() == 1) {
    install.keyring = keyring;
    return pack_install(rest[0], install);
  }
  if (sub == "list" && rest.empty()) return pack_list();
  if (sub == "info" && rest.size() == 1) return pack_info(rest[0]);
  if (sub == "remove" && rest.size() == 1) return pack_remove(rest[0]);
  std::cerr << o << "\n";
  return 2;
}

}  // namespace fcbench::cli

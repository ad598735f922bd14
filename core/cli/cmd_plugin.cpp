// fcbench plugin new NAME [--dir D] [--lang c|cpp]: a new plugin project.
#include <fmt/format.h>

#include <optional>
#include <set>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "plugin/registry.hpp"
#include "scaffold/scaffold.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/layout.hpp"

namespace fcbench::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage = "usage: fcbench plugin new NAME [--dir D] [--lang c|cpp]\n";

// Names a new plugin must not take: the built-ins, and every plugin this
// fcbench finds now ($FCBENCH_PLUGIN_PATH, installed packs, its plugin directory).
std::vector<std::string> taken_names() {
  std::set<std::string> names = {"boot", "dd", "prime", "stream"};
  auto reg = plugin::Registry::discover(plugin::Registry::search_path({}));
  for (auto& [name, p] : reg.plugins()) names.insert(name);
  return {names.begin(), names.end()};
}

// The directory of this fcbench's SDK package (fcbench-sdkConfig.cmake):
// <P>/lib/cmake/fcbench-sdk installed, <build>/sdk in a build tree; "" if absent.
std::string own_sdk_dir() {
  fs::path exe = self_dir();
  fs::path d = self_layout().installed ? exe / ".." / "lib" / "cmake" / "fcbench-sdk" : exe / "sdk";
  std::error_code ec;
  if (!fs::exists(d / "fcbench-sdkConfig.cmake", ec)) return "";
  return fs::weakly_canonical(d, ec).string();
}

void print_next_steps(const std::string& name, const fs::path& dir, const std::string& sdk,
                      const std::optional<scaffold::PackEdit>& edit) {
  const std::string d = dir.string(), b = (dir / "build").string();
  fmt::print("\nnext:\n  cmake -S {} -B {}{}\n  cmake --build {}\n  ctest --test-dir {}\n", d, b,
             sdk.empty() ? " -Dfcbench-sdk_DIR=<dir of fcbench-sdkConfig.cmake>" : "", b, b);
  fmt::print("  fcbench run {} --plugin-path {}\n", (dir / "suite.yaml").string(), b);
  if (edit) fmt::print("  fcbench pack build {}\n", edit->manifest.parent_path().string());
  fmt::print("see {} for what each file does, and how to install and share '{}'\n",
             (dir / "README.md").string(), name);
}

void print_pack_edit(const std::string& name, const scaffold::PackEdit& e) {
  fmt::print("added '{}' to pack {}:\n  {}: plugins += {}, suites += {}/suite.yaml\n", name, e.pack,
             e.manifest.string(), name, e.subdirectory);
  fmt::print("  {}: {}add_subdirectory({})\n", e.cmakelists.string(),
             e.cmakelists_created ? "new, with " : "", e.subdirectory);
}

}  // namespace

int cmd_plugin(const std::vector<std::string>& args) {
  po::options_description o("fcbench plugin new NAME [options]");
  std::vector<std::string> pos;
  std::string dir, lang_text;
  add_common(o, nullptr);
  o.add_options()("dir", po::value(&dir),
                  "project directory, which must not exist (default ./NAME); beside a pack.yaml, "
                  "the plugin also joins that pack")(
      "lang", po::value(&lang_text)->default_value("cpp"),
      "language of the plugin source: cpp (the C++ wrapper) or c (the C ABI)");
  auto vm = parse_args(args, o, &pos, -1);
  if (!vm) return 0;
  if (pos.size() != 2 || pos[0] != "new") {
    fmt::print(stderr, "{}", kUsage);
    return 2;
  }
  const std::string& name = pos[1];
  auto lang = scaffold::parse_lang(lang_text);
  if (!lang) throw UserError("--lang must be c or cpp, got '" + lang_text + "'", 2);
  if (auto why = scaffold::name_problem(name, taken_names())) throw UserError(*why, 2);
  const fs::path target = dir.empty() ? fs::path(name) : fs::path(dir);
  const std::string sdk = own_sdk_dir();
  auto files = scaffold::project_files({name, *lang, sdk});
  // In a pack's source (a pack.yaml beside the new directory), the plugin
  // joins that pack; the edits are checked before anything is written.
  auto edit = scaffold::plan_pack_edit(target, name);
  scaffold::write_project(target, files, edit);

  fmt::print("created plugin '{}' ({}) in {}:\n", name, *lang == scaffold::Lang::c ? "C" : "C++",
             target.string());
  for (auto& f : files) fmt::print("  {}\n", f.path);
  if (edit) print_pack_edit(name, *edit);
  print_next_steps(name, target, sdk, edit);
  return 0;
}

}  // namespace fcbench::cli

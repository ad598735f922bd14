#include "scaffold/scaffold.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "pack/manifest.hpp"
#include "pack/manifest_edit.hpp"
#include "scaffold/templates.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::scaffold {

namespace fs = std::filesystem;

std::optional<Lang> parse_lang(const std::string& text) {
  if (text == "c") return Lang::c;
  if (text == "cpp" || text == "c++") return Lang::cpp;
  return std::nullopt;
}

namespace {

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool ident_char(char c) {
  return ident_start(c) || (c >= '0' && c <= '9');
}

// The template with every @KEY@ replaced.
std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& vars) {
  for (auto& [key, value] : vars) {
    const std::string token = "@" + key + "@";
    for (size_t pos = text.find(token); pos != std::string::npos;
         pos = text.find(token, pos + value.size()))
      text.replace(pos, token.size(), value);
  }
  return text;
}

// find_package's fallback HINTS for sdk_dir, if CMake can take it as it is
// inside a quoted argument.
std::string hints(const std::string& sdk_dir) {
  if (sdk_dir.empty() || sdk_dir.find_first_of("\"\\$;\n\r") != std::string::npos) return "";
  return "\n  # the SDK of the fcbench that wrote this file\n  HINTS \"" + sdk_dir + "\"";
}

}  // namespace

std::optional<std::string> name_problem(const std::string& name,
                                        const std::vector<std::string>& taken) {
  if (name.empty()) return "the plugin name is empty";
  auto bad = std::find_if_not(name.begin(), name.end(), ident_char);
  if (bad != name.end() || !ident_start(name[0])) {
    std::string what = bad != name.end() ? fmt::format("'{}'", *bad) : "a leading digit";
    return fmt::format(
        "plugin name '{}' is not a C identifier (it has {}; use letters, digits and '_', "
        "not starting with a digit)",
        name, what);
  }
  if (name[0] == '_') return fmt::format("plugin name '{}' starts with '_' (reserved in C)", name);
  if (name.size() > kMaxNameLength)
    return fmt::format("plugin name '{}' is too long ({} characters; at most {})", name,
                       name.size(), kMaxNameLength);
  if (std::find(taken.begin(), taken.end(), name) != taken.end())
    return fmt::format("plugin name '{}' is taken by a plugin fcbench already has", name);
  return std::nullopt;
}

std::vector<File> project_files(const Options& opt) {
  const bool c = opt.lang == Lang::c;
  const std::vector<std::pair<std::string, std::string>> vars = {
      {"NAME", opt.name},
      {"EXT", c ? "c" : "cpp"},
      {"LANGUAGES", c ? "C" : "C CXX"},
      {"LANG_TITLE", c ? "C, against the C ABI in <fcbench/plugin.h>"
                       : "C++, through the SDK's <fcbench/plugin.hpp>"},
      {"LANG_FLAG", c ? " --lang c" : ""},
      {"HINTS", hints(opt.sdk_dir)}};
  const std::string& n = opt.name;
  std::vector<File> files = {{"README.md", templates::kReadme},
                             {"CMakeLists.txt", templates::kCMakeLists},
                             {"src/" + n + "_plugin." + (c ? "c" : "cpp"),
                              c ? templates::kPluginC : templates::kPluginCpp},
                             {"guest/" + n + ".c", templates::kGuest},
                             {"test/parser_test.c", templates::kParserTest},
                             {"test/data/" + n + ".out", templates::kRecordedOutput},
                             {"suite.yaml", templates::kSuite},
                             {".gitignore", templates::kGitignore}};
  for (auto& f : files) f.content = fill(f.content, vars);
  return files;
}

namespace {

fs::path project_dir(const fs::path& target) {
  return target.filename().empty() ? target.parent_path() : target;  // "d/" is d
}

fs::path parent_of(const fs::path& dir) {
  return dir.has_parent_path() ? dir.parent_path() : fs::path(".");
}

// A directory name that add_subdirectory() and a YAML list take unquoted.
bool plain_dir_name(const std::string& s) {
  auto ok = [](char c) { return ident_char(c) || c == '.' || c == '-'; };
  return !s.empty() && ident_char(s[0]) && std::all_of(s.begin(), s.end(), ok);
}

// The pack's CMakeLists.txt with add_subdirectory(dir) at its end; a new
// one when it has none (`existing` is nullopt).
std::string pack_cmakelists(const std::optional<std::string>& existing, const std::string& pack,
                            const std::string& dir, const std::string& name) {
  const std::string add =
      fmt::format("# {}: added by `fcbench plugin new`\nadd_subdirectory({})\n", name, dir);
  if (existing) {
    const bool newline = existing->empty() || existing->back() == '\n';
    return *existing + (newline ? "\n" : "\n\n") + add;
  }
  std::string project = pack;
  std::replace(project.begin(), project.end(), '-', '_');
  return fmt::format(
      "# The {} pack: its plugins, one directory each. `fcbench pack build` builds\n"
      "# this; `fcbench plugin new NAME --dir DIR` adds one.\n"
      "cmake_minimum_required(VERSION 3.16)\nproject({} LANGUAGES C CXX)\n\n{}",
      pack, project, add);
}

}  // namespace

std::optional<PackEdit> plan_pack_edit(const fs::path& target, const std::string& name) {
  const fs::path dir = project_dir(target), root = parent_of(dir);
  PackEdit e;
  e.manifest = root / pack::kManifestFile;
  std::error_code ec;
  if (fs::symlink_status(e.manifest, ec).type() == fs::file_type::not_found ||
      fs::symlink_status(dir, ec).type() != fs::file_type::not_found)
    return std::nullopt;  // no pack; or an existing `dir`, which write_project refuses
  e.subdirectory = dir.filename().string();
  if (!plain_dir_name(e.subdirectory))
    throw UserError(fmt::format("{}: cannot add plugin '{}' to this pack from the directory '{}': "
                                "name it with letters, digits, '.', '_' and '-' only",
                                e.manifest.string(), name, e.subdirectory),
                    2);
  e.manifest_before = read_file(e.manifest);
  e.manifest_after = pack::add_plugin_to_manifest(e.manifest_before, e.manifest, name,
                                                  e.subdirectory + "/suite.yaml");
  e.pack = pack::parse_manifest(e.manifest_after, e.manifest).name;
  e.cmakelists = root / "CMakeLists.txt";
  e.cmakelists_created = !fs::exists(e.cmakelists, ec);
  std::optional<std::string> existing;
  if (!e.cmakelists_created) existing = read_file(e.cmakelists);
  e.cmakelists_after = pack_cmakelists(existing, e.pack, e.subdirectory, name);
  return e;
}

namespace {

// 0777 less this process's umask, for the project directory (mkdtemp made it 0700).
fs::perms dir_perms() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<fs::perms>(0777 & ~mask);
}

void write_all(const fs::path& root, const std::vector<File>& files) {
  for (auto& f : files) {
    fs::path p = root / f.path;
    fs::create_directories(p.parent_path());
    write_file(p, f.content);
  }
  fs::permissions(root, dir_perms());
}

// New content for `file`, written beside it (with its mode) and renamed over
// it by commit(); the temporary is removed unless committed.
class StagedFile {
 public:
  StagedFile(const fs::path& file, const std::string& text)
      : file_(fs::is_symlink(file) ? fs::canonical(file) : file), tmp_(temp_sibling(file_)) {
    try {
      write_file(tmp_, text);
      std::error_code ec;
      if (auto st = fs::status(file_, ec); fs::exists(st)) fs::permissions(tmp_, st.permissions());
    } catch (...) {
      discard();
      throw;
    }
  }
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile() { discard(); }
  void commit() {
    fs::rename(tmp_, file_);
    tmp_.clear();
  }

 private:
  void discard() {
    std::error_code ec;
    if (!tmp_.empty()) fs::remove(tmp_, ec);
  }
  fs::path file_, tmp_;
};

void check_new_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::symlink_status(dir, ec).type() != fs::file_type::not_found)
    throw UserError(fmt::format("{} already exists; plugin new never writes into an existing "
                                "directory (choose another with --dir)",
                                dir.string()),
                    2);
  const fs::path parent = parent_of(dir);
  if (!fs::is_directory(parent, ec))
    throw UserError(
        fmt::format("cannot create {}: {} is not a directory", dir.string(), parent.string()), 2);
}

// RENAME_NOREPLACE: a directory that appeared meanwhile is not replaced.
void rename_new(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  const int err = errno;
  if (err == EEXIST) throw UserError(to.string() + " already exists", 2);
  throw SystemError("cannot rename " + from.string() + " to " + to.string(), err);
}

// Renames the staged pack files into place once the project is (`dir`); a
// failure takes the project and the pack.yaml edit back.
void commit_pack_edit(const fs::path& dir, const PackEdit& edit, StagedFile& manifest,
                      StagedFile& cmakelists) {
  std::error_code ec;
  try {
    manifest.commit();
  } catch (...) {
    fs::remove_all(dir, ec);
    throw;
  }
  try {
    cmakelists.commit();
  } catch (...) {
    fs::remove_all(dir, ec);
    write_file_atomic(edit.manifest, edit.manifest_before);
    throw;
  }
}

}  // namespace

void write_project(const fs::path& target, const std::vector<File>& files,
                   const std::optional<PackEdit>& edit) {
  const fs::path dir = project_dir(target);
  check_new_dir(dir);
  ScratchDir tmp(parent_of(dir), "." + dir.filename().string() + ".new-");
  write_all(tmp.path(), files);
  std::optional<StagedFile> manifest, cmakelists;
  if (edit) {
    manifest.emplace(edit->manifest, edit->manifest_after);
    cmakelists.emplace(edit->cmakelists, edit->cmakelists_after);
  }
  rename_new(tmp.path(), dir);
  tmp.release();
  if (edit) commit_pack_edit(dir, *edit, *manifest, *cmakelists);
}

}  // namespace fcbench::scaffold

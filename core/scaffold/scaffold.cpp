#include "scaffold/scaffold.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

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

}  // namespace

void write_project(const fs::path& target, const std::vector<File>& files) {
  const fs::path dir = target.filename().empty() ? target.parent_path() : target;  // "d/" is d
  std::error_code ec;
  if (fs::symlink_status(dir, ec).type() != fs::file_type::not_found)
    throw UserError(fmt::format("{} already exists; plugin new never writes into an existing "
                                "directory (choose another with --dir)",
                                dir.string()),
                    2);
  fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    throw UserError(
        fmt::format("cannot create {}: {} is not a directory", dir.string(), parent.string()), 2);
  std::string tmpl = (parent / ("." + dir.filename().string() + ".new-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data()))
    throw SystemError("cannot create a directory in " + parent.string(), errno);
  const fs::path tmp = tmpl;
  try {
    write_all(tmp, files);
    // RENAME_NOREPLACE: a directory that appeared meanwhile is not replaced.
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_NOREPLACE) != 0) {
      int err = errno;
      if (err == EEXIST) throw UserError(dir.string() + " already exists", 2);
      throw SystemError("cannot rename " + tmp.string() + " to " + dir.string(), err);
    }
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

}  // namespace fcbench::scaffold

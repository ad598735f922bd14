// `fcbench plugin new`: the files of a new plugin project, and writing them.
// project_files() is pure (the CLI writes what it returns), so the file list
// is unit-testable; write_project() never touches an existing directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fcbench::scaffold {

enum class Lang { c, cpp };

// "c" or "cpp"; nullopt for anything else.
std::optional<Lang> parse_lang(const std::string& text);

inline constexpr size_t kMaxNameLength = 32;

// Why `name` cannot name a new plugin (empty, not a C identifier, reserved,
// too long, or one of `taken`), or nullopt if it can.
std::optional<std::string> name_problem(const std::string& name,
                                        const std::vector<std::string>& taken);

struct Options {
  std::string name;
  Lang lang = Lang::cpp;
  // The directory holding fcbench-sdkConfig.cmake of the fcbench that writes
  // the project: a fallback HINTS for find_package. Empty: none.
  std::string sdk_dir;
};

struct File {
  std::string path;  // relative to the project directory
  std::string content;
};

// The project's files, in the order they are listed to the user.
std::vector<File> project_files(const Options& opt);

// What adding a new project to the pack in its parent directory changes:
// the pack's pack.yaml, and its top CMakeLists.txt (written when missing).
struct PackEdit {
  std::string pack;                // the pack's name
  std::filesystem::path manifest;  // PACK/pack.yaml
  std::string manifest_before, manifest_after;
  std::filesystem::path cmakelists;  // PACK/CMakeLists.txt
  std::string cmakelists_after;
  bool cmakelists_created = false;  // there was none
  std::string subdirectory;         // the project's directory, in the pack
};

// When `target`'s parent holds a pack.yaml: the edits that add plugin `name`,
// in the new directory `target`, to that pack. Its name joins `plugins`, its
// suite.yaml `suites`, and add_subdirectory(DIR) the pack's CMakeLists.txt.
// nullopt when there is no pack.yaml (or `target` exists). Reads only.
// Throws UserError (exit 2) when the pack cannot take it (name already
// listed, a pack.yaml that would not validate, a directory name that CMake
// or YAML would need quoted).
std::optional<PackEdit> plan_pack_edit(const std::filesystem::path& target,
                                       const std::string& name);

// Writes `files` into the directory `target`, which must not exist (not even
// empty) and whose parent must, and applies `edit` if given. Files go to a
// temporary directory beside it, which is then renamed into place, and the
// edited pack files are written beside theirs and renamed over them: on any
// error, nothing is left and the pack is as it was. Throws UserError (exit 2)
// for an existing `target` or a missing parent, SystemError otherwise.
void write_project(const std::filesystem::path& target, const std::vector<File>& files,
                   const std::optional<PackEdit>& edit = std::nullopt);

}  // namespace fcbench::scaffold

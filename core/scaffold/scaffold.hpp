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

// Writes `files` into the directory `target`, which must not exist (not even empty) and whose
// parent must. Files go to a temporary directory beside it, which is then
// renamed into place: on any error, nothing is left. Throws UserError (exit 2)
// for an existing `target` or a missing parent, SystemError otherwise.
void write_project(const std::filesystem::path& target, const std::vector<File>& files);

}  // namespace fcbench::scaffold

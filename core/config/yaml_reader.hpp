// Typed reads of yaml-cpp nodes with "file:line:col: message" errors
// (ConfigError, exit code 2). Shared by the suite and workload loaders.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "config/suite.hpp"
#include "plugin/plugin.hpp"
#include "plugin/registry.hpp"

namespace fcbench::config {

class YamlReader {
 public:
  explicit YamlReader(std::filesystem::path file) : file_(std::move(file)) {}

  // Parses `text`: refuses text that is not UTF-8, invalid YAML, and a key
  // given twice in one mapping anywhere (yaml-cpp keeps both; a lookup sees
  // only one of them).
  YAML::Node read_yaml(const std::string& text) const;
  // The same without the UTF-8 check, for a part of a checked text; nullopt
  // when it is not valid YAML.
  std::optional<YAML::Node> try_parse_yaml(const std::string& text) const;
  // Its two halves: the tree (any thread), then the duplicate-key check.
  static std::optional<YAML::Node> load_yaml(const std::string& text);
  void check_unique_keys(const YAML::Node& root) const;
  // Throws read_yaml's error if `text` is not valid YAML, without building
  // its tree.
  void check_syntax(const std::string& text) const;
  std::string at(const YAML::Mark& m) const;
  Location loc(const YAML::Node& n) const;  // 1:1 for nodes without a mark
  [[noreturn]] void fail(const YAML::Node& n, const std::string& msg) const;
  // Every key of `map` must be in `allowed`; `what` names the mapping.
  void check_keys(const YAML::Node& map, const std::set<std::string>& allowed,
                  const std::string& what) const;
  std::string scalar(const YAML::Node& n, const std::string& what) const;
  int64_t integer(const YAML::Node& n, const std::string& what, int64_t lo, int64_t hi) const;
  double number(const YAML::Node& n, const std::string& what) const;  // finite
  // A scalar checked against a plugin parameter's type, in canonical text.
  // `also` ends the "must be a single <type> value" message.
  std::string param_scalar(const YAML::Node& n, const plugin::ParamDef& def,
                           const std::string& also = "") const;
  // The plugin the scalar `n` names; fails listing the available ones.
  std::shared_ptr<const plugin::Plugin> plugin_named(const YAML::Node& n,
                                                     const plugin::Registry& plugins) const;
  // The parameter of `plug` the map key `key` names; fails listing the known ones.
  const plugin::ParamDef& param_named(const YAML::Node& key, const plugin::Plugin& plug) const;

 protected:
  std::filesystem::path file_;
  int line_offset_ = 0;  // the line of the file where the parsed text starts (0-based)

 private:
  void check_unique_keys(const YAML::Node& n, std::set<int>& walked) const;
};

}  // namespace fcbench::config

#include "pack/manifest_edit.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "pack/manifest.hpp"
#include "util/error.hpp"

namespace fcbench::pack {

namespace {

constexpr size_t npos = std::string::npos;

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The index just past the quoted scalar that opens at text[i] (' or ").
size_t skip_quoted(const std::string& text, size_t i) {
  const char quote = text[i];
  for (++i; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' inside '...' is a quote
        continue;
      }
      return i + 1;
    }
  }
  return i;
}

// The flow list that opens at text[open]: `item` goes right after its last
// element, so line breaks, comments and a trailing comma stay where they are.
std::string extend_flow(const std::string& text, size_t open, const std::string& item) {
  if (open >= text.size() || text[open] != '[') return text;
  size_t last = open;  // the last character that is neither blank nor comment
  int depth = 0;
  for (size_t i = open; i < text.size();) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      i = skip_quoted(text, i);
      last = i - 1;
      continue;
    }
    if (c == '#' && blank(text[i - 1])) {
      i = text.find('\n', i);
      continue;  // npos ends the loop
    }
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && --depth == 0) {
      const std::string sep = text[last] == '[' ? "" : text[last] == ',' ? " " : ", ";
      return text.substr(0, last + 1) + sep + item + text.substr(last + 1);
    }
    if (!blank(c)) last = i;
    ++i;
  }
  return text;  // never closed
}

// A block list whose last item starts at text[item_pos]: a line like that
// item's ("  - "), with `item`, goes right after it.
std::string extend_block(const std::string& text, size_t item_pos, const std::string& item) {
  const size_t nl = item_pos == 0 ? npos : text.rfind('\n', item_pos - 1);
  const size_t bol = nl == npos ? 0 : nl + 1;
  const std::string prefix = text.substr(bol, item_pos - bol);
  const size_t dash = prefix.find_first_not_of(" ");
  if (dash == npos || prefix[dash] != '-' || prefix.find_first_not_of(" \t", dash + 1) != npos)
    return text;  // not "<indent>- item" on one line
  const size_t eol = text.find('\n', item_pos);
  if (eol == npos) return text + "\n" + prefix + item + "\n";
  return text.substr(0, eol + 1) + prefix + item + "\n" + text.substr(eol + 1);
}

// `key:` with no value, at text[key_pos]: it becomes `key: [item]`.
std::string extend_empty(const std::string& text, size_t key_pos, const std::string& item) {
  const size_t colon = text.find(':', key_pos);
  if (colon == npos) return text;
  return text.substr(0, colon + 1) + " [" + item + "]" + text.substr(colon + 1);
}

}  // namespace

std::string append_list_item(const std::string& text, const std::string& key,
                             const std::string& item) {
  const YAML::Node root = YAML::Load(text);
  if (root.IsMap())
    for (const auto& kv : root) {
      if (!kv.first.IsScalar() || kv.first.Scalar() != key) continue;
      const YAML::Node& value = kv.second;
      if (value.IsNull()) return extend_empty(text, kv.first.Mark().pos, item);
      if (!value.IsSequence()) return text;
      if (value.Style() == YAML::EmitterStyle::Flow)
        return extend_flow(text, value.Mark().pos, item);
      if (value.size() == 0) return text;
      return extend_block(text, value[value.size() - 1].Mark().pos, item);
    }
  const bool newline = text.empty() || text.back() == '\n';
  return text + (newline ? "" : "\n") + key + ": [" + item + "]\n";
}

namespace {

std::vector<std::string> scalars(const YAML::Node& list) {
  std::vector<std::string> out;
  if (list && list.IsSequence())
    for (const auto& item : list) out.push_back(item.IsScalar() ? item.Scalar() : "");
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// `s` as a YAML list item: plain, unless YAML would read it as null.
std::string yaml_item(const std::string& s) {
  return s == "null" || s == "Null" || s == "NULL" ? "\"" + s + "\"" : s;
}

}  // namespace

namespace {

// Refuses the edit: with the original's own error if it was invalid already.
[[noreturn]] void refuse(const std::optional<std::string>& was_invalid,
                         const std::filesystem::path& file, const std::string& name,
                         const std::string& why) {
  if (was_invalid) throw ConfigError(*was_invalid);
  throw UserError(
      fmt::format("{}: cannot add plugin '{}' to it: {}; add it by hand", file.string(), name, why),
      2);
}

}  // namespace

std::string add_plugin_to_manifest(const std::string& text, const std::filesystem::path& file,
                                   const std::string& name, const std::string& suite) {
  std::optional<std::string> was_invalid;  // the error of `text` as it is
  try {
    parse_manifest(text, file);
  } catch (const UserError& e) {
    was_invalid = e.what();
  }
  std::vector<std::string> plugins, suites;
  std::string out;
  Manifest edited;
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) refuse(was_invalid, file, name, "it is not a mapping");
    plugins = scalars(root["plugins"]);
    suites = scalars(root["suites"]);
    if (has(plugins, name))
      throw UserError(
          fmt::format("{}: plugin '{}' is already in its plugins list", file.string(), name), 2);
    out = append_list_item(text, "plugins", yaml_item(name));
    plugins.push_back(name);
    if (!suite.empty() && !has(suites, suite)) {
      out = append_list_item(out, "suites", yaml_item(suite));
      suites.push_back(suite);
    }
    edited = parse_manifest(out, file);
  } catch (const ConfigError& e) {
    refuse(was_invalid, file, name, std::string("the edited file would not validate: ") + e.what());
  } catch (const YAML::Exception& e) {
    refuse(was_invalid, file, name, std::string("the edited file would not be YAML: ") + e.what());
  }
  if (edited.plugins != plugins || edited.suites != suites)
    refuse(was_invalid, file, name,
           "its plugins or suites list is written in a way this edit cannot extend");
  return out;
}

}  // namespace fcbench::pack

#include "config/yaml_reader.hpp"

#include <fmt/ranges.h>
#include <yaml-cpp/eventhandler.h>

#include <map>
#include <sstream>

#include "plugin/param_text.hpp"
#include "util/error.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace fcbench::config {

YAML::Node YamlReader::read_yaml(const std::string& text) const {
  if (const size_t bad = invalid_utf8_at(text); bad != std::string::npos)
    throw ConfigError(file_.string() + ":" + line_col(text, bad) +
                      ": not valid UTF-8 (a YAML file must be UTF-8 text)");
  if (auto root = try_parse_yaml(text)) return *root;
  check_syntax(text);  // says where and why
  throw ConfigError(file_.string() + ": invalid YAML");
}

std::optional<YAML::Node> YamlReader::try_parse_yaml(const std::string& text) const {
  auto root = load_yaml(text);
  if (root) check_unique_keys(*root);
  return root;
}

std::optional<YAML::Node> YamlReader::load_yaml(const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException&) {
    return std::nullopt;
  }
}

void YamlReader::check_unique_keys(const YAML::Node& root) const {
  std::set<int> walked;
  check_unique_keys(root, walked);
}

namespace {

struct NoEvents : YAML::EventHandler {
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

void YamlReader::check_syntax(const std::string& text) const {
  std::istringstream in(text);
  NoEvents none;
  try {
    YAML::Parser(in).HandleNextDocument(none);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(at(e.mark) + ": invalid YAML: " + e.msg);
  }
}

// `walked` holds the collections already checked, by their position in the
// text: an alias repeats its anchor's node, so each is walked once.
void YamlReader::check_unique_keys(const YAML::Node& n, std::set<int>& walked) const {
  if (!n.IsMap() && !n.IsSequence()) return;
  if (!n.Mark().is_null() && !walked.insert(n.Mark().pos).second) return;
  if (n.IsSequence()) {
    for (const auto& item : n) check_unique_keys(item, walked);
    return;
  }
  std::map<std::string, int> first_line;
  for (const auto& kv : n) {
    if (kv.first.IsScalar()) {
      auto [it, fresh] =
          first_line.emplace(kv.first.Scalar(), line_offset_ + kv.first.Mark().line + 1);
      if (!fresh)
        fail(kv.first,
             fmt::format("duplicate key '{}' (first given on line {}); give each key once",
                         kv.first.Scalar(), it->second));
    }
    check_unique_keys(kv.second, walked);
  }
}

std::string YamlReader::at(const YAML::Mark& m) const {
  return Location{file_.string(), line_offset_ + m.line + 1, m.column + 1}.str();
}

Location YamlReader::loc(const YAML::Node& n) const {
  if (n.Mark().is_null()) return {file_.string(), 1, 1};
  return {file_.string(), line_offset_ + n.Mark().line + 1, n.Mark().column + 1};
}

void YamlReader::fail(const YAML::Node& n, const std::string& msg) const {
  throw ConfigError(loc(n).str() + ": " + msg);
}

void YamlReader::check_keys(const YAML::Node& map, const std::set<std::string>& allowed,
                            const std::string& what) const {
  for (const auto& kv : map) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (allowed.count(key)) continue;
    fail(kv.first,
         fmt::format("unknown key '{}' in {} (allowed: {})", key, what, fmt::join(allowed, ", ")));
  }
}

std::string YamlReader::scalar(const YAML::Node& n, const std::string& what) const {
  if (!n.IsScalar()) fail(n, "'" + what + "' must be a single value");
  return n.Scalar();
}

int64_t YamlReader::integer(const YAML::Node& n, const std::string& what, int64_t lo,
                            int64_t hi) const {
  std::string s = scalar(n, what);
  auto v = parse_number<int64_t>(s);
  if (!v) fail(n, "'" + what + "' must be an integer, got '" + s + "'");
  if (*v < lo || *v > hi)
    fail(n, "'" + what + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return *v;
}

double YamlReader::number(const YAML::Node& n, const std::string& what) const {
  std::string s = scalar(n, what);
  auto v = parse_number<double>(s);
  if (!v) fail(n, "'" + what + "' must be a number, got '" + s + "'");
  return *v;
}

std::string YamlReader::param_scalar(const YAML::Node& n, const plugin::ParamDef& def,
                                     const std::string& also) const {
  if (!n.IsScalar())
    fail(n, "parameter '" + def.name + "' must be a single " + plugin::type_name(def.type) +
                " value" + also);
  try {
    return plugin::canonical_param(def, n.Scalar());
  } catch (const plugin::PluginError& e) {
    fail(n, e.what());
  }
}

std::shared_ptr<const plugin::Plugin> YamlReader::plugin_named(
    const YAML::Node& n, const plugin::Registry& plugins) const {
  std::string name = scalar(n, "plugin");
  auto plug = plugins.find(name);
  if (!plug) fail(n, plugins.unknown_plugin(name));
  return plug;
}

const plugin::ParamDef& YamlReader::param_named(const YAML::Node& key,
                                                const plugin::Plugin& plug) const {
  std::string name = scalar(key, "parameter name");
  const plugin::ParamDef* def = plug.find_param(name);
  if (!def) fail(key, plugin::unknown_param(plug, name));
  return *def;
}

}  // namespace fcbench::config

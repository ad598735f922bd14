#include "pack/manifest.hpp"

#include <fmt/format.h>

#include <cctype>

#include "config/yaml_reader.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::pack {

namespace {

bool c_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64 || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

class Reader : config::YamlReader {
 public:
  using YamlReader::YamlReader;

  Manifest read(const YAML::Node& root) {
    if (!root.IsMap())
      fail(root, "pack.yaml must be a mapping with name, version, sdk and plugins");
    check_keys(root,
               {"name", "version", "description", "maintainers", "license", "sdk", "plugins",
                "suites", "docs"},
               "pack.yaml");
    Manifest m;
    m.name = required(root, "name");
    if (!valid_pack_name(m.name))
      fail(root["name"], "name '" + m.name +
                             "': use 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter "
                             "or digit");
    auto v = parse_version(required(root, "version"));
    if (!v) fail(root["version"], "version must be MAJOR.MINOR.PATCH, e.g. 1.2.0");
    m.version = *v;
    m.sdk = range(root);
    if (root["description"]) m.description = scalar(root["description"], "description");
    if (root["license"]) m.license = scalar(root["license"], "license");
    m.maintainers = list(root, "maintainers");
    m.plugins = list(root, "plugins");
    if (m.plugins.empty())
      fail(root["plugins"] ? root["plugins"] : root, "plugins: list at least one plugin");
    for (size_t i = 0; i < m.plugins.size(); ++i)
      if (!c_identifier(m.plugins[i]))
        fail(root["plugins"][i], "plugin name '" + m.plugins[i] + "' is not a C identifier");
    m.suites = paths(root, "suites");
    m.docs = paths(root, "docs");
    return m;
  }

 private:
  std::string required(const YAML::Node& root, const std::string& key) {
    if (!root[key]) fail(root, "pack.yaml needs '" + key + "'");
    return scalar(root[key], key);
  }

  Range range(const YAML::Node& root) {
    const std::string text = required(root, "sdk");
    try {
      return Range::parse(text);
    } catch (const std::invalid_argument& e) {
      fail(root["sdk"], std::string("sdk: ") + e.what());
    }
  }

  std::vector<std::string> list(const YAML::Node& root, const std::string& key) {
    std::vector<std::string> out;
    const YAML::Node n = root[key];
    if (!n || n.IsNull()) return out;
    if (!n.IsSequence()) fail(n, "'" + key + "' must be a list");
    for (const auto& item : n) out.push_back(scalar(item, key + " item"));
    return out;
  }

  std::vector<std::string> paths(const YAML::Node& root, const std::string& key) {
    auto out = list(root, key);
    for (size_t i = 0; i < out.size(); ++i)
      if (!valid_relative_path(out[i]))
        fail(root[key][i], "'" + out[i] + "' must be a relative path inside the pack");
    return out;
  }
};

}  // namespace

bool valid_pack_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || !std::isalnum(static_cast<unsigned char>(name[0])))
    return false;
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      return false;
  return true;
}

bool valid_relative_path(const std::string& path) {
  if (path.empty() || path[0] == '/') return false;
  for (const auto& part : std::filesystem::path(path))
    if (part == "..") return false;
  return true;
}

Manifest parse_manifest(const std::string& text, const std::filesystem::path& file) {
  const YAML::Node root = config::YamlReader(file).read_yaml(text);
  if (root.IsNull()) throw ConfigError(file.string() + ":1:1: pack.yaml is empty");
  return Reader(file).read(root);
}

Manifest load_manifest(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw UserError(file.string() + ": no pack.yaml here (a pack's source has one at its root)", 2);
  return parse_manifest(read_file(file), file);
}

}  // namespace fcbench::pack

#include "plugin/param_text.hpp"

#include <cmath>
#include <cstdint>
#include <set>

#include "util/number.hpp"

namespace fcbench::plugin {

std::optional<bool> parse_bool(const std::string& s) {
  static const std::set<std::string> yes = {"true", "True", "TRUE", "yes", "Yes",
                                            "YES",  "on",   "On",   "ON"};
  static const std::set<std::string> no = {"false", "False", "FALSE", "no", "No",
                                           "NO",    "off",   "Off",   "OFF"};
  if (yes.count(s)) return true;
  if (no.count(s)) return false;
  return std::nullopt;
}

std::string canonical_param(const ParamDef& def, const std::string& s) {
  switch (def.type) {
    case FCB_PARAM_INT: {
      auto v = parse_number<int64_t>(s);
      if (!v) throw PluginError("'" + def.name + "' must be an integer, got '" + s + "'");
      return std::to_string(*v);
    }
    case FCB_PARAM_FLOAT: {
      auto v = parse_number<double>(s);
      if (!v) throw PluginError("'" + def.name + "' must be a number, got '" + s + "'");
      bool integral = s.find_first_of(".eE") == std::string::npos && std::fabs(*v) < 9.2e18;
      return integral ? std::to_string(int64_t(*v)) : s;
    }
    case FCB_PARAM_BOOL:
      if (auto b = parse_bool(s)) return *b ? "true" : "false";
      throw PluginError("parameter '" + def.name + "' must be true or false, got '" + s + "'");
    case FCB_PARAM_STRING:
      return s;
  }
  throw PluginError("parameter '" + def.name + "' has an unknown type");
}

}  // namespace fcbench::plugin

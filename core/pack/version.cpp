#include "pack/version.hpp"

#include <fmt/format.h>

#include <charconv>
#include <sstream>
#include <stdexcept>

namespace fcbench::pack {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::string Version::str() const {
  return fmt::format("{}.{}.{}", major, minor, patch);
}

std::optional<Version> parse_version(const std::string& text) {
  int parts[3] = {0, 0, 0};
  size_t n = 0, pos = 0;
  while (n < 3) {
    const size_t dot = text.find('.', pos);
    const std::string part = text.substr(pos, dot == std::string::npos ? dot : dot - pos);
    if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != part.npos)
      return std::nullopt;
    std::from_chars(part.data(), part.data() + part.size(), parts[n++]);
    if (dot == std::string::npos) return Version{parts[0], parts[1], parts[2]};
    pos = dot + 1;
  }
  return std::nullopt;  // a fourth part
}

Range Range::parse(const std::string& text) {
  Range r;
  r.text_ = trim(text);
  if (r.text_ == "*") return r;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    item = trim(item);
    size_t op_len = item.find_first_not_of("<>=");
    if (op_len == std::string::npos) op_len = item.size();
    std::string op = item.substr(0, op_len);
    if (op == "==") op = "=";
    if (op != ">=" && op != ">" && op != "<=" && op != "<" && op != "=")
      throw std::invalid_argument(fmt::format(
          "'{}' in \"{}\": a constraint is >=, >, <=, < or = and a version, e.g. \">=1.0, <2\"",
          item, text));
    auto v = parse_version(trim(item.substr(op_len)));
    if (!v)
      throw std::invalid_argument(
          fmt::format("'{}' in \"{}\": expected a version such as 1 or 1.2 or 1.2.3", item, text));
    r.all_.push_back({op, *v});
  }
  if (r.all_.empty()) throw std::invalid_argument("an empty version range");
  return r;
}

bool Range::allows(const Version& v) const {
  for (const Constraint& c : all_) {
    const bool ok = c.op == ">="   ? v >= c.version
                    : c.op == ">"  ? v > c.version
                    : c.op == "<=" ? v <= c.version
                    : c.op == "<"  ? v < c.version
                                   : v == c.version;
    if (!ok) return false;
  }
  return true;
}

}  // namespace fcbench::pack

// Versions (MAJOR.MINOR.PATCH, missing parts 0) and ranges of them
// (">=1.0, <2"): a pure value type, no I/O.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <vector>

namespace fcbench::pack {

struct Version {
  int major = 0, minor = 0, patch = 0;
  auto operator<=>(const Version&) const = default;
  std::string str() const;  // "1.2.0"
};

// "1", "1.2" or "1.2.3" (digits only); nullopt otherwise.
std::optional<Version> parse_version(const std::string& text);

// Comma-separated constraints, all of which must hold: >=, >, <=, <, = or ==
// followed by a version. "*" allows every version.
class Range {
 public:
  // Throws std::invalid_argument saying what is wrong.
  static Range parse(const std::string& text);
  bool allows(const Version& v) const;
  const std::string& text() const { return text_; }

 private:
  struct Constraint {
    std::string op;
    Version version;
  };
  std::vector<Constraint> all_;
  std::string text_;
};

}  // namespace fcbench::pack

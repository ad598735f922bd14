// fcbench plugin SDK: helpers for parsing a payload's output in parse().
#ifndef FCBENCH_SDK_HELPERS_HPP
#define FCBENCH_SDK_HELPERS_HPP

#include <cstdlib>
#include <fcbench/sdk/types.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace fcbench::sdk {

// "key: value" lines, as the built-in guest programs print them. `what`
// names the output in errors ("prime output has no 'count:' line").
class Fields {
 public:
  Fields(std::string_view text, std::string what) : what_(std::move(what)) {
    while (!text.empty()) {
      size_t eol = text.find('\n');
      std::string_view line = text.substr(0, eol);
      text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
      size_t colon = line.find(": ");
      if (colon != std::string_view::npos)
        kv_.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
    }
  }
  bool has(const std::string& key) const { return kv_.count(key) > 0; }
  // The value, or "" when absent (for messages).
  std::string operator[](const std::string& key) const { return has(key) ? kv_.at(key) : ""; }
  const std::string& text(const std::string& key) const {
    auto it = kv_.find(key);
    if (it == kv_.end()) throw Error(what_ + " has no '" + key + ":' line");
    return it->second;
  }
  // A finite number, or Error.
  double number(const std::string& key) const {
    const std::string& s = text(key);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !(v - v == 0))
      throw Error(what_ + " has a bad '" + key + "' value: '" + s + "'");
    return v;
  }

 private:
  std::map<std::string, std::string> kv_;
  std::string what_;
};

// Finds "<label><spaces/colon/=><number>" in text; the first match wins.
inline std::optional<double> number_after(std::string_view text, std::string_view label) {
  for (size_t pos = text.find(label); pos != std::string_view::npos;
       pos = text.find(label, pos + 1)) {
    size_t i = pos + label.size();
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == ':' || text[i] == '='))
      ++i;
    std::string rest(text.substr(i, 64));
    char* end = nullptr;
    double v = std::strtod(rest.c_str(), &end);
    if (end != rest.c_str()) return v;
  }
  return std::nullopt;
}

// Throws Error unless the payload exited with status 0; the message carries
// the status (or signal) and the tail of stderr.
inline void require_success(const Output& o) {
  if (o.term_signal == 0 && o.exit_status == 0) return;
  std::string why = o.term_signal ? "payload killed by signal " + std::to_string(o.term_signal)
                                  : "payload exited with status " + std::to_string(o.exit_status);
  std::string_view tail = o.err.size() > 300 ? o.err.substr(o.err.size() - 300) : o.err;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.remove_suffix(1);
  if (!tail.empty()) why += ": " + std::string(tail);
  throw Error(why);
}

}  // namespace fcbench::sdk

#endif  // FCBENCH_SDK_HELPERS_HPP

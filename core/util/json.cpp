#include "util/json.hpp"

#include <algorithm>
#include <utility>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace fcbench {

namespace {

// 1-based line and column of a parse error's byte offset (nlohmann counts
// bytes read, 1-based, so the offending byte is at byte - 1).
std::pair<size_t, size_t> byte_line_col(const std::string& text, size_t byte) {
  size_t off = std::min(byte ? byte - 1 : 0, text.size());
  size_t line = 1, bol = 0;
  for (size_t i = 0; i < off; ++i)
    if (text[i] == '\n') ++line, bol = i + 1;
  return {line, off - bol + 1};
}

// nlohmann's message without its "[json.exception...] parse error at ...:" prefix.
std::string parse_reason(const std::string& what) {
  std::string s = what;
  if (auto p = s.find("] "); s.starts_with("[json.exception") && p != std::string::npos)
    s = s.substr(p + 2);
  if (s.starts_with("parse error"))
    if (auto p = s.find(": "); p != std::string::npos) s = s.substr(p + 2);
  return s;
}

}  // namespace

nlohmann::json parse_json_file(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    auto [line, col] = byte_line_col(text, e.byte);
    throw UserError(
        fmt::format("{}:{}:{}: invalid JSON: {}", file.string(), line, col, parse_reason(e.what())),
        2);
  } catch (const nlohmann::json::out_of_range& e) {  // a number too large for a double
    const auto o = json_overflow(text, e.what());
    auto [line, col] = byte_line_col(text, o.at == std::string::npos ? 0 : o.at + 1);
    throw UserError(fmt::format("{}:{}:{}: invalid JSON: number {} is too large", file.string(),
                                line, col, o.number),
                    2);
  }
}

nlohmann::json optional_json_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return nullptr;
  return parse_json_file(file);
}

}  // namespace fcbench

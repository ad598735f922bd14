#include "config/list_split.hpp"

namespace fcbench::config {

namespace {

struct Line {
  size_t begin = 0, end = 0;  // end: past the newline, or the text's end
  size_t indent = 0;          // leading spaces
  std::string_view body;      // after the indentation, without the newline
};

Line line_at(std::string_view text, size_t at) {
  Line l;
  l.begin = at;
  size_t nl = text.find('\n', at);
  l.end = nl == std::string_view::npos ? text.size() : nl + 1;
  std::string_view s = text.substr(at, (nl == std::string_view::npos ? text.size() : nl) - at);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  l.indent = std::min(s.find_first_not_of(' '), s.size());
  l.body = s.substr(l.indent);
  return l;
}

bool blank_or_comment(const Line& l) {
  return l.body.empty() || l.body[0] == '#';
}

bool starts_item(std::string_view body) {
  return !body.empty() && body[0] == '-' && (body.size() == 1 || body[1] == ' ');
}

// `KEY:` with nothing after it but spaces and a comment.
bool is_key_line(const Line& l, std::string_view key) {
  if (l.indent != 0 || l.body.substr(0, key.size()) != key) return false;
  std::string_view after = l.body.substr(key.size());
  if (after.empty() || after[0] != ':') return false;
  after.remove_prefix(1);
  size_t i = after.find_first_not_of(' ');
  return i == std::string_view::npos || (after[i] == '#' && i > 0);
}

}  // namespace

std::optional<ListSplit> split_top_list(std::string_view text, std::string_view key,
                                        size_t items_per_chunk) {
  if (text.find('\t') != std::string_view::npos) return std::nullopt;
  std::optional<Line> key_line;
  int line_no = 0, key_no = 0;
  for (size_t at = 0; at < text.size(); ++line_no) {
    Line l = line_at(text, at);
    if (is_key_line(l, key)) {
      if (key_line) return std::nullopt;  // twice: the whole text's check says so
      key_line = l;
      key_no = line_no;
    }
    at = l.end;
  }
  if (!key_line) return std::nullopt;

  ListSplit out;
  out.key_line = key_no;
  size_t indent = 0, region_begin = 0, region_end = text.size();
  int items = 0;
  line_no = key_no + 1;
  for (size_t at = key_line->end; at < text.size(); ++line_no) {
    Line l = line_at(text, at);
    if (!blank_or_comment(l)) {
      const bool item = starts_item(l.body);
      if (items == 0) {
        if (!item) return std::nullopt;  // not a block list
        indent = l.indent;
        region_begin = l.begin;
      } else if (l.indent < indent || (l.indent == indent && !item)) {
        region_end = l.begin;
        break;
      }
      if (item && l.indent == indent) {
        if (items % items_per_chunk == 0) {
          if (!out.chunks.empty()) out.chunks.back().end = l.begin;
          out.chunks.push_back({l.begin, 0, line_no});
        }
        ++items;
      }
    }
    at = l.end;
  }
  if (items == 0) return std::nullopt;
  out.chunks.back().end = region_end;
  out.items = size_t(items);

  std::string_view region = text.substr(region_begin, region_end - region_begin);
  out.rest.reserve(text.size() - region.size());
  out.rest.append(text.substr(0, region_begin));
  for (char c : region)
    if (c == '\n') out.rest += '\n';
  out.rest.append(text.substr(region_end));
  return out;
}

}  // namespace fcbench::config

#include "report/svg_inline.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace fcbench::report {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

bool starts_with(std::string_view s, size_t at, std::string_view what) {
  return s.substr(at, what.size()) == what;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Prefixes ids and references to them; only inside tags, so text a user
// wrote (a benchmark name in a title) is never rewritten.
std::string prefix_ids(std::string_view svg, std::string_view prefix) {
  std::string out;
  out.reserve(svg.size() + svg.size() / 16);
  bool in_tag = false;
  char quote = 0;
  for (size_t i = 0; i < svg.size();) {
    char c = svg[i];
    if (!in_tag) {
      in_tag = c == '<';
      out += c, ++i;
    } else if (quote) {
      if (c == quote) {
        quote = 0;
        out += c, ++i;
      } else if (starts_with(svg, i, "url(#")) {
        out.append("url(#").append(prefix), i += 5;
      } else {
        out += c, ++i;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      out += c, ++i;
    } else if (c == '>') {
      in_tag = false;
      out += c, ++i;
    } else if (i > 0 && is_space(svg[i - 1]) && starts_with(svg, i, "id=") && i + 3 < svg.size() &&
               (svg[i + 3] == '"' || svg[i + 3] == '\'')) {
      quote = svg[i + 3];
      out.append("id=").append(1, quote).append(prefix), i += 4;
    } else if (starts_with(svg, i, "href=") && i + 6 < svg.size() &&
               (svg[i + 5] == '"' || svg[i + 5] == '\'') && svg[i + 6] == '#') {
      quote = svg[i + 5];
      out.append("href=").append(1, quote).append("#").append(prefix), i += 7;
    } else {
      out += c, ++i;
    }
  }
  return out;
}

// The <svg ...> start tag without its xmlns attributes: an HTML5 parser puts
// inline <svg> in the SVG namespace and xlink:href in the XLink one itself,
// so the page then names no http:// URL at all.
std::string drop_xmlns(std::string svg) {
  size_t end = svg.find('>');
  for (size_t at; (at = svg.find("xmlns", 0)) != std::string::npos && at < end;) {
    size_t q = svg.find_first_of("\"'", at);
    size_t close = q == std::string::npos ? q : svg.find(svg[q], q + 1);
    if (close == std::string::npos || close > end) break;
    size_t from = at;
    while (from > 0 && is_space(svg[from - 1])) --from;
    svg.erase(from, close + 1 - from);
    end = svg.find('>');
  }
  return svg;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

}  // namespace

std::string set_svg_title(std::string_view svg, std::string_view title) {
  std::string out(svg);
  size_t t0 = out.find("<title>"), t1 = out.find("</title>");
  if (t0 != std::string::npos && t1 != std::string::npos && t0 < t1)
    out.replace(t0 + 7, t1 - (t0 + 7), xml_escape(title));
  return out;
}

std::string inline_svg(std::string_view svg, std::string_view prefix, std::string_view title) {
  size_t start = svg.find("<svg");
  if (start == std::string_view::npos) throw std::runtime_error("gnuplot wrote no <svg> element");
  if (lower(svg).find("<script") != std::string::npos)
    throw std::runtime_error("gnuplot wrote an SVG with a <script> element");
  std::string out = set_svg_title(drop_xmlns(prefix_ids(svg.substr(start), prefix)), title);
  while (!out.empty() && is_space(out.back())) out.pop_back();
  return out;
}

}  // namespace fcbench::report

// Escaping, tables, figures and the style sheet of the HTML report.
#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "report/svg_inline.hpp"

namespace fcbench::report::html {

std::string escape(std::string_view s) {
  return xml_escape(s);
}

std::string table(const Table& t) {
  std::string out = "<table>";
  if (!t.caption.empty() && !t.collapsed) out += "<caption>" + escape(t.caption) + "</caption>";
  out += "<thead><tr>";
  for (auto& h : t.header) out += "<th>" + escape(h) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (auto& row : t.rows) {
    out += "<tr>";
    for (auto& cell : row) out += "<td>" + escape(cell) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  if (!t.collapsed) return out;
  return fmt::format("<details><summary>{} ({} rows)</summary>\n{}</details>\n", escape(t.caption),
                     t.rows.size(), out);
}

std::string figure(const Chart& c, const std::string& inline_svg, const std::string& problem) {
  std::string out =
      fmt::format("<figure id=\"fig-{}\" data-figure=\"{}\">\n", escape(c.name), escape(c.name));
  out += "<figcaption>" + escape(c.title) + "</figcaption>\n";
  if (!inline_svg.empty())
    out += "<div class=\"plot\">" + inline_svg + "</div>\n";
  else
    out += "<p class=\"problem\">Figure not drawn: " + escape(problem) + "</p>\n";
  if (!c.note.empty()) out += "<p class=\"note\">" + escape(c.note) + "</p>\n";
  for (auto t : c.tables) {
    if (c.tcg) t.caption += " —" + std::string(" ") + accel_label("tcg");
    out += table(t);
  }
  if (!inline_svg.empty())
    out += fmt::format("<p class=\"file\">Standalone: figures/{}.svg</p>\n", escape(c.name));
  return out + "</figure>\n";
}

const char* const kCss = R"(
body { font-family: sans-serif; margin: 1.5em auto; max-width: 1400px; padding: 0 1em;
       color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th { background: #f0f0f0; position: sticky; top: 0; }
caption { caption-side: top; text-align: left; font-style: italic; padding: 0.2em 0; }
.scroll { overflow-x: auto; }
.tcg { color: #a40; font-weight: bold; white-space: nowrap; }
.banner { background: #fff3e0; border: 1px solid #e0a050; padding: 0.6em 1em; }
.warn { background: #fff8d0; border: 1px solid #d8c060; padding: 0.4em 1em; }
.problem { background: #fde; border: 1px solid #c66; padding: 0.6em 1em; }
.noci { color: #777; font-style: italic; }
figure { margin: 1.5em 0; padding: 1em; border: 1px solid #ddd; }
figcaption { font-weight: bold; margin-bottom: 0.5em; }
.plot svg { width: 100%; height: auto; max-width: 1400px; display: block; }
.note, .file { font-size: 0.85em; color: #555; }
details { margin: 0.5em 0; }
summary { cursor: pointer; font-size: 0.9em; }
code { font-size: 0.9em; }
nav ul { columns: 2; }
)";

}  // namespace fcbench::report::html

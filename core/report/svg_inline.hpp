// Making a gnuplot SVG fit for embedding in an HTML page next to others.
#pragma once

#include <string>
#include <string_view>

namespace fcbench::report {

// The <svg> element of a standalone SVG document, ready to inline: the XML
// prolog, DOCTYPE and comments before <svg> are dropped; every id, and every
// reference to one inside a tag (href="#x", xlink:href='#x', url(#x)), gets
// `prefix` in front, so two figures on one page never share an id; the
// document's <title> becomes `title` (escaped); the xmlns attributes go
// (HTML5 implies them). Throws std::runtime_error if
// there is no <svg element or it holds a <script>.
std::string inline_svg(std::string_view svg, std::string_view prefix, std::string_view title);

// `svg` with its first <title> element's text replaced by `title` (escaped).
std::string set_svg_title(std::string_view svg, std::string_view title);

// `s` with & < > " ' as character references (for text and attribute values).
std::string xml_escape(std::string_view s);

}  // namespace fcbench::report

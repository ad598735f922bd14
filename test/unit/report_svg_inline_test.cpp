// Inlining gnuplot's SVG: prolog gone, ids unique per figure, text intact.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "report/svg_inline.hpp"

namespace {

using fcbench::report::inline_svg;

const std::string kSvg = R"svg(<?xml version="1.0" encoding="utf-8"  standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg 
 viewBox="0 0 640 400"
 xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink"
>
<title>Gnuplot</title>
<g id="gnuplot_canvas">
<defs>
	<circle id='gpDot' r='0.5'/>
	<use xlink:href='#gpDot' id='gpPt6' fill='currentColor'/>
	<clipPath id="clip1"><rect x="0" y="0" width="9" height="9"/></clipPath>
</defs>
<g clip-path="url(#clip1)"><use href="#gpPt6" transform='translate(1,2)'/></g>
<text> id='gpDot' href='#gpDot' url(#clip1) ></text>
</g>
</svg>
)svg";

// The ids of the elements (not the words in <text>).
std::set<std::string> ids(std::string svg) {
  svg = std::regex_replace(svg, std::regex("<text>[^<]*</text>"), "<text></text>");
  std::set<std::string> out;
  std::regex re(R"re(\sid=['"]([^'"]*)['"])re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), re), end; it != end; ++it)
    out.insert((*it)[1]);
  return out;
}

}  // namespace

TEST_CASE("inline_svg: prolog, DOCTYPE and xmlns go, and the title is ours", "[report]") {
  auto s = inline_svg(kSvg, "f0-", "a <b> & c");
  CHECK(s.rfind("<svg", 0) == 0);
  CHECK(s.find("<?xml") == std::string::npos);
  CHECK(s.find("DOCTYPE") == std::string::npos);
  CHECK(s.find("http") == std::string::npos);
  CHECK(s.find("viewBox=\"0 0 640 400\"") != std::string::npos);
  CHECK(s.find("<title>a &lt;b&gt; &amp; c</title>") != std::string::npos);
  CHECK(s.substr(s.size() - 6) == "</svg>");
}

TEST_CASE("inline_svg: every id and reference prefixed, text content untouched", "[report]") {
  auto s = inline_svg(kSvg, "f7-", "t");
  CHECK(ids(s) == std::set<std::string>{"f7-gnuplot_canvas", "f7-gpDot", "f7-gpPt6", "f7-clip1"});
  CHECK(s.find("xlink:href='#f7-gpDot'") != std::string::npos);
  CHECK(s.find("href=\"#f7-gpPt6\"") != std::string::npos);
  CHECK(s.find("clip-path=\"url(#f7-clip1)\"") != std::string::npos);
  CHECK(s.find("<text> id='gpDot' href='#gpDot' url(#clip1) ></text>") != std::string::npos);
}

TEST_CASE("inline_svg: two figures of one page share no id", "[report]") {
  auto a = ids(inline_svg(kSvg, "f0-", "a")), b = ids(inline_svg(kSvg, "f1-", "b"));
  REQUIRE(a.size() == 4);
  for (auto& id : a) CHECK_FALSE(b.count(id));
}

TEST_CASE("inline_svg: refuses a document with no svg or with a script", "[report]") {
  CHECK_THROWS(inline_svg("<html></html>", "f0-", "t"));
  CHECK_THROWS(inline_svg("<svg><SCRIPT>alert(1)</SCRIPT></svg>", "f0-", "t"));
}

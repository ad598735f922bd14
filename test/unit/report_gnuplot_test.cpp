// gnuplot: quoting that keeps user strings inert, datablocks, and running
// the real gnuplot (Debian gnuplot-nox) through an argv vector.
#include <catch2/catch.hpp>
#include <filesystem>

#include "../fixtures/test_support.hpp"
#include "report/gnuplot.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
namespace gp = fcbench::report::gnuplot;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;

std::string program() {
  auto p = gp::find();
  REQUIRE(p);  // setup.sh installs gnuplot-nox
  return *p;
}

std::string plot_with_title(const std::string& title) {
  return gp::svg_terminal(400, 300) + "set title " + gp::quote(title) +
         " noenhanced\nplot x title " + gp::quote(title) + " noenhanced\n";
}

}  // namespace

TEST_CASE("gnuplot quote: single quotes doubled, control characters blanked", "[report]") {
  CHECK(gp::quote("plain") == "'plain'");
  CHECK(gp::quote("it's") == "'it''s'");
  CHECK(gp::quote("a\nb\tc\x7f") == "'a b c '");
  CHECK(gp::quote("") == "''");
  CHECK(gp::quote("`x` @y \\n \"z\"") == "'`x` @y \\n \"z\"'");
}

TEST_CASE("gnuplot datablock: numbers round-trip, NaN for non-finite, names checked", "[report]") {
  CHECK(gp::datablock("d", {{1, 0.1}, {2.5e-9, -3}}) == "$d << EOD\n1 0.1\n2.5e-09 -3\nEOD\n");
  CHECK(gp::datablock("d", {{std::nan(""), 1.0 / 0.0}}) == "$d << EOD\nNaN NaN\nEOD\n");
  CHECK(std::stod(gp::number(0.1 + 0.2)) == 0.1 + 0.2);
  CHECK_THROWS_AS(gp::datablock("1d", {}), std::invalid_argument);
  CHECK_THROWS_AS(gp::datablock("d; system('x')", {}), std::invalid_argument);
  CHECK_THROWS_AS(gp::datablock("", {}), std::invalid_argument);
}

TEST_CASE("gnuplot run: a script draws an SVG with no script element", "[report]") {
  auto out = gp::run(program(), gp::svg_terminal(400, 300) + gp::datablock("d", {{1, 2}, {2, 3}}) +
                                    "plot $d using 1:2 with lines title 'line'\n");
  INFO(out.error);
  REQUIRE(out.ok);
  CHECK(out.svg.find("<svg") != std::string::npos);
  CHECK(out.svg.find("viewBox=\"0 0 400 300\"") != std::string::npos);
  CHECK(out.svg.find("<path") != std::string::npos);
  CHECK(out.svg.find("<script") == std::string::npos);
  CHECK(out.svg.find("onload") == std::string::npos);
}

TEST_CASE("gnuplot run: a hostile title is drawn as text, never executed or expanded", "[report]") {
  TempDir t;
  auto a = t / "a", b = t / "b";
  std::string title =
      "x`touch " + a.string() + "`' ; system('touch " + b.string() + "'); print '@M <b>&";
  auto out = gp::run(program(), "M = 'expanded'\n" + plot_with_title(title));
  INFO(out.error);
  REQUIRE(out.ok);
  CHECK_FALSE(fs::exists(a));
  CHECK_FALSE(fs::exists(b));
  // gnuplot escapes < and & itself; the rest is the title, verbatim.
  CHECK(out.svg.find("x`touch " + a.string() + "`' ; system('touch " + b.string() +
                     "'); print '@M &lt;b>&amp;") != std::string::npos);
  CHECK(out.svg.find("expanded") == std::string::npos);
}

TEST_CASE("gnuplot run: a broken script fails with gnuplot's message", "[report]") {
  auto out = gp::run(program(), gp::svg_terminal(400, 300) + "plot $nosuchblock using 1:2\n");
  CHECK_FALSE(out.ok);
  CHECK(out.error.find("exit status") != std::string::npos);
  CHECK(out.error.find("nosuchblock") != std::string::npos);
}

TEST_CASE("gnuplot run: a script that hangs is killed at the timeout", "[report]") {
  auto t0 = std::chrono::steady_clock::now();
  auto out = gp::run(program(), "pause 30\n", std::chrono::milliseconds(300));
  CHECK_FALSE(out.ok);
  CHECK(out.error.find("did not finish") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
}

TEST_CASE("gnuplot run_all: every script, results in input order", "[report]") {
  std::vector<std::string> scripts;
  for (int i = 0; i < 5; ++i) scripts.push_back(plot_with_title("figure-" + std::to_string(i)));
  scripts.push_back("this is not gnuplot\n");
  auto outs = gp::run_all(program(), scripts, 3);
  REQUIRE(outs.size() == 6);
  for (int i = 0; i < 5; ++i) {
    CHECK(outs[i].ok);
    CHECK(outs[i].svg.find("figure-" + std::to_string(i)) != std::string::npos);
  }
  CHECK_FALSE(outs[5].ok);
}

TEST_CASE("gnuplot find: FCBENCH_GNUPLOT overrides, and a missing one is nullopt", "[report]") {
  {
    ScopedEnv e("FCBENCH_GNUPLOT", "/nonexistent/gnuplot");
    CHECK_FALSE(gp::find());
  }
  {
    ScopedEnv e("FCBENCH_GNUPLOT", "gnuplot");
    REQUIRE(gp::find());
    CHECK(fs::path(*gp::find()).filename() == "gnuplot");
  }
  CHECK(std::string(gp::kMissingHint).find("gnuplot-nox") != std::string::npos);
}

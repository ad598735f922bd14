// gnuplot as the report's plotting library: scripts are built from quoted
// strings and inline datablocks, run through an argv vector (never a shell),
// and the SVG comes back on stdout. Debian package: gnuplot-nox.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::report::gnuplot {

// A gnuplot single-quoted string literal of `s`: no backquote, macro or
// backslash processing happens inside it; ' is doubled and control
// characters become spaces, so any user string is inert.
std::string quote(std::string_view s);

// A number as gnuplot reads it back exactly ("NaN" for a non-finite one).
std::string number(double v);

// An inline datablock: "$name << EOD\n" rows of space-separated numbers,
// then "EOD\n". `name` must be an identifier ([A-Za-z_][A-Za-z0-9_]*).
std::string datablock(std::string_view name, const std::vector<std::vector<double>>& rows);

// The gnuplot to run: $FCBENCH_GNUPLOT if set (a path or a name in PATH),
// else "gnuplot" in PATH; nullopt when it cannot be found.
std::optional<std::string> find();

// What to tell a user without gnuplot.
inline constexpr const char* kMissingHint =
    "gnuplot not found: figures need it (Debian: apt-get install gnuplot-nox; or set "
    "FCBENCH_GNUPLOT to its path)";

// The terminal line every figure starts with: an SVG of w x h pixels,
// no mouse scripts and no standalone JavaScript.
std::string svg_terminal(int width, int height);

struct Output {
  bool ok = false;
  std::string svg;    // stdout
  std::string error;  // why not ok: gnuplot's stderr or the exit status
};

// Runs `program` with `script` on stdin (argv: program only); gives up
// after `timeout`. Throws SystemError only when the process cannot be made.
Output run(const std::string& program, const std::string& script,
           std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Runs each script, up to `jobs` at once; results in input order.
std::vector<Output> run_all(const std::string& program, const std::vector<std::string>& scripts,
                            unsigned jobs);

}  // namespace fcbench::report::gnuplot

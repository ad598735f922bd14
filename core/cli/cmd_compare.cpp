#include <fmt/format.h>

#include <iostream>

#include "analysis/compare.hpp"
#include "analysis/compare_format.hpp"
#include "analysis/dataset.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/sides.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::cli {

namespace {

// Loads one side, printing what the loader warned about.
analysis::Dataset load_side(const std::string& side) {
  auto d = analysis::load({resolve_side(side)});
  for (auto& w : d.warnings) fmt::print(stderr, "fcbench compare: {}\n", w);
  return d;
}

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench compare BASE NEW [options]\n"
      "Compares two results directories group by group (benchmark, vmm, accel, metric):\n"
      "the relative change of the mean and median, a bootstrap CI of the change, a\n"
      "permutation test, and a verdict. A change counts only when p < alpha and its size\n"
      "exceeds the threshold.\n"
      "Exit codes: 0; 1 with --fail-on-regression when a group regressed; 2 for bad input");
  std::vector<std::string> sides;
  std::string threshold = "5%", format = "text", output;
  double alpha = 0.01;
  size_t resamples = 10000;
  uint64_t seed = 1;
  o.add_options()("help,h", "this help")("threshold", po::value(&threshold),
                                         "relative change that counts: 5% (default) or 0.05")(
      "alpha", po::value(&alpha)->default_value(0.01), "significance level")(
      "format", po::value(&format), "text (default) | md | json")(
      "fail-on-regression", "exit 1 when any group regressed")(
      "output,o", po::value(&output), "write to FILE instead of standard output")(
      "resamples", po::value(&resamples)->default_value(10000),
      "bootstrap and permutation resamples (at least 10000)")(
      "seed", po::value(&seed)->default_value(1), "seed of the resampling");
  auto vm = parse_args(args, o, &sides, 2);
  if (!vm) return 0;
  if (sides.size() != 2) {
    std::cerr << "fcbench compare: give two results directories, BASE and NEW\n" << o;
    return 2;
  }
  analysis::CompareOptions co;
  auto t = analysis::parse_relative(threshold);
  if (!t) throw UserError("--threshold: '" + threshold + "' is not 5% or 0.05", 2);
  co.threshold = *t;
  if (!(alpha > 0 && alpha < 1)) throw UserError("--alpha must be between 0 and 1", 2);
  co.alpha = alpha;
  if (resamples < 10000) throw UserError("--resamples must be at least 10000", 2);
  co.resamples = resamples;
  co.seed = seed;
  auto fmt_kind = analysis::compare_format_from_string(format);
  if (!fmt_kind) throw UserError("--format must be text, md or json, not '" + format + "'", 2);

  const auto base = load_side(sides[0]), next = load_side(sides[1]);
  const auto c = analysis::compare_datasets(base, next, co);
  const std::string text = analysis::format_comparison(c, co, *fmt_kind);
  // The loud warnings reach the terminal whatever the format and destination.
  if (*fmt_kind != analysis::CompareFormat::text || !output.empty())
    for (auto& w : c.env.warnings) fmt::print(stderr, "fcbench compare: WARNING: {}\n", w);
  if (output.empty())
    std::cout << text << std::flush;
  else
    write_file(output, text);
  return vm->count("fail-on-regression") && analysis::any_regressed(c) ? 1 : 0;
}

}  // namespace fcbench::cli

// fcbench merge DIR... -o OUT: the shards of one workload (or any results
// directories of it) → one results directory.
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "merge/merge.hpp"
#include "util/error.hpp"

namespace fcbench::cli {

int cmd_merge(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench merge DIR... -o OUT\n"
      "Combines results directories of one workload (e.g. the shards of `fcbench run --shard`): "
      "one record per instance, on one time axis");
  std::vector<std::string> plugin_paths, dirs;
  merge::MergeOptions opt;
  std::string out, baseline;
  add_common(o, &plugin_paths);
  o.add_options()("output,o", po::value(&out), "the results directory to write (required)")(
      "baseline", po::value(&baseline),
      "baseline.json (or its directory): slowdown in summary.json (default: the runs' own)");
  auto vm = parse_args(args, o, &dirs, -1);
  if (!vm) return 0;
  if (dirs.empty()) throw UserError("fcbench merge: give the results directories to merge", 2);
  if (out.empty()) throw UserError("fcbench merge: give the output directory with -o OUT", 2);
  opt.dirs = {dirs.begin(), dirs.end()};
  opt.out = out;
  opt.baseline = baseline;
  auto reg = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  return merge::merge_dirs(opt, reg);
}

}  // namespace fcbench::cli

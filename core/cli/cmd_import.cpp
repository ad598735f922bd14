// fcbench import --legacy DIR -o OUT: the prior tool's result files → an
// fcbench results directory that report and compare read.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "history/register_dir.hpp"
#include "plugin/registry.hpp"
#include "results/legacy_import.hpp"
#include "util/error.hpp"
#include "workload/fc_microbenchmark_legacy_programs.hpp"

namespace fcbench::cli {

namespace {

// The end of every import: says what was written and returns the exit code.
int finish_import(const results::legacy::ImportSummary& s, bool history) {
  for (auto& w : s.warnings) fmt::print(stderr, "warning: {}\n", w);
  fmt::print(stderr,
             "fcbench: imported {} records ({} ok), {} host samples and {} baseline entries "
             "from {} files into {}\n",
             s.records, s.ok, s.host_samples, s.baseline_entries, s.sources.size(), s.out.string());
  if (history) history::register_dir(s.out, "import");
  return 0;
}

}  // namespace

int cmd_import(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench import --legacy DIR -o OUT [--legacy-programs PROGRAMS]\n"
      "Converts the prior tool's results-X.txt, sysmon-X.txt and baselines.txt in DIR");
  std::vector<std::string> plugin_paths;
  std::string dir, output, programs_file;
  add_common(o, &plugin_paths);
  o.add_options()("legacy", po::value(&dir), "the prior tool's results directory (required)")(
      "output,o", po::value(&output), "the results directory to write (required)")(
      "legacy-programs", po::value(&programs_file),
      "the program list (line N names workload ID N; default: primenumber, dd-workload, "
      "stream)")("no-history", "do not register the import in the history DB ($FCBENCH_HISTORY)");
  auto vm = parse_args(args, o, static_cast<std::vector<std::string>*>(nullptr), 0);
  if (!vm) return 0;
  if (dir.empty()) throw UserError("import needs --legacy DIR (the prior tool's results)", 2);
  if (output.empty()) throw UserError("import needs -o OUT (the results directory to write)", 2);

  results::legacy::ImportOptions opt;
  opt.dir = dir;
  opt.out = output;
  if (!programs_file.empty()) opt.programs = workload::load_program_list(programs_file);
  auto reg = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  return finish_import(results::legacy::import_legacy(opt, reg), vm->count("no-history") == 0);
}

}  // namespace fcbench::cli

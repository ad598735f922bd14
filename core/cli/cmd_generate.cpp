// fcbench generate: a workload spec (or the prior tool's files) → a
// workload file (JSON Lines).
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/suite.hpp"
#include "plugin/registry.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"
#include "workload/check.hpp"
#include "workload/fc_microbenchmark_legacy.hpp"
#include "workload/generator.hpp"
#include "workload/jsonl.hpp"
#include "workload/random.hpp"
#include "workload/spec_loader.hpp"

namespace fcbench::cli {

namespace {

uint64_t parse_seed(const std::string& s) {
  auto v = parse_number<uint64_t>(s);
  if (!v)
    throw UserError("--seed must be an integer from 0 to 18446744073709551615, got '" + s + "'", 2);
  return *v;
}

}  // namespace

int cmd_generate(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench generate SPEC.yaml -o WORKLOAD.jsonl [options]\n"
      "fcbench generate --from-legacy RUNFILE [--legacy-programs PROGRAMS] -o WORKLOAD.jsonl");
  std::vector<std::string> plugin_paths;
  std::vector<std::string> spec_files;
  std::string output, seed, legacy_run, legacy_programs, param_name;
  uint32_t vcpus = workload::kLegacyVcpus, mem_mib = workload::kLegacyMemMib;
  const std::string vcpus_help =
      fmt::format("with --from-legacy: vCPUs per instance (default {}, as the prior tool)", vcpus);
  const std::string mem_help =
      fmt::format("with --from-legacy: MiB per instance (default {}, as the prior tool)", mem_mib);
  add_common(o, &plugin_paths);
  o.add_options()("output,o", po::value(&output), "the workload file to write (required)")(
      "seed", po::value(&seed), "use this seed instead of the spec's")(
      "from-legacy", po::value(&legacy_run), "convert the prior tool's run file instead")(
      "legacy-programs", po::value(&legacy_programs),
      "with --from-legacy: the program list (line N names program ID N; default: primenumber, "
      "dd-workload, stream)")(
      "param-name", po::value(&param_name),
      "with --from-legacy, for programs named by plugin: the parameter 'arg' sets (default: the "
      "plugin's first)")("vcpus", po::value(&vcpus), vcpus_help.c_str())(
      "mem-mib", po::value(&mem_mib), mem_help.c_str());
  auto vm = parse_args(args, o, &spec_files, -1);
  if (!vm) return 0;
  if (output.empty()) throw UserError("generate needs -o WORKLOAD.jsonl", 2);
  const bool legacy = vm->count("from-legacy") > 0;
  if (legacy == (spec_files.size() == 1) || spec_files.size() > 1)
    throw UserError("generate takes exactly one of SPEC.yaml or --from-legacy RUNFILE", 2);

  auto reg = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  workload::Workload w;
  if (legacy) {
    if (vm->count("seed")) throw UserError("--seed does not apply to --from-legacy", 2);
    if (vcpus < 1 || vcpus > 32) throw UserError("--vcpus must be between 1 and 32", 2);
    if (mem_mib < 64 || mem_mib > (1u << 20))
      throw UserError("--mem-mib must be between 64 and 1048576", 2);
    const workload::ProgramList programs = legacy_programs.empty()
                                               ? workload::default_program_list()
                                               : workload::load_program_list(legacy_programs);
    w = workload::convert_fc_microbenchmark(legacy_run, programs, reg,
                                            {param_name, vcpus, mem_mib});
  } else {
    for (const char* flag : {"legacy-programs", "param-name", "vcpus", "mem-mib"})
      if (vm->count(flag))
        throw UserError(std::string("--") + flag + " applies only to --from-legacy", 2);
    auto spec = workload::load_spec(spec_files[0], reg);
    const uint64_t s = vm->count("seed") ? parse_seed(seed)
                       : spec.seed       ? *spec.seed
                                         : workload::fresh_seed();
    w.instances = workload::generate(spec, s);
    w.header = workload::make_header(workload::to_json(spec), s);
  }
  workload::check_instances(w.instances, reg);
  write_file_atomic(output, workload::to_jsonl(w));
  fmt::print(stderr, "fcbench: wrote {} instances to {}{}\n", w.instances.size(), output,
             w.header["seed"].is_null() ? "" : fmt::format(" (seed {})", w.header["seed"].dump()));
  return 0;
}

}  // namespace fcbench::cli

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "config/suite_loader.hpp"
#include "image/disk.hpp"
#include "run/assets.hpp"
#include "vmm/driver.hpp"

namespace po = boost::program_options;

namespace fcbench::cli {

// Builds the cached guest assets for suites (or for every plugin's defaults),
// so the first run pays nothing for them.
int cmd_prepare(const std::vector<std::string>& args) {
  po::options_description o("fcbench prepare [SUITE.yaml...] [options]");
  std::vector<std::string> plugin_paths, suites;
  vmm::DriverOptions dopt;
  o.add_options()("help,h", "this help")("plugin-path", po::value(&plugin_paths)->composing(),
                                         "plugin directory or library (repeatable)")(
      "firecracker", po::value(&dopt.firecracker),
      "firecracker binary, for suites that use it (default: $FIRECRACKER, else PATH)");
  po::options_description all;
  all.add(o).add_options()("suite", po::value(&suites));
  po::positional_options_description pos;
  pos.add("suite", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << o;
    return 0;
  }
  auto registry = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  std::vector<std::vector<config::Benchmark>> sets;
  config::LoadOptions lo;
  lo.vmms = vmm::driver_names();
  for (auto& s : suites) sets.push_back(config::load_suite(s, registry, lo).benchmarks);
  if (suites.empty()) {
    std::vector<config::Benchmark> defaults;
    for (auto& [name, p] : registry.plugins()) {
      config::Benchmark b;
      b.name = b.plugin = name;
      b.params = p->with_defaults({});
      defaults.push_back(b);
    }
    sets.push_back(defaults);
  }
  for (auto& benches : sets) {
    run::prepare_assets(benches, registry, dopt);
    for (auto& b : benches) {
      auto job = registry.find(b.plugin)->describe_job(b.params);
      image::work_disk_template(std::max<uint32_t>(job.requirements.write_disk_mib, 16));
    }
  }
  fmt::print(stderr, "guest assets ready\n");
  return 0;
}

}  // namespace fcbench::cli

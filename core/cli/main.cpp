// fcbench: micro-benchmarks for microVMs.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "host/session.hpp"
#include "util/error.hpp"

namespace po = boost::program_options;

namespace {
constexpr const char* kUsage =
    "usage: fcbench <command> [options]\n\n"
    "commands:\n"
    "  run SUITE.yaml     boot one microVM per instance and collect metrics\n"
    "  run --workload W.jsonl [-j N]\n"
    "                     run a workload open-loop (also --resume DIR)\n"
    "  plugins list       show the plugins found on the plugin path\n"
    "  plugin new NAME [--dir D] [--lang c|cpp]\n"
    "                     write a new plugin project that builds, tests and runs\n"
    "  doctor             check this host: VMM, accelerator, kernel, plugins\n"
    "  prepare [SUITE..]  build the cached guest assets ahead of a run\n"
    "  generate SPEC.yaml -o W.jsonl\n"
    "                     draw a reproducible workload (or --from-legacy RUNFILE)\n"
    "  baseline W.jsonl   run each configuration of a workload alone; baseline.json\n"
    "  report DIR...      statistics, charts and tables (html, md, csv, json)\n"
    "  pack build|install|list|info|remove\n"
    "                     plugin packs: build one, install a shared one (docs/sharing-plugins.md)\n"
    "  history list|show|export\n"
    "                     the runs registered in the history DB; export for Grafana\n"
    "  import --legacy DIR -o OUT\n"
    "                     convert the prior tool's result files into a results directory\n"
    "  compare BASE NEW   A/B: per group change, CI, p-value and verdict\n"
    "  merge DIR... -o OUT\n"
    "                     combine the shards of a workload (run --shard K/N) into one\n"
    "  k8s manifest W.jsonl --shards N --image IMG --output-pvc NAME\n"
    "                     a workload's shards as a Kubernetes Indexed Job (YAML)\n"
    "  slurm submit W.jsonl --shards N --output SHARED_DIR\n"
    "                     run a workload as a Slurm array job, one shard a node\n"
    "  slurm status JOBID the array's task states and each shard's records\n"
    "  host status        show SMT, governor, turbo and any pending restore journal\n"
    "  host restore       restore host settings from the journal by hand\n\n"
    "options:\n"
    "  --version          print the version\n"
    "  -h, --help         this help (also: fcbench <command> --help)\n";
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) {
      std::cerr << kUsage;
      return 2;
    }
    const std::string cmd = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--version" || cmd == "version") {
      fmt::print("fcbench {}\n", FCBENCH_VERSION);
      return 0;
    }
    if (cmd == "-h" || cmd == "--help" || cmd == "help") {
      std::cout << kUsage;
      return 0;
    }
    // Crash recovery: undo host settings a killed fcbench left changed.
    if (auto msg = fcbench::host::recover_stale(fcbench::host::Sysfs()))
      fmt::print(stderr, "fcbench: {}\n", *msg);
    if (cmd == "run") return fcbench::cli::cmd_run(rest);
    if (cmd == "host") return fcbench::cli::cmd_host(rest);
    if (cmd == "plugins") return fcbench::cli::cmd_plugins(rest);
    if (cmd == "plugin") return fcbench::cli::cmd_plugin(rest);
    if (cmd == "doctor") return fcbench::cli::cmd_doctor(rest);
    if (cmd == "prepare") return fcbench::cli::cmd_prepare(rest);
    if (cmd == "generate") return fcbench::cli::cmd_generate(rest);
    if (cmd == "baseline") return fcbench::cli::cmd_baseline(rest);
    if (cmd == "report") return fcbench::cli::cmd_report(rest);
    if (cmd == "history") return fcbench::cli::cmd_history(rest);
    if (cmd == "pack") return fcbench::cli::cmd_pack(rest);
    if (cmd == "import") return fcbench::cli::cmd_import(rest);
    if (cmd == "merge") return fcbench::cli::cmd_merge(rest);
    if (cmd == "k8s") return fcbench::cli::cmd_k8s(rest);
    if (cmd == "compare") return fcbench::cli::cmd_compare(rest);
    if (cmd == "slurm") return fcbench::cli::cmd_slurm(rest);
    fmt::print(stderr, "fcbench: unknown command '{}'\n\n{}", cmd, kUsage);
    return 2;
  } catch (const po::error& e) {
    fmt::print(stderr, "fcbench: {}\n", e.what());
    return 2;
  } catch (const fcbench::UserError& e) {
    fmt::print(stderr, "fcbench: {}\n", e.what());
    return e.exit_code;
  } catch (const fcbench::SystemError& e) {  // printed and exiting as it did as a UserError
    fmt::print(stderr, "fcbench: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fcbench: error: {}\n", e.what());
    return 1;
  }
}

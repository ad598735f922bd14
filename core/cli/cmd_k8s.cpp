// fcbench k8s manifest W.jsonl --shards N --image IMG --output-pvc NAME:
// a workload's shards as a Kubernetes Indexed Job, printed as YAML (see
// docs/multi-host.md; not run on a cluster here).
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "k8s/manifest.hpp"
#include "run/start_clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::cli {

namespace {

// A ConfigMap holds at most 1 MiB; leave room for the rest of the object.
constexpr size_t kMaxInlineWorkload = 900 * 1024;

int k8s_manifest(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench k8s manifest W.jsonl --shards N --image IMG --output-pvc NAME [options]\n"
      "Prints an Indexed Job running shard $JOB_COMPLETION_INDEX of W on each of N nodes");
  std::string workload, image, pvc, name, workload_path;
  uint32_t shards = 0;
  double delay_s = 120;
  std::vector<std::string> run_args;
  add_common(o, nullptr);
  o.add_options()("shards", po::value(&shards), "N: pods, one per node (required)")(
      "image", po::value(&image), "container image with fcbench, the VMM and the guest kernel")(
      "output-pvc", po::value(&pvc), "ReadWriteMany claim that gets /results/shard-K")(
      "start-delay-s", po::value(&delay_s)->default_value(120),
      "the common start: now + this many seconds (image pulls take time)")(
      "workload-path", po::value(&workload_path),
      "W's path inside the pods (e.g. on the claim) instead of a ConfigMap")(
      "name", po::value(&name), "the Job's name (default: fcbench-<workload>)")(
      "run-arg", po::value(&run_args)->composing(),
      "an argument for every `fcbench run` (repeatable), e.g. --run-arg=--vmm=firecracker");
  std::string positional;
  auto vm = parse_args(args, o, &positional, 1);
  if (!vm) return 0;
  if (positional.empty() || !shards || image.empty() || pvc.empty())
    throw UserError(
        "fcbench k8s manifest: give W.jsonl, --shards N (N >= 1), --image and "
        "--output-pvc",
        2);
  if (!(delay_s >= 0 && delay_s <= 86400))
    throw UserError("fcbench k8s manifest: --start-delay-s must be in [0, 86400]", 2);
  workload = positional;
  k8s::ManifestConfig c;
  c.name = name.empty() ? k8s::job_name(fs::path(workload).stem().string()) : name;
  c.workload_name = fs::path(workload).filename().string();
  c.workload_path = workload_path;
  if (workload_path.empty()) {
    c.workload_text = read_file(workload);
    if (c.workload_text.size() > kMaxInlineWorkload)
      throw UserError(fmt::format("{} is {} KiB, too big for a ConfigMap; copy it onto the "
                                  "claim and give --workload-path",
                                  workload, c.workload_text.size() / 1024),
                      2);
  }
  c.shards = shards;
  c.image = image;
  c.output_pvc = pvc;
  c.start_at_ns = run::zero_now().wall_ns + int64_t(delay_s * 1e9);
  c.run_args = run_args;
  std::cout << k8s::manifest_yaml(c);
  return 0;
}

}  // namespace

int cmd_k8s(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "manifest") {
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
      std::cout << "fcbench k8s manifest W.jsonl --shards N --image IMG --output-pvc NAME\n";
      return 0;
    }
    throw UserError("usage: fcbench k8s manifest W.jsonl --shards N --image IMG --output-pvc NAME",
                    2);
  }
  return k8s_manifest({args.begin() + 1, args.end()});
}

}  // namespace fcbench::cli

#include "run/prepare.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <set>
#include <string>

#include "run/adaptive.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace fcbench::run {

Assets prepare_run(const Plan& plan, const plugin::Registry& plugins, const RunOptions& opt,
                   const std::filesystem::path& out, const std::function<void()>& init_dir) {
  Assets assets = prepare_assets(plan.benches, plugins, opt.drivers);
  std::filesystem::create_directories(out / "logs");
  if (!opt.dry_run && init_dir) init_dir();
  make_private_dir(out / "instances");
  return assets;
}

int print_dry_run(const Plan& plan, const Placer& placer, const HostTuning& host,
                  const std::filesystem::path& out) {
  std::set<std::string> notes;
  for (auto& planned : plan.instances) {
    const Placed inst = placer.place(planned);
    prepare_instance_files(inst);
    fmt::print("{}\n", shell_quote(inst.command));
    if (auto n = inst.driver->dry_run_note(inst.spec); !n.empty()) notes.insert(n);
  }
  std::fflush(stdout);
  for (auto& n : notes) fmt::print(stderr, "{}\n", n);
  for (auto& b : plan.benches)
    if (const auto& a = b.vm.adaptive)
      fmt::print(stderr,
                 "dry run: '{}' repeats adaptively, {}..{} times: it stops once {} of {} is "
                 "within {}{} (every planned repetition is shown)\n",
                 b.name, a->min, a->max,
                 a->criterion == config::AdaptiveRepetitions::Criterion::ci
                     ? "the 95 % CI half-width of the mean"
                     : "the relative standard deviation",
                 b.vm.primary_metric.empty() ? "the plugin's first metric"
                                             : "'" + b.vm.primary_metric + "'",
                 a->criterion == config::AdaptiveRepetitions::Criterion::ci ? "±" : "",
                 percent(a->target));
  fmt::print(stderr, "dry run: {} instance(s) prepared under {}; nothing launched\n",
             plan.instances.size(), (out / "instances").string());
  if (auto n = host.session().plan().changes.size())
    fmt::print(stderr, "dry run: {} host setting change(s) not made\n", n);
  return 0;
}

}  // namespace fcbench::run

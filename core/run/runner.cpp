#include "run/runner.hpp"

#include <fmt/format.h>

#include <ctime>
#include <functional>
#include <optional>
#include <utility>

#include "results/baseline.hpp"
#include "run/env_file.hpp"
#include "run/environment.hpp"
#include "run/finish.hpp"
#include "run/host_tuning.hpp"
#include "run/output_dir.hpp"
#include "run/placer.hpp"
#include "run/plan.hpp"
#include "run/preflight.hpp"
#include "run/prepare.hpp"
#include "run/resume.hpp"
#include "run/run_file.hpp"
#include "run/run_instances.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::run {

namespace {

std::optional<results::Baseline> load_baseline_option(const RunOptions& opt) {
  if (opt.baseline.empty()) return std::nullopt;
  return results::load_baseline(opt.baseline);
}

// Runs `plan` into `out`. `done` holds the records an earlier part of the
// run already finished (resume); the plan holds only what is left.
// `init_dir` writes the run's own files once nothing can refuse any more.
int execute(Plan& plan, const plugin::Registry& plugins, const RunOptions& opt,
            const std::filesystem::path& out, std::vector<results::Record> done,
            const std::function<void()>& init_dir) {
  HostTuning host(plan.host, opt.host);  // plans only: --strict-host refuses here
  const auto baseline = load_baseline_option(opt);
  if (!opt.dry_run) check_resources(plan);
  const Assets assets = prepare_run(plan, plugins, opt, out, init_dir);
  if (opt.dry_run)
    return print_dry_run(
        plan, make_placer(plan, plugins, assets, out, record_env(host.fingerprint())), host, out);
  host.apply();
  const auto facts = host.fingerprint();
  const Placer placer = make_placer(plan, plugins, assets, out, record_env(facts));
  const std::string env_id = write_env(
      out, run_env(facts, host.session(), assets, placer.samples(plan.instances), plan.src.sha256));
  RunResults kept(plan, baseline ? &*baseline : nullptr);
  for (const auto& r : std::exchange(done, {})) kept.add_earlier(r);
  RunOutcome outcome = run_instances(plan, placer, opt, out, host, env_id, std::move(kept));
  host.restore();
  return finish_run(plan, opt, out, outcome, baseline, env_id);
}

std::filesystem::path default_output(const std::string& name) {
  std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&t));
  return std::filesystem::path("fcbench-results") / (slug(name) + "-" + stamp);
}

std::filesystem::path output_of(const RunOptions& opt, const std::string& name) {
  return opt.output.empty() ? default_output(name) : opt.output;
}

// What a fresh run writes into its directory once nothing can refuse any
// more: run.json, and the run's own copy of its workload file, if any (so
// --resume needs nothing else).
std::function<void()> init_run_dir(std::filesystem::path out, const Plan& plan,
                                   const RunOptions& opt, std::filesystem::path workload = {}) {
  return [out = std::move(out), &plan, &opt, workload = std::move(workload)] {
    if (!workload.empty()) copy_file_atomic(workload, out / "workload.jsonl");
    write_run_file(out, plan.src, opt);
  };
}

// The suite asks for a baseline first: each configuration alone, into
// OUT/baseline. Returns its exit code and sets opt.baseline to it.
int run_suite_baseline(const config::Suite& suite, const plugin::Registry& plugins,
                       const std::filesystem::path& out, RunOptions& opt) {
  const auto& ref = *suite.workload;
  RunOptions bo = opt;
  bo.output = out / "baseline";
  bo.repetitions = ref.baseline_repetitions;
  if (!ref.baseline_vmm.empty()) bo.vmm = ref.baseline_vmm;
  Plan bp = plan_baseline(ref.file, plugins, bo, suite.defaults);
  bp.host = suite.host;
  fmt::print(stderr, "baseline first: {} configuration(s) x {}\n", bp.benches.size(),
             bp.repetitions);
  opt.baseline = bo.output;
  const DirLock lock = claim_output(bo.output, false);  // OUT was claimed: it is fresh
  return execute(bp, plugins, bo, bo.output, {}, init_run_dir(bo.output, bp, bo, ref.file));
}

int run_suite_workload(const config::Suite& suite, const plugin::Registry& plugins,
                       const RunOptions& cli) {
  RunOptions opt = suite_workload_options(suite, cli);
  const auto& ref = *suite.workload;
  Plan plan = plan_suite_workload(suite, plugins, opt);  // checks the workload first
  const auto out = output_of(opt, suite.name);
  const DirLock lock = claim_output(out, opt.force);
  if (ref.baseline_repetitions && opt.baseline.empty() && !opt.dry_run)
    if (int rc = run_suite_baseline(suite, plugins, out, opt); rc == 130) return rc;
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt, ref.file));
}

}  // namespace

int run_suite(config::Suite suite, const plugin::Registry& plugins, const RunOptions& opt) {
  if (suite.workload) return run_suite_workload(suite, plugins, opt);
  Plan plan = plan_suite(std::move(suite), opt);
  const auto out = output_of(opt, plan.src.name);
  const DirLock lock = claim_output(out, opt.force);
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt));
}

int run_workload(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt) {
  Plan plan = plan_workload(file, plugins, opt);
  const auto out = output_of(opt, plan.src.name);
  const DirLock lock = claim_output(out, opt.force);
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt, file));
}

int run_baseline(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt) {
  Plan plan = plan_baseline(file, plugins, opt);
  const auto out = output_of(opt, plan.src.name + "-baseline");
  const DirLock lock = claim_output(out, opt.force);
  return execute(plan, plugins, opt, out, {}, init_run_dir(out, plan, opt, file));
}

int resume_run(const std::filesystem::path& dir, const plugin::Registry& plugins,
               const RunOptions& cli) {
  const DirLock lock = lock_for_resume(dir);  // before plan_resume rewrites results.jsonl
  auto r = plan_resume(dir, plugins, cli);
  if (!r) {
    fmt::print(stderr, "{}: every instance already has a final record; nothing to resume\n",
               dir.string());
    return 0;
  }
  fmt::print(stderr, "resuming {}: {} of {} instance(s) left\n", dir.string(),
             r->plan.instances.size(), r->plan.instances.size() + r->kept.size());
  return execute(r->plan, plugins, r->options, dir, std::move(r->kept), {});
}

}  // namespace fcbench::run

// The "prepare" stage of a run: the guest assets (kernels, initramfs,
// rootfs, all cached) and the run directory; and, for --dry-run, every
// instance's files and exact command, with nothing launched.
#pragma once

#include <filesystem>
#include <functional>

#include "plugin/registry.hpp"
#include "run/assets.hpp"
#include "run/host_tuning.hpp"
#include "run/options.hpp"
#include "run/placer.hpp"
#include "run/plan.hpp"

namespace fcbench::run {

// Builds or finds the assets, then makes DIR/logs and the private
// DIR/instances; `init_dir` (run.json, the workload copy) runs in between
// unless this is a dry run, once nothing can refuse any more.
Assets prepare_run(const Plan& plan, const plugin::Registry& plugins, const RunOptions& opt,
                   const std::filesystem::path& out, const std::function<void()>& init_dir);

// Places each instance in turn, prepares its files and prints its command
// to stdout, shell-quoted, one per line; notes go to stderr. Returns the
// exit code (0).
int print_dry_run(const Plan& plan, const Placer& placer, const HostTuning& host,
                  const std::filesystem::path& out);

}  // namespace fcbench::run

// Placing: a planned instance becomes a launchable one just before it
// starts. What an instance shares with its benchmark (plugin, job, driver,
// VM spec, base record) is made once per benchmark, when its first instance
// is placed, and kept for a while; per instance only its job, paths, command
// and identity. So a million planned instances, or a million benchmarks,
// cost a few dozen bytes each, not a launchable instance each.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "plugin/registry.hpp"
#include "run/assets.hpp"
#include "run/instance.hpp"
#include "run/plan.hpp"

namespace fcbench::run {

class Placer {
 public:
  // What every instance of a benchmark shares, its paths and identity still
  // empty, and its job not asked for yet.
  using Prototype = std::function<Placed(const config::Benchmark&)>;
  Placer(Prototype prototype, std::filesystem::path out);
  // The instance, ready to launch: its job, paths under OUT/instances/<id>,
  // command. Thread-safe, like the rest.
  Placed place(const Instance& inst) const;
  // Its base record alone (for an instance that never starts): asks the
  // plugin nothing.
  results::Record record(const Instance& inst) const;
  // One placed instance per distinct (plugin, VMM, kernel) the plan uses,
  // the first of each in plan order: all run_env needs, not one per
  // benchmark (a suite may have a million).
  std::vector<Placed> samples(const std::vector<Instance>& plan) const;

 private:
  // Made when first needed; the last few hundred are kept.
  std::shared_ptr<const Placed> proto(const Instance& inst) const;
  static constexpr size_t kMaxProtos = 512;
  Prototype prototype_;
  std::filesystem::path out_;
  mutable std::mutex mu_;
  mutable std::unordered_map<const config::Benchmark*, std::shared_ptr<const Placed>> protos_;
};

// Each benchmark's prototype (plugin, driver, VM spec, base record whose
// env starts as `env`: run/environment's record_env), once the assets exist.
// One of each distinct VM setup is made here, so a missing kernel or VMM
// fails before the first start; the rest when their instances come.
// `plugins` and `a` must outlive the placer.
Placer make_placer(const Plan& plan, const plugin::Registry& plugins, const Assets& a,
                   const std::filesystem::path& out, const nlohmann::json& env);

// The instance's private directory, write disk (or native work directory)
// and job channel, plus the driver's own files.
void prepare_instance_files(const Placed& inst);

}  // namespace fcbench::run

// Placing: a planned instance becomes a launchable one just before it
// starts. What an instance shares with its benchmark (plugin, job, driver,
// VM spec, base record) is made once per benchmark; per instance only its
// paths, command and identity. So a million planned instances cost a few
// dozen bytes each, not a launchable instance each.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "plugin/registry.hpp"
#include "run/assets.hpp"
#include "run/instance.hpp"
#include "run/plan.hpp"

namespace fcbench::run {

class Placer {
 public:
  // `protos`: one per benchmark, its paths and identity still empty.
  Placer(std::map<const config::Benchmark*, Placed> protos, std::filesystem::path out);
  // The instance, ready to launch: paths under OUT/instances/<id>, command.
  Placed place(const Instance& inst) const;
  // Its base record alone (for an instance that never starts).
  results::Record record(const Instance& inst) const;
  // One placed instance per distinct (plugin, VMM, kernel) the plan uses,
  // the first of each in plan order: all run_env needs, not one per
  // benchmark (a suite may have a million).
  std::vector<Placed> samples(const std::vector<Instance>& plan) const;

 private:
  const Placed& proto(const Instance& inst) const;
  std::map<const config::Benchmark*, Placed> protos_;
  std::filesystem::path out_;
};

// Each benchmark's prototype (plugin job, driver, VM spec, base record whose
// env starts as `env`: run/environment's record_env), once the assets exist.
Placer make_placer(const Plan& plan, const plugin::Registry& plugins, const Assets& a,
                   const std::filesystem::path& out, const nlohmann::json& env);

// The instance's private directory, write disk (or native work directory)
// and job channel, plus the driver's own files.
void prepare_instance_files(const Placed& inst);

}  // namespace fcbench::run

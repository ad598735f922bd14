#include "workload/check.hpp"

#include <set>
#include <utility>

#include "util/error.hpp"

namespace fcbench::workload {

void check_instances(const std::vector<Instance>& instances, const plugin::Registry& plugins) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& inst : instances) {
    std::string key =
        inst.params.dump() + " " + std::to_string(inst.vcpus) + " " + std::to_string(inst.mem_mib);
    if (seen.insert({inst.plugin, key}).second) check_configuration(inst, plugins);
  }
}

void check_configuration(const Instance& inst, const plugin::Registry& plugins) {
  const std::string at = inst.where.str() + ": ";
  auto plug = plugins.find(inst.plugin);
  if (!plug) throw ConfigError(at + "unknown plugin '" + inst.plugin + "'");
  plugin::ParamMap params;
  for (auto& [name, v] : inst.params.items()) params[name] = text_value(v);
  try {
    const auto r = plug->describe_job(params).requirements;
    if (inst.vcpus < r.min_vcpus)
      throw ConfigError(at + "plugin '" + inst.plugin + "' needs at least " +
                        std::to_string(r.min_vcpus) + " vCPUs (vcpus is " +
                        std::to_string(inst.vcpus) + ")");
    if (inst.mem_mib < r.min_mem_mib)
      throw ConfigError(at + "plugin '" + inst.plugin + "' needs at least " +
                        std::to_string(r.min_mem_mib) + " MiB of memory (mem_mib is " +
                        std::to_string(inst.mem_mib) + ")");
  } catch (const plugin::PluginError& e) {
    throw ConfigError(at + "invalid parameters for plugin '" + inst.plugin + "' (" +
                      inst.params.dump() + "): " + e.what());
  }
}

}  // namespace fcbench::workload

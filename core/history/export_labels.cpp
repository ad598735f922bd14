#include <algorithm>

#include "history/export.hpp"
#include "history/stat_fields.hpp"

namespace fcbench::history {

std::vector<std::pair<std::string, std::string>> export_labels(const RunEntry& run,
                                                               const analysis::GroupStats& g) {
  std::vector<std::pair<std::string, std::string>> l = {{"accel", g.key.accel},
                                                        {"benchmark", g.key.benchmark},
                                                        {"better", better_name(g)},
                                                        {"metric", g.key.metric},
                                                        {"params", g.key.params},
                                                        {"plugin", g.key.plugin},
                                                        {"run", std::to_string(run.id)},
                                                        {"suite", run.info.suite},
                                                        {"unit", g.unit},
                                                        {"vmm", g.key.vmm}};
  std::erase_if(l, [](const auto& kv) { return kv.second.empty(); });
  return l;  // already sorted by name
}

}  // namespace fcbench::history

#include "workload/jsonl.hpp"

namespace fcbench::workload {

using json = nlohmann::ordered_json;

json make_header(const json& spec, const json& seed) {
  json h = json::object();
  h["format"] = kWorkloadFormat;
  h["spec"] = spec;
  h["seed"] = seed;
  h["fcbench_version"] = FCBENCH_VERSION;
  return h;
}

std::string instance_line(const Instance& inst) {
  json j = json::object();
  j["id"] = inst.id;
  j["arrival_ns"] = inst.arrival_ns;
  j["plugin"] = inst.plugin;
  j["params"] = inst.params;
  j["vcpus"] = inst.vcpus;
  j["mem_mib"] = inst.mem_mib;
  return j.dump();
}

std::string to_jsonl(const Workload& w) {
  std::string out = w.header.dump() + "\n";
  for (auto& inst : w.instances) out += instance_line(inst) + "\n";
  return out;
}

}  // namespace fcbench::workload

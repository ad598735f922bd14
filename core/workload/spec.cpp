#include "workload/spec.hpp"

#include <fmt/format.h>

#include "util/number.hpp"

namespace fcbench::workload {

using json = nlohmann::ordered_json;

const char* process_name(Process p) {
  switch (p) {
    case Process::Poisson:
      return "poisson";
    case Process::Uniform:
      return "uniform";
    case Process::Burst:
      return "burst";
    case Process::Trace:
      return "trace";
  }
  return "?";
}

json typed_value(fcb_param_type type, const std::string& text) {
  switch (type) {
    case FCB_PARAM_INT:
      if (auto v = parse_number<int64_t>(text)) return json(*v);
      break;
    case FCB_PARAM_FLOAT:
      if (auto v = parse_number<double>(text)) return json(*v);
      break;
    case FCB_PARAM_BOOL:
      return json(text == "true");
    case FCB_PARAM_STRING:
      break;
  }
  return json(text);
}

std::string text_value(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  return v.dump();
}

std::string instance_id(uint64_t n) {
  return fmt::format("w{:06d}", n);
}

namespace {

json dist_json(const ParamDist& d) {
  auto typed = [&](const std::string& s) { return typed_value(d.type, s); };
  switch (d.kind) {
    case ParamDist::Kind::Fixed:
      return typed(d.values.at(0));
    case ParamDist::Kind::Choice: {
      json j = json::object();
      j["choice"] = json::array();
      for (auto& v : d.values) j["choice"].push_back(typed(v));
      if (!d.weights.empty()) j["weights"] = d.weights;
      return j;
    }
    case ParamDist::Kind::UniformInt:
      return json{{"uniform_int", {d.lo_int, d.hi_int}}};
    case ParamDist::Kind::Uniform:
      return json{{"uniform", {d.lo, d.hi}}};
  }
  return nullptr;
}

}  // namespace

json to_json(const Spec& s) {
  json j = json::object();
  j["seed"] = s.seed ? json(*s.seed) : json(nullptr);
  j["instances"] = s.instances;
  j["duration_s"] = s.duration_s;
  json a = json::object();
  a["process"] = process_name(s.arrival.process);
  if (s.arrival.process == Process::Burst) {
    a["size"] = s.arrival.burst_size;
    a["interval_s"] = s.arrival.interval_s;
  }
  if (s.arrival.process == Process::Trace) a["file"] = s.arrival.trace_file;
  j["arrival"] = a;
  j["vm"] = json{{"vcpus", s.vcpus}, {"mem_mib", s.mem_mib}};
  j["mix"] = json::array();
  for (auto& m : s.mix) {
    json e = json::object();
    e["weight"] = m.weight;
    e["plugin"] = m.plugin;
    json p = json::object();
    for (auto& [name, d] : m.params)
      if (!d.from_default) p[name] = dist_json(d);
    e["params"] = p;
    j["mix"].push_back(e);
  }
  return j;
}

}  // namespace fcbench::workload

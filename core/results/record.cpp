#include "results/record.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <ranges>
#include <stdexcept>
#include <utility>

#include "util/json.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace fcbench::results {

namespace {
constexpr std::array<std::pair<Status, std::string_view>, 5> kStatusNames = {{
    {Status::ok, "ok"},
    {Status::failed, "failed"},
    {Status::timeout, "timeout"},
    {Status::interrupted, "interrupted"},
    {Status::not_started, "not_started"},
}};
}  // namespace

std::string to_string(Status s) {
  auto it = std::ranges::find(kStatusNames, s, &std::pair<Status, std::string_view>::first);
  return std::string(it->second);
}

std::optional<Status> status_from_string(std::string_view s) {
  auto it = std::ranges::find(kStatusNames, s, &std::pair<Status, std::string_view>::second);
  if (it == kStatusNames.end()) return std::nullopt;
  return it->first;
}

std::optional<double> span_ms(int64_t from, int64_t to) {
  if (from <= 0 || to <= 0 || to < from) return std::nullopt;
  return double(to - from) / 1e6;
}

namespace {
nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}
nlohmann::json ts(int64_t v) {
  return v > 0 ? nlohmann::json(v) : nlohmann::json();
}
// A timestamp or a duration in ns: 0 when absent or not a number (null).
int64_t ts_of(const nlohmann::json& j, const char* k, std::string_view in = "") {
  if (!j.contains(k) || !j[k].is_number()) return 0;
  return json_integer_as<int64_t>(j[k], in.empty() ? std::string(k) : fmt::format("{}.{}", in, k));
}
// An optional integer field: nullopt unless it is a number.
template <class T>
std::optional<T> opt_int_of(const nlohmann::json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_number()) return std::nullopt;
  return json_integer_as<T>(j[k], k);
}
nlohmann::json opt_json(const std::optional<uint64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}
std::optional<uint64_t> opt_uint(const nlohmann::json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_number_unsigned()) return std::nullopt;
  return j[k].get<uint64_t>();
}

}  // namespace

nlohmann::json typed_params(const std::map<std::string, std::string>& params,
                            const std::map<std::string, fcb_param_type>& types) {
  nlohmann::json out = nlohmann::json::object();
  for (auto& [k, v] : params) {
    auto t = types.find(k);
    const fcb_param_type type = t == types.end() ? FCB_PARAM_STRING : t->second;
    out[k] = v;
    if (type == FCB_PARAM_INT) {
      if (auto n = parse_number<int64_t>(v)) out[k] = *n;
    } else if (type == FCB_PARAM_FLOAT) {
      if (auto x = parse_number<double>(v)) out[k] = *x;
    } else if (type == FCB_PARAM_BOOL) {
      out[k] = v == "true";
    }
  }
  return out;
}

std::map<std::string, std::string> params_from_json(const nlohmann::json& j) {
  std::map<std::string, std::string> out;
  if (j.is_object())
    for (auto& [k, v] : j.items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

namespace {

// Where and how the record came to be: host, shard, the run's zero, and the
// provenance of imported, merged and pack-plugin records.
void add_origin(nlohmann::json& j, const Record& r) {
  j["host"] = r.host.empty() ? nlohmann::json() : nlohmann::json(r.host);
  j["shard"] = r.shard;
  j["start_mono_ns"] = ts(r.start_mono_ns);
  j["start_wall_ns"] = ts(r.start_wall_ns);
  if (!r.imported_from.empty()) j["imported_from"] = r.imported_from;
  if (!r.merged_from.empty()) {
    j["merged_from"] = r.merged_from;
    j["time_shift_ns"] = r.time_shift_ns;
  }
  if (!r.plugin_source.is_null()) j["plugin_source"] = r.plugin_source;
}

// The inverse of add_origin (plugin_source is read with the plugin).
void read_origin(const nlohmann::json& j, Record& r) {
  if (j.contains("imported_from") && j["imported_from"].is_string())
    r.imported_from = j["imported_from"];
  if (j.contains("host") && j["host"].is_string()) r.host = j["host"];
  if (j.contains("shard") && j["shard"].is_object()) r.shard = j["shard"];
  r.start_mono_ns = ts_of(j, "start_mono_ns");
  r.start_wall_ns = ts_of(j, "start_wall_ns");
  if (j.contains("merged_from") && j["merged_from"].is_string()) {
    r.merged_from = j["merged_from"];
    r.time_shift_ns = json_integer_at(j, "time_shift_ns", int64_t(0));
  }
}

}  // namespace

nlohmann::json to_json(const Record& r) {
  nlohmann::json metrics = nlohmann::json::array();
  for (auto& m : r.metrics)
    metrics.push_back({{"name", m.name},
                       {"value", m.value},
                       {"unit", m.unit},
                       {"better", m.higher_is_better ? "higher" : "lower"}});
  nlohmann::json j = {
      {"id", r.id},
      {"suite", r.suite},
      {"benchmark", r.benchmark},
      {"plugin", r.plugin},
      {"params", typed_params(r.params, r.param_types)},
      {"repetition", r.repetition},
      {"vmm", r.vmm},
      {"accel", r.accel},
      {"vcpus", r.vcpus},
      {"mem_mib", r.mem_mib},
      {"status", to_string(r.status)},
      {"error", r.error.empty() ? nlohmann::json() : nlohmann::json(r.error)},
      {"timestamps_ns",
       {{"launched", ts(r.ts.launched)},
        {"guest_booted", ts(r.ts.guest_booted)},
        {"payload_start", ts(r.ts.payload_start)},
        {"payload_end", ts(r.ts.payload_end)},
        {"exited", ts(r.ts.exited)}}},
      {"scheduled_ns", ts(r.scheduled_ns)},
      {"started_ns", ts(r.started_ns)},
      {"queue_delay_ns", r.started_ns > 0 ? nlohmann::json(r.queue_delay_ns) : nlohmann::json()},
      {"durations_ms",
       {{"time_to_payload", opt(span_ms(r.ts.launched, r.ts.payload_start))},
        {"payload", opt(span_ms(r.ts.payload_start, r.ts.payload_end))},
        {"end_to_end", opt(span_ms(r.ts.launched, r.ts.exited))}}},
      {"guest_payload_ns",
       r.guest_payload_ns > 0 ? nlohmann::json(r.guest_payload_ns) : nlohmann::json()},
      {"vmm_exit_code", r.vmm_exit_code ? nlohmann::json(*r.vmm_exit_code) : nlohmann::json()},
      {"process_usage", r.process_usage ? nlohmann::json{{"user_ms", r.process_usage->user_ms},
                                                         {"system_ms", r.process_usage->system_ms}}
                                        : nlohmann::json()},
      {"vmm_boot_time_us",
       r.vmm_boot_time_us ? nlohmann::json(*r.vmm_boot_time_us) : nlohmann::json()},
      {"payload_term_signal",
       r.payload_term_signal ? nlohmann::json(*r.payload_term_signal) : nlohmann::json()},
      {"started_at", r.started_at.empty() ? nlohmann::json() : nlohmann::json(r.started_at)},
      {"payload_exit_status",
       r.payload_exit_status ? nlohmann::json(*r.payload_exit_status) : nlohmann::json()},
      {"memory_limit_bytes", opt_json(r.memory_limit_bytes)},
      {"memory_peak_bytes", opt_json(r.memory_peak_bytes)},
      {"cgroup_cpu_ns", opt_json(r.cgroup_cpu_ns)},
      {"metrics", metrics},
      {"pinning", r.pinning},
      {"env", r.env},
      {"env_id", r.env_id.empty() ? nlohmann::json() : nlohmann::json(r.env_id)},
  };
  add_origin(j, r);
  return j;
}

Record from_json(const nlohmann::json& j) {
  Record r;
  r.id = j.value("id", "");
  r.suite = j.value("suite", "");
  r.benchmark = j.value("benchmark", "");
  r.plugin = j.value("plugin", "");
  if (j.contains("plugin_source")) r.plugin_source = j["plugin_source"];
  if (j.contains("params")) r.params = params_from_json(j["params"]);
  r.repetition = json_integer_at(j, "repetition", uint32_t(1));
  r.vmm = j.value("vmm", "");
  r.accel = j.value("accel", "");
  r.vcpus = json_integer_at(j, "vcpus", uint32_t(1));
  r.mem_mib = json_integer_at(j, "mem_mib", uint32_t(0));
  const std::string status = j.value("status", "failed");
  if (auto s = status_from_string(status))
    r.status = *s;
  else
    throw std::invalid_argument(fmt::format(
        "unknown status '{}' (known: {})", status,
        fmt::join(mapped(kStatusNames, [](const auto& kv) { return kv.second; }), ", ")));
  r.error = j.contains("error") && j["error"].is_string() ? j["error"].get<std::string>() : "";
  if (j.contains("timestamps_ns")) {
    auto& t = j["timestamps_ns"];
    constexpr std::string_view in = "timestamps_ns";
    r.ts = {ts_of(t, "launched", in), ts_of(t, "guest_booted", in), ts_of(t, "payload_start", in),
            ts_of(t, "payload_end", in), ts_of(t, "exited", in)};
  }
  r.scheduled_ns = ts_of(j, "scheduled_ns");
  r.started_ns = ts_of(j, "started_ns");
  r.queue_delay_ns = ts_of(j, "queue_delay_ns");
  r.guest_payload_ns = ts_of(j, "guest_payload_ns");
  r.vmm_exit_code = opt_int_of<int>(j, "vmm_exit_code");
  if (j.contains("process_usage") && j["process_usage"].is_object()) {
    auto& u = j["process_usage"];
    r.process_usage = results::ProcessUsage{u.value("user_ms", 0.0), u.value("system_ms", 0.0)};
  }
  r.vmm_boot_time_us = opt_int_of<int64_t>(j, "vmm_boot_time_us");
  r.payload_exit_status = opt_int_of<int>(j, "payload_exit_status");
  r.payload_term_signal = opt_int_of<int>(j, "payload_term_signal");
  if (j.contains("started_at") && j["started_at"].is_string()) r.started_at = j["started_at"];
  // Absent in records written before per-instance cgroups.
  r.memory_limit_bytes = opt_uint(j, "memory_limit_bytes");
  r.memory_peak_bytes = opt_uint(j, "memory_peak_bytes");
  r.cgroup_cpu_ns = opt_uint(j, "cgroup_cpu_ns");
  if (j.contains("metrics"))
    for (auto& m : j["metrics"])
      r.metrics.push_back({m.value("name", ""), m.value("value", 0.0), m.value("unit", ""),
                           m.value("better", "higher") != "lower"});
  if (j.contains("pinning") && j["pinning"].is_object()) r.pinning = j["pinning"];
  r.env = j.value("env", nlohmann::json::object());
  if (j.contains("env_id") && j["env_id"].is_string()) r.env_id = j["env_id"];
  read_origin(j, r);
  return r;
}

}  // namespace fcbench::results

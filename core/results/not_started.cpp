#include "results/not_started.hpp"

#include <fmt/format.h>

#include <functional>

namespace fcbench::results {

namespace {

// Stand-ins for the three fields that vary, as a dump writes them.
const char* const kMarks[] = {"\"\\u0001id\"", "\"\\u0001rep\"", "\"\\u0001sched\""};

// Only a record with nothing of a run in it takes the template.
bool plain(const Record& r) {
  return r.status == Status::not_started && r.metrics.empty() && r.started_ns == 0 &&
         r.ts.launched == 0 && r.ts.guest_booted == 0 && r.ts.payload_start == 0 &&
         r.ts.payload_end == 0 && r.ts.exited == 0 && r.guest_payload_ns == 0 && !r.vmm_exit_code &&
         !r.process_usage && !r.vmm_boot_time_us && !r.payload_exit_status &&
         !r.payload_term_signal && !r.memory_limit_bytes && !r.memory_peak_bytes &&
         !r.cgroup_cpu_ns && r.started_at.empty() && r.imported_from.empty() &&
         r.merged_from.empty() && r.scheduled_ns > 0;
}

}  // namespace

// Every field a template fixes (JSON values by hash).
std::string NotStartedLines::key(const Record& r) {
  std::string k = fmt::format(
      "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n", r.suite, r.benchmark,
      r.plugin, r.vmm, r.accel, r.vcpus, r.mem_mib, r.error, r.env_id, r.host, r.start_mono_ns,
      r.start_wall_ns, std::hash<nlohmann::json>{}(r.env), std::hash<nlohmann::json>{}(r.pinning),
      std::hash<nlohmann::json>{}(r.shard), std::hash<nlohmann::json>{}(r.plugin_source));
  for (auto& [name, value] : r.params) k += name + '=' + value + '\n';
  for (auto& [name, type] : r.param_types) k += name + ':' + std::to_string(int(type)) + '\n';
  return k;
}

NotStartedLines::Template NotStartedLines::make(Record r) {
  nlohmann::json j = to_json(r);
  j["id"] = "\x01id";
  j["repetition"] = "\x01rep";
  j["scheduled_ns"] = "\x01sched";
  const std::string text = j.dump();
  Template t;
  size_t from = 0;
  for (const char* mark : kMarks) {  // keys are sorted: id < repetition < scheduled_ns
    const size_t at = text.find(mark, from);
    t.pieces.push_back(text.substr(from, at - from));
    from = at + std::char_traits<char>::length(mark);
  }
  t.pieces.push_back(text.substr(from));
  return t;
}

std::string NotStartedLines::line(const Record& r) {
  if (!plain(r)) return to_json(r).dump();
  auto it = templates_.find(key(r));
  if (it == templates_.end()) it = templates_.emplace(key(r), make(r)).first;
  const auto& p = it->second.pieces;
  std::string out = p[0];
  out += nlohmann::json(r.id).dump();
  out += p[1];
  out += std::to_string(r.repetition);
  out += p[2];
  out += std::to_string(r.scheduled_ns);
  out += p[3];
  return out;
}

}  // namespace fcbench::results

#include "results/legacy_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "results/stats.hpp"
#include "util/error.hpp"

namespace fcbench::results::legacy {

namespace {

constexpr int64_t kNsPerMs = 1'000'000;

// A row's program as fcbench runs it: the plugin and every parameter.
struct Mapped {
  std::shared_ptr<const plugin::Plugin> plugin;
  plugin::ParamMap params;
};

Mapped map_program(const LineRef& where, const Field& id, const Field& arg,
                   const Programs& programs) {
  workload::ResolvedProgram p;
  try {
    p = workload::resolve_program(workload::program_name(programs.list, id.text), programs.plugins,
                                  "");
  } catch (const std::invalid_argument& e) {
    where.fail(id.col, e.what());
  }
  try {
    return {p.plugin, workload::program_params(p, arg.text)};
  } catch (const plugin::PluginError& e) {
    where.fail(arg.col, fmt::format("workload argument of {}: {}", p.plugin->name(), e.what()));
  }
}

std::map<std::string, fcb_param_type> types_of(const plugin::Plugin& p) {
  std::map<std::string, fcb_param_type> out;
  for (auto& d : p.params()) out[d.name] = d.type;
  return out;
}

int64_t median_ns(const std::vector<int64_t>& ns) {
  if (ns.empty()) return 0;
  return std::llround(describe(std::vector<double>(ns.begin(), ns.end())).median);
}

// Why a row with a zero time is not ok; empty when both times are there.
std::string zero_time_error(int64_t t_fc_ms, int64_t t_vm_ms) {
  if (t_fc_ms == 0)
    return "the prior tool recorded tFC 0 ms: it measured no VM run time, so the VM most likely "
           "did not run";
  if (t_vm_ms == 0)
    return "the prior tool recorded tVM 0 ms: it found no program run time (WORKLOADRUNTIME) in "
           "the guest's output, so the program most likely failed";
  return "";
}

}  // namespace

std::string iso_utc(int64_t unix_ns) {
  const time_t s = time_t(unix_ns / 1'000'000'000);
  const int ms = int(unix_ns % 1'000'000'000 / kNsPerMs);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, ms);
}

Record to_record(const ResultRow& row, size_t index, const Source& src, const Programs& programs) {
  const Mapped m = map_program(row.where, row.id, row.argument, programs);
  Record r;
  r.id = fmt::format("{}-{:06}", src.run, index);
  r.suite = std::filesystem::path(src.file_name).stem().string();
  r.plugin = m.plugin->name();
  r.params = m.params;
  r.param_types = types_of(*m.plugin);
  r.benchmark = workload::workload_benchmark_name(r.plugin, r.params, kVcpus, kMemMib);
  r.vmm = kVmm;
  r.accel = kAccel;
  r.vcpus = kVcpus;
  r.mem_mib = kMemMib;
  r.ts.launched = row.start_ns;
  if (row.t_fc_ms > 0) r.ts.exited = row.start_ns + row.t_fc_ms * kNsPerMs;
  r.scheduled_ns = r.started_ns = row.start_ns;  // the prior tool had no queue
  r.queue_delay_ns = 0;
  r.started_at = iso_utc(row.start_ns);
  r.error = zero_time_error(row.t_fc_ms, row.t_vm_ms);
  r.status = r.error.empty() ? Status::ok : Status::failed;
  if (r.status == Status::ok) {
    r.guest_payload_ns = row.t_vm_ms * kNsPerMs;
    r.metrics.push_back({kMetric, double(row.t_vm_ms), "ms", false});
  }
  r.env = src.env;
  r.env_id = src.env_id;
  r.imported_from = src.file_name;
  return r;
}

Baseline to_baseline(const std::vector<BaselineRow>& rows, const Programs& programs,
                     const std::string& created_at) {
  Baseline b;
  b.vmm = kVmm;
  b.accel = kAccel;
  b.created_at = created_at;
  std::map<BaselineKey, uint32_t> runs;
  for (const auto& row : rows) {
    const Mapped m = map_program(row.where, row.id, row.argument, programs);
    BaselineKey key{m.plugin->name(), m.params};
    auto [it, fresh] = b.entries.try_emplace(key);
    BaselineEntry& e = it->second;
    if (fresh) e.key = key, e.param_types = types_of(*m.plugin);
    b.repetitions = std::max(b.repetitions, ++runs[key]);
    if (zero_time_error(row.t_fc_ms, row.t_vm_ms).empty()) {
      e.payload_ns.push_back(row.t_vm_ms * kNsPerMs);
      e.end_to_end_ns.push_back(row.t_fc_ms * kNsPerMs);
    } else {
      ++e.n_failed;
    }
  }
  for (auto& [k, e] : b.entries) {
    e.median_ns = median_ns(e.payload_ns);
    e.end_to_end_median_ns = median_ns(e.end_to_end_ns);
  }
  return b;
}

std::vector<nlohmann::json> to_host_lines(const Sysmon& sysmon, const std::string& file_name,
                                          const std::vector<Record>& records) {
  std::vector<int64_t> starts, ends;
  for (auto& r : records)
    if (r.ts.launched > 0 && r.ts.exited > r.ts.launched)
      starts.push_back(r.ts.launched), ends.push_back(r.ts.exited);
  std::ranges::sort(starts);
  std::ranges::sort(ends);
  auto at_or_before = [](const std::vector<int64_t>& v, int64_t t) {
    return int64_t(std::ranges::upper_bound(v, t) - v.begin());
  };

  std::vector<nlohmann::json> out;
  int64_t prev_t = 0;
  for (const auto& row : sysmon.rows) {
    host::HostSample s;
    s.t_ns = row.t_ns;
    s.time = iso_utc(row.t_ns);
    s.interval_s = out.empty() || row.t_ns <= prev_t ? 0 : double(row.t_ns - prev_t) / 1e9;
    s.cpu_user = row.cpu_user;
    s.cpu_system = row.cpu_system;
    s.cpu_idle = row.cpu_idle;
    s.cpu_irq = row.cpu_inter;
    s.mem_available_kib = row.mem_avail / 1024;
    s.mem_total_kib = sysmon.total_mem.value_or(0) / 1024;
    s.load1 = row.load_1m;
    s.running = at_or_before(starts, row.t_ns) - at_or_before(ends, row.t_ns);
    nlohmann::json j = host::to_json(s);
    j["legacy"] = {{"cpu_inter", row.cpu_inter},
                   {"cpu_percentage", row.cpu_percentage},
                   {"swap_used_bytes", row.swap_used}};
    j["imported_from"] = file_name;
    out.push_back(std::move(j));
    prev_t = row.t_ns;
  }
  return out;
}

}  // namespace fcbench::results::legacy

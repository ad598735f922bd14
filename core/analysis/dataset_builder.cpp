#include "analysis/dataset_builder.hpp"

#include <algorithm>

namespace fcbench::analysis {

namespace {

double span_ms(int64_t from, int64_t to) {
  return from > 0 && to >= from ? double(to - from) / 1e6 : -1;
}

}  // namespace

uint32_t DatasetBuilder::intern(std::string_view s) {
  key_.assign(s);
  auto it = names_.find(key_);
  if (it != names_.end()) return it->second;
  d_.names.emplace_back(s);
  return names_.emplace(key_, uint32_t(d_.names.size() - 1)).first->second;
}

uint32_t DatasetBuilder::intern(std::string_view s, Field f) {
  auto& [text, index] = last_[size_t(f)];
  if (index != kUnseen && text == s) return index;
  text.assign(s);
  return index = intern(s);
}

uint32_t DatasetBuilder::series_of(uint32_t config, const RecordView& r, std::string_view metric,
                                   std::string_view unit, bool higher) {
  auto& list = config_list_[config].series;
  for (auto& [name, idx] : list)
    if (name == metric) return idx;
  Series s;
  s.key = {std::string(r.benchmark), std::string(r.plugin), r.params,
           std::string(r.vmm),       std::string(r.accel),  std::string(metric)};
  s.unit = unit;
  s.higher_is_better = higher;
  d_.series.push_back(std::move(s));
  list.emplace_back(std::string(metric), uint32_t(d_.series.size() - 1));
  return list.back().second;
}

void DatasetBuilder::add_value(uint32_t config, const RecordView& r, std::string_view metric,
                               std::string_view unit, bool higher, double v) {
  Series& s = d_.series[series_of(config, r, metric, unit, higher)];
  s.values.push_back(v);
  s.instances.push_back(uint32_t(d_.instances.size() - 1));
}

void DatasetBuilder::add_failure(const RecordView& r) {
  key_ = results::to_string(r.status);
  key_ += '\x1f';
  key_ += r.error;
  auto [it, fresh] = failures_.try_emplace(key_, d_.failures.size());
  if (fresh) d_.failures.push_back({r.status, std::string(r.error), 0, {}});
  FailureGroup& g = d_.failures[it->second];
  ++g.count;
  if (g.ids.size() < kFailureIds) g.ids.emplace_back(r.id);
}

void DatasetBuilder::expect(size_t records) {
  records += records / 8;  // lines vary in length
  d_.instances.reserve(d_.instances.size() + records);
  d_.id_text.reserve(d_.id_text.size() + records * 20);
}

void DatasetBuilder::add(const RecordView& r) {
  Instance in;
  d_.set_id(in, r.id);
  in.benchmark = intern(r.benchmark, kBenchmark);
  in.plugin = intern(r.plugin, kPlugin);
  in.params = intern(r.params, kParams);
  in.vmm = intern(r.vmm, kVmm);
  in.accel = intern(r.accel, kAccel);
  in.error = intern(r.error, kError);
  in.status = r.status;
  in.arrival_ns = r.scheduled_ns;
  in.launched_ns = r.launched;
  in.exited_ns = r.exited;
  in.end_to_end_ms = span_ms(r.launched, r.exited);
  in.time_to_payload_ms = span_ms(r.launched, r.payload_start);
  in.guest_payload_ns = r.guest_payload_ns;
  d_.instances.push_back(std::move(in));
  ++d_.by_status[r.status];
  if (r.status != results::Status::ok) return add_failure(r);

  key_.clear();
  for (std::string_view part : {r.benchmark, r.plugin, std::string_view(r.params), r.vmm, r.accel})
    key_.append(part).push_back('\x1f');
  auto [it, fresh] = configs_.try_emplace(key_, uint32_t(config_list_.size()));
  if (fresh) config_list_.emplace_back();
  const uint32_t config = it->second;
  for (const MetricView& m : r.metrics)
    add_value(config, r, m.name, m.unit, m.higher_is_better, m.value);
  const Instance& i = d_.instances.back();
  if (i.end_to_end_ms >= 0) add_value(config, r, "vm.end_to_end", "ms", false, i.end_to_end_ms);
  if (i.time_to_payload_ms >= 0)
    add_value(config, r, "vm.time_to_payload", "ms", false, i.time_to_payload_ms);
  if (double p = span_ms(r.payload_start, r.payload_end); p >= 0)
    add_value(config, r, "vm.payload", "ms", false, p);
}

size_t DatasetBuilder::series_index(const GroupKey& k, const Series& like) {
  if (by_key_.size() != d_.series.size())
    for (size_t i = by_key_.size(); i < d_.series.size(); ++i) by_key_[d_.series[i].key] = i;
  auto [it, fresh] = by_key_.try_emplace(k, d_.series.size());
  if (fresh) d_.series.push_back({k, like.unit, like.higher_is_better, {}, {}});
  return it->second;
}

void DatasetBuilder::append(Dataset&& part) {
  std::vector<uint32_t> name(part.names.size());
  for (size_t i = 0; i < name.size(); ++i) name[i] = intern(part.names[i]);
  const uint32_t offset = uint32_t(d_.instances.size());
  const uint64_t id_offset = d_.id_text.size();
  d_.id_text += part.id_text;
  d_.instances.reserve(d_.instances.size() + part.instances.size());
  for (Instance& in : part.instances) {
    in.id_at += id_offset;
    for (uint32_t* idx : {&in.benchmark, &in.plugin, &in.params, &in.vmm, &in.accel, &in.error})
      *idx = name[*idx];
    d_.instances.push_back(std::move(in));
  }
  for (Series& s : part.series) {
    Series& into = d_.series[series_index(s.key, s)];
    into.values.insert(into.values.end(), s.values.begin(), s.values.end());
    for (uint32_t i : s.instances) into.instances.push_back(i + offset);
  }
  for (auto& [status, n] : part.by_status) d_.by_status[status] += n;
  for (FailureGroup& f : part.failures) {
    key_ = results::to_string(f.status) + '\x1f' + f.error;
    auto [it, fresh] = failures_.try_emplace(key_, d_.failures.size());
    if (fresh) d_.failures.push_back({f.status, f.error, 0, {}});
    FailureGroup& g = d_.failures[it->second];
    g.count += f.count;
    for (auto& id : f.ids)
      if (g.ids.size() < kFailureIds) g.ids.push_back(id);
  }
  for (auto& w : part.warnings) d_.warnings.push_back(std::move(w));
}

void DatasetBuilder::finish() {
  std::stable_sort(d_.failures.begin(), d_.failures.end(),
                   [](const FailureGroup& a, const FailureGroup& b) { return a.count > b.count; });
}

}  // namespace fcbench::analysis

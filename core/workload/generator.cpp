#include "workload/generator.hpp"

#include <algorithm>
#include <cmath>

#include "workload/random.hpp"

namespace fcbench::workload {

namespace {

constexpr uint64_t kArrivalStream = 1;
constexpr uint64_t kMixStream = 2;

int64_t to_ns(double seconds) {
  return int64_t(std::llround(seconds * 1e9));
}

nlohmann::ordered_json draw(const ParamDist& d, Random& rng) {
  switch (d.kind) {
    case ParamDist::Kind::Fixed:
      return typed_value(d.type, d.values.at(0));
    case ParamDist::Kind::Choice: {
      size_t i = d.weights.empty() ? size_t(rng.uniform_int(0, int64_t(d.values.size()) - 1))
                                   : rng.weighted(d.weights);
      return typed_value(d.type, d.values.at(i));
    }
    case ParamDist::Kind::UniformInt: {
      int64_t v = rng.uniform_int(d.lo_int, d.hi_int);
      return d.type == FCB_PARAM_FLOAT ? nlohmann::ordered_json(double(v))
                                       : nlohmann::ordered_json(v);
    }
    case ParamDist::Kind::Uniform:
      return rng.uniform(d.lo, d.hi);
  }
  return nullptr;
}

}  // namespace

std::vector<int64_t> arrivals(const Spec& spec, uint64_t seed) {
  Random rng(seed, kArrivalStream);
  const uint64_t n = spec.instances;
  std::vector<int64_t> out;
  out.reserve(n);
  switch (spec.arrival.process) {
    case Process::Poisson: {
      const double rate = double(n) / spec.duration_s;
      int64_t t = 0;  // summed in whole ns, so no drift from rounding
      for (uint64_t i = 0; i < n; ++i) {
        t += to_ns(rng.exponential(rate));
        out.push_back(t);
      }
      break;
    }
    case Process::Uniform:
      for (uint64_t i = 0; i < n; ++i) out.push_back(to_ns(rng.uniform(0, spec.duration_s)));
      break;
    case Process::Burst:
      for (uint64_t i = 0; i < n; ++i)
        out.push_back(to_ns(double(i / spec.arrival.burst_size) * spec.arrival.interval_s));
      break;
    case Process::Trace:
      for (double s : spec.arrival.trace_offsets_s) out.push_back(to_ns(s));
      break;
  }
  std::stable_sort(out.begin(), out.end());
  return out;
}

std::vector<Instance> generate(const Spec& spec, uint64_t seed) {
  std::vector<double> weights;
  for (auto& m : spec.mix) weights.push_back(m.weight);
  Random rng(seed, kMixStream);
  std::vector<Instance> out;
  uint64_t k = 0;
  for (int64_t t : arrivals(spec, seed)) {
    const MixEntry& m = spec.mix.at(rng.weighted(weights));
    Instance inst;
    inst.id = instance_id(++k);
    inst.arrival_ns = t;
    inst.plugin = m.plugin;
    inst.params = nlohmann::ordered_json::object();
    for (auto& [name, d] : m.params) inst.params[name] = draw(d, rng);
    inst.vcpus = spec.vcpus;
    inst.mem_mib = spec.mem_mib;
    inst.where = m.where;
    out.push_back(std::move(inst));
  }
  return out;
}

}  // namespace fcbench::workload

#include "run/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"
#include "workload/check.hpp"
#include "workload/reader.hpp"

namespace fcbench::run {

namespace {

void apply_overrides(config::VmSettings& vm, const RunOptions& opt) {
  if (!opt.vmm.empty()) vm.vmm = opt.vmm;
  if (!opt.accel.empty()) vm.accel = opt.accel;
  if (!opt.firecracker_mode.empty()) vm.firecracker_mode = opt.firecracker_mode;
  if (opt.repetitions) {  // a fixed count: the command line turns adaptive repetitions off
    vm.repetitions = opt.repetitions;
    vm.adaptive.reset();
  }
  if (opt.timeout_s > 0) vm.timeout_s = opt.timeout_s;
}

uint32_t concurrency(const RunOptions& opt, uint32_t fallback) {
  if (opt.unlimited) return 0;
  return opt.max_concurrent ? opt.max_concurrent : fallback;
}

Source source_of(const std::string& kind, const std::filesystem::path& file,
                 const std::string& name) {
  // The name goes into every record (JSON): it must be UTF-8.
  if (invalid_utf8_at(name) != std::string::npos)
    throw UserError(file.string() + ": the file name is not valid UTF-8; rename the file", 2);
  return {kind, std::filesystem::absolute(file), name, Sha256().add_file(file).hex()};
}

}  // namespace

std::string slug(const std::string& s) {
  std::string out;
  for (char c : s)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return out.substr(0, 80);
}

Plan plan_suite(config::Suite suite, const RunOptions& opt) {
  Plan p;
  p.src = {"suite", std::filesystem::absolute(suite.file), suite.name, suite.sha256};
  p.host = suite.host;
  p.max_concurrent = concurrency(opt, 1);
  p.benches = std::move(suite.benchmarks);
  uint32_t max_reps = 0;
  for (auto& b : p.benches) {
    apply_overrides(b.vm, opt);
    max_reps = std::max(max_reps, b.vm.repetitions);
  }
  for (uint32_t rep = 1; rep <= max_reps; ++rep)
    for (auto& b : p.benches) {
      if (rep > b.vm.repetitions) continue;
      Instance inst;
      inst.bench = &b;
      inst.repetition = rep;
      inst.id = fmt::format("{:04}-{}-r{}", p.instances.size() + 1, slug(b.name), rep);
      p.instances.push_back(std::move(inst));
    }
  return p;
}

namespace {

// A workload's plan, built one instance at a time, so a million need not be
// held as workload instances: one benchmark per distinct configuration,
// named like a matrix point; each instance kept compact.
class WorkloadPlanner {
 public:
  WorkloadPlanner(const RunOptions& opt, const config::VmSettings& defaults)
      : opt_(opt), defaults_(defaults) {}

  // Adds `wi` (file order); true when it is the first of its configuration.
  bool add(const workload::Instance& wi) {
    const uint64_t key = shape_key(wi);
    if (auto it = shapes_.find(key); key != kNoKey && it != shapes_.end()) {
      entries_.push_back({wi.id, wi.arrival_ns, it->second});
      return false;
    }
    const bool fresh = add_named(wi);
    if (key != kNoKey) shapes_.emplace(key, entries_.back().bench);
    return fresh;
  }

  // The instances sorted by arrival (stable), this shard's only, with the
  // benchmarks they use, in order of first use.
  Plan finish(Source src) {
    if (!std::is_sorted(entries_.begin(), entries_.end(), by_arrival))
      std::stable_sort(entries_.begin(), entries_.end(), by_arrival);
    Plan p;
    p.src = std::move(src);
    p.max_concurrent = concurrency(opt_, 0);
    std::vector<uint32_t> to(benches_.size(), kUnused);  // old bench index -> new
    size_t mine = 0;
    for (size_t i = 0; i < entries_.size(); ++i)
      if (!opt_.shard || in_shard(i, *opt_.shard)) {
        ++mine;
        if (to[entries_[i].bench] == kUnused) {
          to[entries_[i].bench] = uint32_t(p.benches.size());
          p.benches.push_back(std::move(benches_[entries_[i].bench]));
        }
      }
    p.instances.reserve(mine);  // benches are final: instances may point into them
    for (size_t i = 0; i < entries_.size(); ++i)
      if (!opt_.shard || in_shard(i, *opt_.shard)) {
        auto& e = entries_[i];
        p.instances.push_back({std::move(e.id), &p.benches[to[e.bench]], 1, e.arrival_ns});
      }
    entries_ = {};
    return p;
  }

 private:
  struct Entry {
    std::string id;
    int64_t arrival_ns;
    uint32_t bench;
  };
  static constexpr uint32_t kUnused = ~uint32_t(0);
  static bool by_arrival(const Entry& a, const Entry& b) { return a.arrival_ns < b.arrival_ns; }
  static constexpr uint64_t kNoKey = ~uint64_t(0);

  // The reader's shape with the VM size (vcpus <= 256, mem_mib <= 2^20 once
  // read), or kNoKey.
  static uint64_t shape_key(const workload::Instance& wi) {
    if (wi.shape == workload::kNoShape || wi.vcpus >= (1u << 9) || wi.mem_mib >= (1u << 21))
      return kNoKey;
    return uint64_t(wi.shape) << 32 | uint64_t(wi.vcpus) << 21 | wi.mem_mib;
  }

  // The first of a shape, or one without: by its name, like a matrix point.
  bool add_named(const workload::Instance& wi) {
    config::ParamMap params;
    std::string label;
    for (auto& [k, v] : wi.params.items()) {
      auto& text = params[k] = workload::text_value(v);
      label += (label.empty() ? "" : ",") + k + "=" + text;
    }
    std::string name = wi.plugin + "[" + label + "]";
    if (wi.vcpus != config::kDefaultVcpus || wi.mem_mib != config::kDefaultMemMib)
      name += fmt::format("@{}cpu/{}MiB", wi.vcpus, wi.mem_mib);
    auto [it, fresh] = index_.try_emplace(std::move(name), uint32_t(benches_.size()));
    if (fresh) benches_.push_back(bench(it->first, wi, std::move(params)));
    entries_.push_back({wi.id, wi.arrival_ns, it->second});
    return fresh;
  }

  config::Benchmark bench(const std::string& name, const workload::Instance& wi,
                          config::ParamMap params) const {
    config::Benchmark b;
    b.name = name;
    b.plugin = wi.plugin;
    b.params = std::move(params);
    b.vm = defaults_;
    b.vm.vcpus = wi.vcpus;
    b.vm.mem_mib = wi.mem_mib;
    apply_overrides(b.vm, opt_);
    b.vm.repetitions = 1;
    b.vm.adaptive.reset();  // a workload runs each instance once
    b.where = wi.where;
    return b;
  }

  const RunOptions& opt_;
  const config::VmSettings& defaults_;
  std::unordered_map<std::string, uint32_t> index_;  // by name
  std::unordered_map<uint64_t, uint32_t> shapes_;    // by shape_key
  std::vector<config::Benchmark> benches_;
  std::vector<Entry> entries_;
};

Source workload_source(const std::filesystem::path& file) {
  return source_of("workload", file, file.stem().string());
}

}  // namespace

Plan plan_workload(const workload::Workload& w, const std::filesystem::path& file,
                   const RunOptions& opt, const config::VmSettings& defaults) {
  WorkloadPlanner planner(opt, defaults);
  for (const auto& wi : w.instances) planner.add(wi);
  return planner.finish(workload_source(file));
}

Plan plan_workload(const std::filesystem::path& file, const plugin::Registry& plugins,
                   const RunOptions& opt, const config::VmSettings& defaults) {
  WorkloadPlanner planner(opt, defaults);
  workload::stream_workload(file, plugins, [&](workload::Instance&& wi) {
    if (planner.add(wi)) workload::check_configuration(wi, plugins);
  });
  return planner.finish(workload_source(file));
}

namespace {

// Each configuration of a workload's plan alone, `reps` times, interleaved.
Plan as_baseline(Plan p, const RunOptions& opt) {
  p.src.kind = "baseline";
  p.max_concurrent = 1;  // a baseline runs each configuration alone
  p.repetitions = opt.repetitions ? opt.repetitions : 5;
  p.instances.clear();
  p.instances.shrink_to_fit();
  for (uint32_t rep = 1; rep <= p.repetitions; ++rep)
    for (size_t i = 0; i < p.benches.size(); ++i) {
      auto& b = p.benches[i];
      b.vm.repetitions = p.repetitions;
      Instance inst;
      inst.bench = &b;
      inst.repetition = rep;
      inst.id = fmt::format("b{:04}-{}-r{}", i + 1, slug(b.name), rep);
      p.instances.push_back(std::move(inst));
    }
  return p;
}

RunOptions every_shard(RunOptions opt) {
  opt.shard.reset();  // a baseline runs every configuration, whatever the shard
  return opt;
}

}  // namespace

Plan plan_baseline(const workload::Workload& w, const std::filesystem::path& file,
                   const RunOptions& opt, const config::VmSettings& defaults) {
  return as_baseline(plan_workload(w, file, every_shard(opt), defaults), opt);
}

Plan plan_baseline(const std::filesystem::path& file, const plugin::Registry& plugins,
                   const RunOptions& opt, const config::VmSettings& defaults) {
  return as_baseline(plan_workload(file, plugins, every_shard(opt), defaults), opt);
}

RunOptions suite_workload_options(const config::Suite& suite, const RunOptions& cli) {
  RunOptions opt = cli;
  const auto& w = *suite.workload;
  if (!cli.max_concurrent && !cli.unlimited) {
    opt.max_concurrent = w.max_concurrent;
    opt.unlimited = w.max_concurrent == 0;
  }
  if (cli.baseline.empty()) opt.baseline = w.baseline;
  return opt;
}

Plan plan_suite_workload(const config::Suite& suite, const plugin::Registry& plugins,
                         const RunOptions& opt) {
  Plan plan = plan_workload(suite.workload->file, plugins, opt, suite.defaults);
  plan.src = {"suite", std::filesystem::absolute(suite.file), suite.name, suite.sha256};
  plan.host = suite.host;
  return plan;
}

}  // namespace fcbench::run

#include "run/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

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

Plan plan_suite(const config::Suite& suite, const RunOptions& opt) {
  Plan p;
  p.src = {"suite", std::filesystem::absolute(suite.file), suite.name, suite.sha256};
  p.host = suite.host;
  p.max_concurrent = concurrency(opt, 1);
  p.benches = suite.benchmarks;
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

Plan plan_workload(const workload::Workload& w, const std::filesystem::path& file,
                   const RunOptions& opt, const config::VmSettings& defaults) {
  Plan p;
  p.src = source_of("workload", file, file.stem().string());
  p.max_concurrent = concurrency(opt, 0);
  // One benchmark per distinct configuration, named like a matrix point.
  std::map<std::string, size_t> index;
  std::vector<size_t> bench_of;
  std::vector<const workload::Instance*> mine;  // this shard's, in file order
  for (size_t i = 0; i < w.instances.size(); ++i)
    if (!opt.shard || in_shard(i, *opt.shard)) mine.push_back(&w.instances[i]);
  for (const auto* wip : mine) {
    const auto& wi = *wip;
    config::ParamMap params;
    std::string label;
    for (auto& [k, v] : wi.params.items()) {
      params[k] = workload::text_value(v);
      label += (label.empty() ? "" : ",") + k + "=" + params[k];
    }
    std::string name = wi.plugin + "[" + label + "]";
    if (wi.vcpus != config::kDefaultVcpus || wi.mem_mib != config::kDefaultMemMib)
      name += fmt::format("@{}cpu/{}MiB", wi.vcpus, wi.mem_mib);
    auto [it, fresh] = index.try_emplace(name, p.benches.size());
    if (fresh) {
      config::Benchmark b;
      b.name = name;
      b.plugin = wi.plugin;
      b.params = params;
      b.vm = defaults;
      b.vm.vcpus = wi.vcpus;
      b.vm.mem_mib = wi.mem_mib;
      apply_overrides(b.vm, opt);
      b.vm.repetitions = 1;
      b.vm.adaptive.reset();  // a workload runs each instance once
      b.where = wi.where;
      p.benches.push_back(std::move(b));
    }
    bench_of.push_back(it->second);
  }
  for (size_t i = 0; i < mine.size(); ++i) {
    Instance inst;
    inst.bench = &p.benches[bench_of[i]];
    inst.id = mine[i]->id;
    inst.arrival_ns = mine[i]->arrival_ns;
    p.instances.push_back(std::move(inst));
  }
  return p;
}

Plan plan_baseline(const workload::Workload& w, const std::filesystem::path& file,
                   const RunOptions& opt, const config::VmSettings& defaults) {
  RunOptions all = opt;  // a baseline runs every configuration, whatever the shard
  all.shard.reset();
  Plan p = plan_workload(w, file, all, defaults);
  p.src.kind = "baseline";
  p.max_concurrent = 1;  // a baseline runs each configuration alone
  p.repetitions = opt.repetitions ? opt.repetitions : 5;
  p.instances.clear();
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

Plan plan_suite_workload(const config::Suite& suite, const workload::Workload& w,
                         const RunOptions& opt) {
  Plan plan = plan_workload(w, suite.workload->file, opt, suite.defaults);
  plan.src = {"suite", std::filesystem::absolute(suite.file), suite.name, suite.sha256};
  plan.host = suite.host;
  return plan;
}

}  // namespace fcbench::run

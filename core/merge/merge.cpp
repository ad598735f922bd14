#include "merge/merge.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "merge/inputs.hpp"
#include "merge/rules.hpp"
#include "merge/write.hpp"
#include "run/plan.hpp"
#include "util/dir_lock.hpp"
#include "util/error.hpp"
#include "workload/reader.hpp"

namespace fcbench::merge {

namespace {

// Every input must come from the same workload file and shard count.
uint32_t check_inputs(const std::vector<Input>& in, std::vector<std::string>& warnings) {
  const Input& first = in.front();
  const uint32_t n = first.run.options.shard ? first.run.options.shard->count : 1;
  for (const Input& i : in) {
    if (i.workload_sha256 != first.workload_sha256)
      throw UserError(
          fmt::format("{} and {} ran different workloads (workload.jsonl SHA-256 "
                      "{}… and {}…); merge takes runs of one workload",
                      first.dir.string(), i.dir.string(), first.workload_sha256.substr(0, 12),
                      i.workload_sha256.substr(0, 12)),
          2);
    const uint32_t m = i.run.options.shard ? i.run.options.shard->count : 1;
    if (m != n)
      throw UserError(fmt::format("{} ran 1 of {} shard(s) but {} ran 1 of {}: merge takes the "
                                  "shards of one split",
                                  first.dir.string(), n, i.dir.string(), m),
                      2);
    if (i.fcbench_version != first.fcbench_version)
      warnings.push_back(fmt::format("{} ran fcbench {} but {} ran {}", first.dir.string(),
                                     first.fcbench_version, i.dir.string(), i.fcbench_version));
    warnings.insert(warnings.end(), i.warnings.begin(), i.warnings.end());
  }
  return n;
}

// The record a missing instance gets: what the plan says it was, not started.
results::Record placeholder(const run::Instance& inst, const std::string& suite, size_t i,
                            uint32_t shards, const plugin::Registry& plugins) {
  results::Record r;
  const auto& b = *inst.bench;
  r.id = inst.id;
  r.suite = suite;
  r.benchmark = b.name;
  r.plugin = b.plugin;
  r.params = {b.params.begin(), b.params.end()};
  if (const auto p = plugins.find(b.plugin))  // typed in JSON as the plugin declares them
    for (const auto& [k, v] : r.params)
      if (const auto* def = p->find_param(k)) r.param_types[k] = def->type;
  r.vmm = b.vm.vmm;
  r.accel = b.vm.accel;
  r.vcpus = b.vm.vcpus;
  r.mem_mib = b.vm.mem_mib;
  r.status = results::Status::not_started;
  r.error = missing_reason(i, shards);
  if (shards > 1) r.shard = {{"index", i % shards}, {"count", shards}};
  return r;
}

// One record per planned instance, aligned to the wall clock.
Merged pick_records(const std::vector<Input>& in, const run::Plan& plan, uint32_t shards,
                    const plugin::Registry& plugins) {
  std::vector<std::string> ids;
  for (auto& inst : plan.instances) ids.push_back(inst.id);
  std::vector<Candidate> found;
  std::vector<std::pair<const Input*, const Located*>> where;
  for (const Input& i : in)
    for (const Located& l : i.records) {
      found.push_back({l.rec.id, l.rec.status,
                       fmt::format("{}:{}", (i.dir / "results.jsonl").string(), l.line)});
      where.emplace_back(&i, &l);
    }
  const auto pick = choose(ids, found);
  Merged m;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!pick[i]) {
      m.records.push_back(placeholder(plan.instances[i], plan.src.name, i, shards, plugins));
      ++m.missing[missing_reason(i, shards)];
      continue;
    }
    const auto [input, located] = where[*pick[i]];
    results::Record r = located->rec;
    r.merged_from = input->dir.string();
    if (auto shift = wall_shift(r))
      shift_record(r, *shift);
    else
      ++m.unaligned;
    m.records.push_back(std::move(r));
  }
  return m;
}

}  // namespace

int merge_dirs(const MergeOptions& opt, const plugin::Registry& plugins) {
  if (opt.dirs.empty()) throw UserError("fcbench merge: no results directory given", 2);
  if (opt.out.empty()) throw UserError("fcbench merge: give the output directory with -o OUT", 2);
  const auto lock = DirLock::make(opt.out, "wait for it to end, or choose another -o");
  refuse_existing_output(opt.out);
  std::vector<Input> in;
  for (const auto& d : opt.dirs) in.push_back(read_input(d));
  Merged m;
  const uint32_t shards = check_inputs(in, m.warnings);
  const std::filesystem::path wfile = in.front().dir / "workload.jsonl";
  run::RunOptions ro = in.front().run.options;
  ro.shard.reset();
  const run::Plan plan = run::plan_workload(wfile, plugins, ro);
  Merged picked = pick_records(in, plan, shards, plugins);
  picked.warnings = std::move(m.warnings);
  if (picked.unaligned)
    picked.warnings.push_back(
        fmt::format("{} record(s) do not say when their run started (made before fcbench recorded "
                    "start_wall_ns): their timestamps stay on their own host's clock",
                    picked.unaligned));
  write_merged(opt, in, plan, shards, picked);
  return 0;
}

}  // namespace fcbench::merge

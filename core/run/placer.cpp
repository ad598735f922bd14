#include "run/placer.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "image/disk.hpp"
#include "run/channel.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace fcbench::run {

namespace {

void fill_spec(Placed& pr, const config::Benchmark& b, const Assets& a) {
  auto& s = pr.spec;
  if (pr.driver->is_vm()) {
    s.kernel = kernel_for(a.kernels.at(b.vm.kernel), *pr.driver);
    s.initrd = a.initrds.at(b.vm.kernel);
    s.rootfs = a.rootfs.path;
  } else {
    for (auto& f : pr.plugin->payload_files()) {
      std::string src = f.source;
      if (f.kind == FCB_FILE_HOST_BINARY) src = which(f.source);
      s.payload_paths[f.guest_path] = src.empty() ? f.source : src;
    }
  }
  s.vcpus = b.vm.vcpus;
  s.mem_mib = b.vm.mem_mib;
  s.accel = a.accels.at(Assets::accel_key(b.vm));
  s.firecracker_mode = b.vm.firecracker_mode;
  s.jailer = b.vm.jailer;
}

void fill_base(Placed& pr, const config::Benchmark& b, const Assets& a, const std::string& suite,
               const nlohmann::json& env) {
  auto& r = pr.base;
  r.suite = suite;
  r.benchmark = b.name;
  r.plugin = b.plugin;
  r.params = b.params;
  for (auto& d : pr.plugin->params()) r.param_types[d.name] = d.type;
  r.vmm = b.vm.vmm;
  r.accel = pr.spec.accel;
  r.vcpus = b.vm.vcpus;
  r.mem_mib = b.vm.mem_mib;
  r.env = env;
  r.env["vmm"] = pr.driver->name();
  r.env["vmm_version"] = pr.driver->version();
  if (pr.driver->is_vm()) {
    r.env["guest_kernel"] = a.kernels.at(b.vm.kernel).release;
    r.env["rootfs_sha256"] = a.rootfs.hash;
  }
  r.env["plugin_version"] = pr.plugin->version();
  for (auto& [k, v] : pr.driver->env_facts(pr.spec)) r.env[k] = v;
  const plugin::Source& src = pr.plugin->source();
  r.plugin_source = {
      {"pack", src.pack.empty() ? nlohmann::json() : nlohmann::json(src.pack)},
      {"pack_version", src.pack.empty() ? nlohmann::json() : nlohmann::json(src.pack_version)},
      {"sha256", src.sha256}};
}

// What every instance of benchmark `b` shares (its job aside).
Placed prototype(const config::Benchmark& b, const plugin::Registry& plugins, const Assets& a,
                 const std::string& suite, const nlohmann::json& env) {
  Placed pr;
  pr.bench = &b;
  pr.plugin = plugins.find(b.plugin);
  pr.driver = &a.driver(b.vm);
  fill_spec(pr, b, a);
  fill_base(pr, b, a, suite, env);
  return pr;
}

}  // namespace

Placer::Placer(Prototype prototype, std::filesystem::path out)
    : prototype_(std::move(prototype)), out_(std::move(out)) {}

std::shared_ptr<const Placed> Placer::proto(const Instance& inst) const {
  std::lock_guard lk(mu_);
  if (auto it = protos_.find(inst.bench); it != protos_.end()) return it->second;
  if (protos_.size() >= kMaxProtos) protos_.clear();  // those in use live on
  auto p = std::make_shared<const Placed>(prototype_(*inst.bench));
  protos_.emplace(inst.bench, p);
  return p;
}

Placed Placer::place(const Instance& inst) const {
  Placed p = *proto(inst);
  static_cast<Instance&>(p) = inst;
  p.job = p.plugin->describe_job(inst.bench->params);
  auto& s = p.spec;
  s.id = inst.id;
  s.instance_dir = out_ / "instances" / inst.id;
  if (p.driver->is_vm()) {
    s.work_disk = s.instance_dir / "work.ext4";
    s.channel = s.instance_dir / "channel.img";
  } else {  // the private directory is the payload's working directory
    s.payload_argv = p.job.argv;
    s.work_disk = s.instance_dir;
  }
  p.command = p.driver->command(s);
  p.base.id = inst.id;
  p.base.repetition = inst.repetition;
  return p;
}

results::Record Placer::record(const Instance& inst) const {
  results::Record r = proto(inst)->base;
  r.id = inst.id;
  r.repetition = inst.repetition;
  return r;
}

std::vector<Placed> Placer::samples(const std::vector<Instance>& plan) const {
  std::vector<Placed> out;
  std::set<const config::Benchmark*> benches;
  std::set<std::tuple<std::string, std::string, std::string>> seen;  // plugin, VMM, kernel
  for (const auto& inst : plan) {
    const config::Benchmark& b = *inst.bench;
    if (benches.insert(&b).second && seen.emplace(b.plugin, b.vm.vmm, b.vm.kernel).second)
      out.push_back(place(inst));
  }
  return out;
}

Placer make_placer(const Plan& plan, const plugin::Registry& plugins, const Assets& a,
                   const std::filesystem::path& out, const nlohmann::json& env) {
  Placer::Prototype make = [&plugins, &a, suite = plan.src.name, env](const config::Benchmark& b) {
    return prototype(b, plugins, a, suite, env);
  };
  std::set<std::tuple<std::string, std::string, std::string, std::string, std::string>> setups;
  for (const auto& b : plan.benches)
    if (setups
            .emplace(b.plugin, b.vm.vmm, b.vm.kernel, Assets::accel_key(b.vm),
                     b.vm.firecracker_mode)
            .second)
      make(b);
  return Placer(std::move(make), out);
}

void prepare_instance_files(const Placed& inst) {
  make_private_dir(inst.spec.instance_dir);
  if (!inst.driver->is_vm()) return;
  uint32_t disk_mib = std::max<uint32_t>(inst.job.requirements.write_disk_mib, 16);
  image::make_work_disk(image::work_disk_template(disk_mib), inst.spec.work_disk);
  JobSpec job{inst.job.argv, inst.job.result_files, {}, "/work", inst.driver->boot_timer_addr()};
  write_channel(inst.spec.channel, job);
  inst.driver->prepare(inst.spec);
}

}  // namespace fcbench::run

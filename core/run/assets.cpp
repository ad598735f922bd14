#include "run/assets.hpp"

#include <fmt/format.h>

#include <set>

#include "image/initramfs.hpp"
#include "image/vmlinux.hpp"
#include "util/clock.hpp"

namespace fcbench::run {

Assets prepare_assets(const std::vector<config::Benchmark>& benches,
                      const plugin::Registry& plugins, const vmm::DriverOptions& dopt) {
  Assets a;
  std::vector<std::shared_ptr<const plugin::Plugin>> used;
  std::set<std::string> names;
  for (auto& b : benches)  // native runs need no guest image
    if (vmm::is_vm(b.vm.vmm) && names.insert(b.plugin).second)
      used.push_back(plugins.find(b.plugin));
  if (!used.empty()) {
    a.guest = image::find_guest_files();
    int64_t t0 = now_ns();
    a.rootfs = image::build_rootfs(a.guest, image::payload_files(used));
    fmt::print(stderr, "rootfs {} ({} in {:.1f} ms)\n", a.rootfs.path.string(),
               a.rootfs.built ? "built" : "cached", double(now_ns() - t0) / 1e6);
  }
  for (auto& b : benches) {
    const auto& vm = b.vm;
    if (!vmm::is_vm(vm.vmm)) {
      if (!a.drivers.count(vm.vmm)) a.drivers[vm.vmm] = vmm::make_driver(vm.vmm, dopt);
      a.accels[Assets::accel_key(vm)] = a.drivers[vm.vmm]->resolve_accel(vm.accel, {});
      continue;
    }
    if (!a.kernels.count(vm.kernel)) {
      a.kernels[vm.kernel] = image::find_kernel(vm.kernel);
      a.initrds[vm.kernel] = image::build_initramfs(a.kernels[vm.kernel], a.guest);
    }
    if (!a.drivers.count(vm.vmm)) {
      a.drivers[vm.vmm] = vmm::make_driver(vm.vmm, dopt);
      a.drivers[vm.vmm]->version();  // fails early, naming the missing VMM
    }
    auto& kernel = a.kernels[vm.kernel];
    if (a.drivers[vm.vmm]->needs_elf_kernel() && kernel.vmlinux.empty()) {
      int64_t t1 = now_ns();
      kernel.vmlinux = image::vmlinux_for(kernel.image);
      fmt::print(stderr, "vmlinux {} ({:.1f} ms)\n", kernel.vmlinux.string(),
                 double(now_ns() - t1) / 1e6);
    }
    auto key = Assets::accel_key(vm);
    if (a.accels.count(key)) continue;
    vmm::VmSpec probe;
    probe.id = "accel-probe";
    probe.kernel = kernel_for(kernel, *a.drivers[vm.vmm]);
    probe.initrd = a.initrds[vm.kernel];
    probe.mem_mib = 128;
    a.accels[key] = a.drivers[vm.vmm]->resolve_accel(vm.accel, probe);
    fmt::print(stderr, "{}: accel {} -> {}\n", vm.vmm, vm.accel, a.accels[key]);
  }
  return a;
}

}  // namespace fcbench::run

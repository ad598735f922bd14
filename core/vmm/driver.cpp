#include "vmm/driver.hpp"

#include <fmt/ranges.h>

#include "util/error.hpp"
#include "vmm/firecracker.hpp"
#include "vmm/native.hpp"
#include "vmm/qemu.hpp"

namespace fcbench::vmm {

std::set<std::string> driver_names() {
  return {"firecracker", "native", "qemu"};
}

bool is_vm(std::string_view driver_name) {
  return driver_name != "native";  // the one driver_names() entry without a VM
}

std::unique_ptr<Driver> make_driver(const std::string& name, const DriverOptions& opt) {
  if (name == "qemu") return std::make_unique<QemuDriver>();
  if (name == "firecracker") return std::make_unique<FirecrackerDriver>(opt.firecracker);
  if (name == "native") return std::make_unique<NativeDriver>();
  throw UserError(
      fmt::format("unknown vmm '{}' (available: {})", name, fmt::join(driver_names(), ", ")), 2);
}

SpawnOptions spawn_options(const VmSpec& spec) {
  SpawnOptions so;
  so.cgroup_procs_fds = spec.cgroup_procs_fds;
  so.ready_ns = spec.ready_ns;
  so.gate_fd = spec.gate_fd;
  return so;
}

std::string guest_cmdline(const VmSpec& spec, const std::string& extra) {
  std::string c = "console=ttyS0 panic=-1 quiet " + extra;
  if (spec.probe) return c + " fcbench.probe=1";
  return c + " fcbench.root=/dev/vda fcbench.work=/dev/vdb fcbench.chan=/dev/vdc";
}

}  // namespace fcbench::vmm

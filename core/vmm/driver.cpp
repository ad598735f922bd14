#include "vmm/driver.hpp"

#include "util/error.hpp"
#include "vmm/firecracker.hpp"
#include "vmm/native.hpp"
#include "vmm/qemu.hpp"

namespace fcbench::vmm {

std::set<std::string> driver_names() {
  return {"firecracker", "native", "qemu"};
}

bool is_vm(std::string_view driver_name) {
  return driver_name != "native";
}

std::unique_ptr<Driver> make_driver(const std::string& name, const DriverOptions& opt) {
  if (name == "qemu") return std::make_unique<QemuDriver>();
  if (name == "firecracker") return std::make_unique<FirecrackerDriver>(opt.firecracker);
  if (name == "native") return std::make_unique<NativeDriver>();
  std::string list;
  for (auto& n : driver_names()) list += (list.empty() ? "" : ", ") + n;
  throw UserError("unknown vmm '" + name + "' (available: " + list + ")", 2);
}

std::string guest_cmdline(const VmSpec& spec, const std::string& extra) {
  std::string c = "console=ttyS0 panic=-1 quiet " + extra;
  if (spec.probe) return c + " fcbench.probe=1";
  return c + " fcbench.root=/dev/vda fcbench.work=/dev/vdb fcbench.chan=/dev/vdc";
}

}  // namespace fcbench::vmm

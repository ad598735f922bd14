#include "vmm/driver.hpp"

#include "util/error.hpp"
#include "vmm/qemu.hpp"

namespace fcbench::vmm {

std::set<std::string> driver_names() {
  return {"qemu"};
}

std::unique_ptr<Driver> make_driver(const std::string& name) {
  if (name == "qemu") return std::make_unique<QemuDriver>();
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

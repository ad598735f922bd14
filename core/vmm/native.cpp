#include "vmm/native.hpp"

#include <sys/utsname.h>

#include "util/error.hpp"

namespace fcbench::vmm {

std::string NativeDriver::version() const {
  utsname u{};
  ::uname(&u);
  return std::string("native (Linux ") + u.release + ")";
}

std::string NativeDriver::resolve_accel(const std::string& requested, const VmSpec&) const {
  if (requested == "kvm" || requested == "tcg")
    throw UserError("vmm native runs payloads on the host: accel '" + requested +
                        "' does not apply (use accel: auto)",
                    2);
  return "none";
}

std::vector<std::string> NativeDriver::command(const VmSpec& spec) const {
  std::vector<std::string> argv;
  for (const auto& a : spec.payload_argv) {
    if (auto it = spec.payload_paths.find(a); it != spec.payload_paths.end())
      argv.push_back(it->second);
    else if (a == "/work")
      argv.push_back(spec.work_disk.string());
    else if (a.rfind("/work/", 0) == 0)
      argv.push_back((spec.work_disk / a.substr(6)).string());
    else
      argv.push_back(a);
  }
  return argv;
}

Child NativeDriver::start(const VmSpec& spec) const {
  SpawnOptions so = spawn_options(spec);
  so.separate_stderr = true;
  // The environment the guest agent gives a payload, with the host's paths.
  so.env = std::vector<std::string>{"PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
                                    "HOME=" + spec.work_disk.string()};
  so.cwd = spec.work_disk.string();
  return spawn(command(spec), so);
}

std::string NativeDriver::dry_run_note(const VmSpec&) const {
  return "native: each payload runs on the host in its instance directory; nothing is "
         "virtualized";
}

}  // namespace fcbench::vmm

#include "vmm/qemu.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <fstream>

#include "util/error.hpp"
#include "util/number.hpp"
#include "vmm/accel_cache.hpp"

namespace fcbench::vmm {

namespace {

constexpr const char* kProbeMarker = "@@FCBENCH:probe_ok@@";

// A value inside a QEMU option list (-drive, -name): a comma doubled, so
// QEMU does not read what follows as another option.
std::string qemu_opt_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    out += c;
    if (c == ',') out += ',';
  }
  return out;
}

void add_drive(std::vector<std::string>& a, const std::string& id,
               const std::filesystem::path& file, bool read_only) {
  std::string drive = "id=" + id + ",file=" + qemu_opt_value(file.string()) + ",format=raw,if=none";
  if (read_only) drive += ",readonly=on";
  a.insert(a.end(), {"-drive", drive, "-device", "virtio-blk-device,drive=" + id});
}

// The host TSC rate in kHz from /proc/cpuinfo, or 0. Under TCG the guest
// sees the host's TSC; without this hint the kernel's early calibration
// against the emulated PIT sometimes freezes the boot.
long host_tsc_khz() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("cpu MHz", 0) == 0) {  // "cpu MHz\t\t: 2400.000"
      size_t from = line.find_first_not_of(" \t", line.find(':') + 1);
      if (from == std::string::npos) return 0;
      return long(parse_number<double>(std::string_view(line).substr(from)).value_or(0) * 1000);
    }
  return 0;
}

// microvm has no i8042, so reboot=k falls back slowly (and sometimes hangs);
// a triple fault (reboot=t) ends QEMU at once under -no-reboot. Under TCG the
// guest TSC is the host's: tsc=reliable keeps the clocksource watchdog from
// demoting it to jiffies (4 ms resolution) when the host is loaded.
std::string qemu_extra_cmdline(const VmSpec& spec) {
  std::string extra = "reboot=t";
  if (spec.accel != "kvm") {
    extra += " tsc=reliable";
    if (long khz = host_tsc_khz(); khz > 0) extra += " tsc_early_khz=" + std::to_string(khz);
  }
  return extra;
}

int probe_timeout_s() {
  const char* t = std::getenv("FCBENCH_KVM_PROBE_TIMEOUT_S");
  return parse_number<int>(t ? t : "", 1, INT_MAX).value_or(8);
}

}  // namespace

QemuDriver::QemuDriver() {
  const char* q = std::getenv("FCBENCH_QEMU");
  binary_ = q && *q ? q : "qemu-system-x86_64";
}

std::string QemuDriver::version() const {
  if (!version_.empty()) return version_;
  if (which(binary_).empty())
    throw UserError("QEMU not found (" + binary_ +
                    "); install it with: apt-get install qemu-system-x86");
  auto r = run_command({binary_, "--version"}, std::chrono::seconds(10));
  if (r.exit_code != 0) throw UserError(binary_ + " --version failed: " + r.output);
  version_ = r.output.substr(0, r.output.find('\n'));
  return version_;
}

std::string QemuDriver::resolve_accel(const std::string& requested,
                                      const VmSpec& probe_spec) const {
  if (requested == "tcg") return "tcg";
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd >= 0) ::close(fd);
  if (requested == "kvm") {
    if (fd < 0)
      throw UserError(
          "--accel kvm: /dev/kvm cannot be opened (is KVM enabled, and may this user use it?)");
    return "kvm";
  }
  if (fd < 0) return "tcg";  // auto, no KVM at all: nothing to probe
  std::string ver = version();
  if (auto v = cached_verdict(ver)) return v->kvm_ok ? "kvm" : "tcg";

  // /dev/kvm opens, but that does not prove a real guest boots (nested
  // virtualization may hang it): boot a probe guest with a short timeout.
  VmSpec spec = probe_spec;
  spec.accel = "kvm";
  spec.probe = true;
  auto r = run_command(command(spec), std::chrono::seconds(probe_timeout_s()));
  AccelVerdict verdict;
  verdict.kvm_ok = r.output.find(kProbeMarker) != std::string::npos;
  if (verdict.kvm_ok) {
    verdict.reason = "probe guest booted under kvm";
  } else if (r.timed_out) {
    verdict.reason =
        "probe guest did not boot under kvm within " + std::to_string(probe_timeout_s()) + " s";
  } else {
    std::string last = r.output.substr(0, r.output.find('\n'));
    verdict.reason = "probe guest failed under kvm (" +
                     (r.signal ? "QEMU killed by signal " + std::to_string(r.signal)
                               : "QEMU exited with status " + std::to_string(r.exit_code)) +
                     (last.empty() ? "" : ": " + last.substr(0, 200)) + ")";
  }
  store_verdict(ver, verdict);
  return verdict.kvm_ok ? "kvm" : "tcg";
}

std::vector<std::string> QemuDriver::command(const VmSpec& spec) const {
  // debug-threads=on names the vCPU threads "CPU N/KVM" or "CPU N/TCG", so
  // --pin can find them in /proc.
  std::vector<std::string> a = {binary_, "-name",
                                "fcbench-" + qemu_opt_value(spec.id) + ",debug-threads=on"};
  if (spec.accel == "kvm")
    a.insert(a.end(), {"-accel", "kvm", "-cpu", "host"});
  else
    a.insert(a.end(), {"-accel", "tcg", "-cpu", "max"});
  a.insert(a.end(),
           {"-M", "microvm,acpi=on", "-smp", std::to_string(spec.vcpus), "-m",
            std::to_string(spec.mem_mib), "-nodefaults", "-no-user-config", "-display", "none",
            "-serial", "stdio", "-no-reboot", "-kernel", spec.kernel.string(), "-initrd",
            spec.initrd.string(), "-append", guest_cmdline(spec, qemu_extra_cmdline(spec))});
  if (!spec.probe) {
    add_drive(a, "root", spec.rootfs, true);
    add_drive(a, "work", spec.work_disk, false);
    add_drive(a, "chan", spec.channel, false);
  }
  return a;
}

}  // namespace fcbench::vmm

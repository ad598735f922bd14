// vmm/qemu: the exact QEMU command line for a VmSpec (what --dry-run prints
// and what runs), the binary and its version, and the accelerator choice,
// with stand-in QEMU scripts. Booting guests is the e2e tests' job.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "vmm/qemu.hpp"

using Catch::Matchers::Contains;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
using fcbench::vmm::QemuDriver;
using fcbench::vmm::VmSpec;
using Argv = std::vector<std::string>;

namespace {

VmSpec spec(const std::string& accel) {
  VmSpec s;
  s.id = "0007-prime-r2";
  s.instance_dir = "/i/0007-prime-r2";
  s.kernel = "/cache/kernel/6.1/vmlinuz";
  s.initrd = "/cache/initramfs/abc.cpio.gz";
  s.rootfs = "/cache/rootfs/def.ext4";
  s.work_disk = "/i/0007-prime-r2/work.ext4";
  s.channel = "/i/0007-prime-r2/channel.img";
  s.vcpus = 2;
  s.mem_mib = 384;
  s.accel = accel;
  return s;
}

// The value after `flag` (the first occurrence), or "".
std::string after(const Argv& a, const std::string& flag) {
  for (size_t i = 0; i + 1 < a.size(); ++i)
    if (a[i] == flag) return a[i + 1];
  return "";
}

// The command without the -append value, which depends on the host's TSC.
Argv without_append(Argv a) {
  for (size_t i = 0; i + 1 < a.size(); ++i)
    if (a[i] == "-append") a[i + 1] = "<append>";
  return a;
}

// A stand-in qemu-system-x86_64: prints `version_line` for --version and
// otherwise records its arguments in `args_file` and prints `console`.
std::string fake_qemu(const TempDir& t, const std::string& version_line,
                      const std::string& console = "") {
  auto p = t / "qemu-system-x86_64";
  fcbench::write_file(p,
                      "#!/bin/sh\n"
                      "if [ \"$1\" = --version ]; then printf '%s\\nCopyright (c) x\\n' '" +
                          version_line +
                          "'; exit 0; fi\n"
                          "printf '%s\\n' \"$@\" > '" +
                          (t / "args").string() + "'\nprintf '" + console + "'\n",
                      0755);
  return p.string();
}

bool kvm_opens() {
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace

TEST_CASE("qemu: a TCG guest's command line, drive by drive", "[unit][qemu]") {
  ScopedEnv q("FCBENCH_QEMU", "/opt/qemu/bin/qemu-system-x86_64");
  Argv a = QemuDriver().command(spec("tcg"));
  CHECK(without_append(a) ==
        Argv{"/opt/qemu/bin/qemu-system-x86_64", "-name", "fcbench-0007-prime-r2,debug-threads=on",
             "-accel", "tcg", "-cpu", "max", "-M", "microvm,acpi=on", "-smp", "2", "-m", "384",
             "-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot",
             "-kernel", "/cache/kernel/6.1/vmlinuz", "-initrd", "/cache/initramfs/abc.cpio.gz",
             "-append", "<append>",
             // The order of the devices names them in the guest: vda, vdb, vdc.
             "-drive", "id=root,file=/cache/rootfs/def.ext4,format=raw,if=none,readonly=on",
             "-device", "virtio-blk-device,drive=root", "-drive",
             "id=work,file=/i/0007-prime-r2/work.ext4,format=raw,if=none", "-device",
             "virtio-blk-device,drive=work", "-drive",
             "id=chan,file=/i/0007-prime-r2/channel.img,format=raw,if=none", "-device",
             "virtio-blk-device,drive=chan"});
  // Under TCG the guest keeps the host's TSC (tsc=reliable, and the rate
  // when /proc/cpuinfo has it); reboot=t ends QEMU at once under -no-reboot.
  std::string append = after(a, "-append");
  INFO(append);
  CHECK(std::regex_match(append, std::regex("console=ttyS0 panic=-1 quiet reboot=t tsc=reliable"
                                            "( tsc_early_khz=[1-9][0-9]*)?"
                                            " fcbench.root=/dev/vda fcbench.work=/dev/vdb"
                                            " fcbench.chan=/dev/vdc")));
}

TEST_CASE("qemu: a comma in an id or a path is doubled in -name and -drive", "[unit][qemu]") {
  ScopedEnv q("FCBENCH_QEMU", nullptr);
  VmSpec s = spec("tcg");
  s.id = "a,b";
  s.rootfs = "/c,c/rootfs.ext4";
  s.work_disk = "/out,x/i/a,b/work.ext4";
  s.channel = "/out,x/i/a,b/channel.img";
  Argv a = QemuDriver().command(s);
  CHECK(after(a, "-name") == "fcbench-a,,b,debug-threads=on");
  std::vector<std::string> drives;
  for (size_t i = 0; i + 1 < a.size(); ++i)
    if (a[i] == "-drive") drives.push_back(a[i + 1]);
  CHECK(drives == Argv{"id=root,file=/c,,c/rootfs.ext4,format=raw,if=none,readonly=on",
                       "id=work,file=/out,,x/i/a,,b/work.ext4,format=raw,if=none",
                       "id=chan,file=/out,,x/i/a,,b/channel.img,format=raw,if=none"});
}

TEST_CASE("qemu: a KVM guest uses the host CPU and no TSC hints", "[unit][qemu]") {
  ScopedEnv q("FCBENCH_QEMU", nullptr);
  Argv a = QemuDriver().command(spec("kvm"));
  REQUIRE(a.size() > 7);
  CHECK(a[0] == "qemu-system-x86_64");  // from PATH when FCBENCH_QEMU is unset
  CHECK(Argv(a.begin() + 3, a.begin() + 7) == Argv{"-accel", "kvm", "-cpu", "host"});
  CHECK(after(a, "-append") ==
        "console=ttyS0 panic=-1 quiet reboot=t fcbench.root=/dev/vda fcbench.work=/dev/vdb "
        "fcbench.chan=/dev/vdc");
  CHECK(without_append(QemuDriver().command(spec("tcg"))).size() == a.size());
}

TEST_CASE("qemu: a probe guest boots with no drives and fcbench.probe=1", "[unit][qemu]") {
  ScopedEnv q("FCBENCH_QEMU", "");  // empty: as if unset
  VmSpec s = spec("kvm");
  s.probe = true;
  Argv a = QemuDriver().command(s);
  CHECK(a[0] == "qemu-system-x86_64");
  CHECK(a.back() == "console=ttyS0 panic=-1 quiet reboot=t fcbench.probe=1");
  CHECK(std::count(a.begin(), a.end(), "-drive") == 0);
  CHECK(std::count(a.begin(), a.end(), "-device") == 0);
  CHECK(after(a, "-m") == "384");
}

TEST_CASE("qemu: version is the first line of --version, and a missing QEMU says how to install it",
          "[unit][qemu]") {
  TempDir t;
  ScopedEnv q("FCBENCH_QEMU", fake_qemu(t, "QEMU emulator version 9.9.9 (test)").c_str());
  CHECK(QemuDriver().version() == "QEMU emulator version 9.9.9 (test)");
  ScopedEnv none("FCBENCH_QEMU", (t / "no-such-qemu").c_str());
  CHECK_THROWS_WITH(QemuDriver().version(),
                    Contains("QEMU not found") && Contains("apt-get install qemu-system-x86"));
}

TEST_CASE("qemu: accel tcg runs no probe, and auto probes KVM only where /dev/kvm opens",
          "[unit][qemu]") {
  TempDir t;
  ScopedEnv cache("FCBENCH_CACHE", (t / "cache").c_str());
  ScopedEnv q("FCBENCH_QEMU",
              fake_qemu(t, "QEMU emulator version 9.9.9", "\\n@@FCBENCH:probe_ok@@\\n").c_str());
  QemuDriver d;
  VmSpec probe = spec("");
  CHECK(d.resolve_accel("tcg", probe) == "tcg");
  CHECK_FALSE(std::filesystem::exists(t / "args"));  // nothing ran
  if (kvm_opens()) {
    // The stand-in prints the probe marker: KVM counts as working, and the
    // verdict is cached for this boot and QEMU version.
    CHECK(d.resolve_accel("auto", probe) == "kvm");
    std::string args = fcbench::read_file(t / "args");
    CHECK_THAT(args, Contains("\nkvm\n") && Contains("fcbench.probe=1"));
    CHECK_THAT(fcbench::read_file(t / "cache" / "accel-probe.json"),
               Contains("\"kvm_ok\": true") && Contains("9.9.9"));
    CHECK(d.resolve_accel("kvm", probe) == "kvm");
  } else {
    CHECK(d.resolve_accel("auto", probe) == "tcg");  // no KVM at all: nothing to probe
    CHECK_FALSE(std::filesystem::exists(t / "args"));
    CHECK_THROWS_WITH(d.resolve_accel("kvm", probe), Contains("/dev/kvm cannot be opened"));
  }
}

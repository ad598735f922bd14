#include <fcntl.h>
#include <fmt/ranges.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "image/guest_files.hpp"
#include "image/initramfs.hpp"
#include "image/kernel.hpp"
#include "plugin/registry.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"
#include "util/text.hpp"
#include "vmm/accel_cache.hpp"
#include "vmm/driver.hpp"
#include "vmm/firecracker.hpp"
#include "vmm/firecracker_version.hpp"

namespace fcbench::cli {

namespace {

class Report {
 public:
  // `required`: a failure counts as a problem (FAIL), else it is a warning.
  void check(bool ok, bool required, const std::string& what, const std::string& detail,
             const std::string& fix = "") {
    fmt::print("{} {:<14} {}\n", ok ? "ok  " : required ? "FAIL" : "warn", what, detail);
    if (!ok && !fix.empty()) fmt::print("     {:<14} fix: {}\n", "", fix);
    if (!ok && required) ++problems;
  }
  void info(const std::string& what, const std::string& detail) {
    fmt::print("info {:<14} {}\n", what, detail);
  }
  int problems = 0;
};

// Is the calling process in `group` (or root)?
bool in_group(gid_t gid) {
  if (::geteuid() == 0 || ::getegid() == gid) return true;
  int n = ::getgroups(0, nullptr);
  std::vector<gid_t> groups(size_t(n > 0 ? n : 0));
  n = ::getgroups(n, groups.data());
  for (int i = 0; i < n; ++i)
    if (groups[size_t(i)] == gid) return true;
  return false;
}

// /dev/kvm, the kvm group, and whether a real guest boots under KVM.
void check_kvm(Report& r, bool fc_required, const std::string& qemu_version, bool probe) {
  struct stat st;
  bool exists = ::stat("/dev/kvm", &st) == 0;
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  int err = errno;
  if (fd >= 0) ::close(fd);
  if (!exists)
    r.check(false, fc_required, "/dev/kvm", "missing: KVM is not enabled on this host",
            "sudo modprobe kvm_intel   # or kvm_amd; enable virtualization in the firmware");
  else
    r.check(fd >= 0, fc_required, "/dev/kvm",
            fd >= 0 ? "opens read-write" : std::string("cannot be opened: ") + std::strerror(err),
            "sudo usermod -aG kvm $USER   # then log in again");

  if (group* g = ::getgrnam("kvm")) {
    bool member = in_group(g->gr_gid);
    r.check(member, fc_required && fd < 0, "kvm group",
            member ? (::geteuid() == 0 ? "running as root" : "this user is a member")
                   : "this user is not in group kvm",
            "sudo usermod -aG kvm $USER   # then log in again");
  } else {
    r.info("kvm group", "no group named kvm on this host");
  }
  if (fd < 0) return;

  // /dev/kvm opening does not prove a real guest boots (nested PVM hangs).
  std::optional<vmm::AccelVerdict> v;
  if (!qemu_version.empty()) v = vmm::cached_verdict(qemu_version);
  if (!v && probe && !qemu_version.empty()) {
    try {
      auto k = image::find_kernel();
      auto g = image::find_guest_files();
      vmm::VmSpec spec;
      spec.id = "doctor-probe";
      spec.kernel = k.image;
      spec.initrd = image::build_initramfs(k, g);
      spec.mem_mib = 128;
      fmt::print("info {:<14} booting a probe guest under KVM (with a timeout)...\n", "kvm probe");
      std::fflush(stdout);
      vmm::make_driver("qemu")->resolve_accel("auto", spec);
      v = vmm::cached_verdict(qemu_version);
    } catch (const std::exception& e) {
      r.info("kvm probe", std::string("not run: ") + e.what());
      return;
    }
  }
  if (!v) {
    r.info("kvm probe", "not run (--no-probe, or QEMU missing)");
    return;
  }
  r.check(v->kvm_ok, fc_required, "kvm probe",
          (v->kvm_ok ? "a real guest boots under KVM"
                     : "KVM cannot boot a real guest: guests run "
                       "under tcg") +
              std::string(" (") + v->reason + ")",
          "run on bare metal or a host with working nested virtualization "
          "(e.g. kvm_intel nested=1); delete " +
              (cache_dir() / "accel-probe.json").string() + " to probe again");
}

void check_firecracker(Report& r, bool required, const std::string& explicit_binary) {
  const std::string fix =
      "download firecracker-vX.Y.Z-x86_64.tgz from "
      "https://github.com/firecracker-microvm/firecracker/releases, then: sudo install "
      "release-*/firecracker-v*-x86_64 /usr/local/bin/firecracker   (or ./setup.sh "
      "--with-firecracker)";
  std::string bin;
  try {
    bin = vmm::find_firecracker(explicit_binary);
  } catch (const std::exception& e) {
    r.check(false, required, "firecracker", "not found (--firecracker, $FIRECRACKER, PATH)", fix);
    return;
  }
  vmm::FirecrackerDriver fc(bin);
  try {
    std::string ver = fc.version();
    auto v = fc.fc_version();
    std::string accel = vmm::declared_accel(ver);
    r.check(true, required, "firecracker",
            fmt::format("{} ({}); boot timer at 0x{:x}{}", ver, bin, vmm::boot_timer_address(v),
                        accel.empty() ? "" : "; declares accelerator " + accel));
  } catch (const std::exception& e) {
    r.check(false, required, "firecracker", e.what(), fix);
  }
  std::string jailer = vmm::find_jailer(bin);
  if (jailer.empty()) {
    r.check(false, false, "jailer", "not found (only needed for suites with a 'jailer:' block)",
            "install release-*/jailer-v*-x86_64 from the same archive as /usr/local/bin/jailer");
    return;
  }
  auto jr = run_command({jailer, "--version"}, std::chrono::seconds(10));
  std::string first = jr.output.substr(0, jr.output.find('\n'));
  r.check(jr.exit_code == 0, false, "jailer",
          jailer + (jr.exit_code == 0 ? " (" + first + ")" : ": --version failed: " + first),
          "reinstall the jailer from the same release archive as firecracker");
}

// The guest kernel, agent and busybox, and mkfs.ext4 for images.
void check_guest_assets(Report& r) {
  try {
    auto k = image::find_kernel();
    r.check(true, true, "guest kernel", k.release + " (" + k.image.string() + ")");
  } catch (const std::exception& e) {
    r.check(false, true, "guest kernel", e.what(),
            "fcbench-fetch-kernel (in a source tree: ./setup.sh)");
  }
  try {
    auto g = image::find_guest_files();
    r.check(true, true, "guest agent", g.agent.string());
    auto res = run_command({"file", "-b", g.busybox.string()}, std::chrono::seconds(5));
    bool is_static = res.exit_code != 0 || res.output.find("dynamically") == std::string::npos;
    r.check(is_static, true, "busybox", g.busybox.string() + (is_static ? "" : " is not static"),
            "sudo apt-get install busybox-static");
  } catch (const image::GuestFilesMissing& e) {
    r.check(false, true, "guest files", e.where, e.fix);
  } catch (const std::exception& e) {
    r.check(false, true, "guest files", e.what());  // busybox: the message says how
  }
  std::string mkfs = which("mkfs.ext4");
  r.check(!mkfs.empty(), true, "mkfs.ext4", mkfs.empty() ? "not found" : mkfs,
          "sudo apt-get install e2fsprogs");
}

// The plugins found on the search path, and those that failed to load.
void check_plugins(Report& r, const std::vector<std::string>& plugin_paths) {
  auto reg = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  auto as_text = [](const std::filesystem::path& p) { return p.string(); };
  r.info("plugin path", fmt::format("{}", fmt::join(mapped(reg.searched(), as_text), ":")));
  r.check(!reg.plugins().empty(), true, "plugins", reg.names(),
          "cmake --build build   # or pass --plugin-path DIR");
  for (auto& f : reg.failures())
    r.check(false, true, "plugin", f.reason, "rebuild the plugin against this SDK");
}

}  // namespace

int cmd_doctor(const std::vector<std::string>& args) {
  po::options_description o("fcbench doctor [options]");
  std::vector<std::string> plugin_paths;
  std::string vmm_name, firecracker;
  add_common(o, &plugin_paths);
  o.add_options()("vmm", po::value(&vmm_name),
                  "the VMM you will use (qemu | firecracker); firecracker makes its checks and "
                  "KVM's required")("firecracker", po::value(&firecracker),
                                    "firecracker binary (default: $FIRECRACKER, else PATH)")(
      "no-probe", "do not boot a probe guest to test KVM");
  auto parsed = parse_args<std::string>(args, o, nullptr, 0);
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  const bool fc_required = vmm_name == "firecracker";
  Report r;
  fmt::print("fcbench {}\n", FCBENCH_VERSION);
  r.info("cache", cache_dir().string());

  auto qemu = vmm::make_driver("qemu");
  std::string qver;
  try {
    qver = qemu->version();
    r.check(true, !fc_required, "qemu", qver);
  } catch (const std::exception& e) {
    r.check(false, !fc_required, "qemu", e.what(), "sudo apt-get install qemu-system-x86");
  }
  check_kvm(r, fc_required, qver, vm.count("no-probe") == 0);
  check_firecracker(r, fc_required, firecracker);

  check_guest_assets(r);
  check_plugins(r, plugin_paths);

  fmt::print("{}\n",
             r.problems ? fmt::format("{} problem(s) found", r.problems) : "all checks passed");
  return r.problems ? 1 : 0;
}

}  // namespace fcbench::cli

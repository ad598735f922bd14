#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "image/guest_files.hpp"
#include "image/kernel.hpp"
#include "plugin/registry.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"
#include "vmm/accel_cache.hpp"
#include "vmm/driver.hpp"

namespace fcbench::cli {

int cmd_doctor(const std::vector<std::string>& args) {
  po::options_description o("fcbench doctor [options]");
  std::vector<std::string> plugin_paths;
  add_common(o, &plugin_paths);
  if (!parse_args<std::string>(args, o, nullptr, 0)) return 0;
  int problems = 0;
  auto line = [&](bool ok, const std::string& what, const std::string& detail) {
    fmt::print("{} {:<14} {}\n", ok ? "ok  " : "FAIL", what, detail);
    if (!ok) ++problems;
  };
  auto info = [](const std::string& what, const std::string& detail) {
    fmt::print("info {:<14} {}\n", what, detail);
  };
  fmt::print("fcbench {}\n", FCBENCH_VERSION);
  info("cache", cache_dir().string());

  auto qemu = vmm::make_driver("qemu");
  std::string qver;
  try {
    qver = qemu->version();
    line(true, "qemu", qver);
  } catch (const std::exception& e) {
    line(false, "qemu", e.what());
  }
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd >= 0) ::close(fd);
  std::string kvm = fd >= 0 ? "/dev/kvm opens" : "/dev/kvm cannot be opened: guests run under tcg";
  if (fd >= 0 && !qver.empty()) {
    auto v = vmm::cached_verdict(qver);
    kvm += v ? fmt::format("; probe this boot: {} ({})", v->kvm_ok ? "kvm works" : "kvm unusable",
                           v->reason)
             : "; not probed yet this boot (the first run with --accel auto probes it)";
  }
  info("kvm", kvm);

  try {
    auto k = image::find_kernel();
    line(true, "guest kernel", k.release + " (" + k.image.string() + ")");
  } catch (const std::exception& e) {
    line(false, "guest kernel", e.what());
  }
  try {
    auto g = image::find_guest_files();
    line(true, "guest agent", g.agent.string());
    auto r = run_command({"file", "-b", g.busybox.string()}, std::chrono::seconds(5));
    bool is_static = r.exit_code != 0 || r.output.find("dynamically") == std::string::npos;
    line(is_static, "busybox",
         g.busybox.string() + (is_static ? "" : " is not static: apt-get install busybox-static"));
  } catch (const std::exception& e) {
    line(false, "guest files", e.what());
  }
  std::string mkfs = which("mkfs.ext4");
  line(!mkfs.empty(), "mkfs.ext4", mkfs.empty() ? "not found: apt-get install e2fsprogs" : mkfs);

  auto reg = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  std::string searched;
  for (auto& p : reg.searched()) searched += (searched.empty() ? "" : ":") + p.string();
  info("plugin path", searched);
  line(!reg.plugins().empty(), "plugins", reg.names());
  for (auto& f : reg.failures()) line(false, "plugin", f.reason);

  fmt::print("{}\n", problems ? fmt::format("{} problem(s) found", problems) : "all checks passed");
  return problems ? 1 : 0;
}

}  // namespace fcbench::cli

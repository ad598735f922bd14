#include "vmm/jailer.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::vmm {

namespace fs = std::filesystem;

fs::path jail_root(const config::Jailer& j, const std::string& firecracker_binary,
                   const std::string& id) {
  return j.chroot_base / fs::path(firecracker_binary).filename() / id / "root";
}

FcPaths jailed_paths() {
  return {"/vmlinux", "/initrd.cpio.gz", "/rootfs.ext4", "/work.ext4",     "/channel.img",
          "/fc.log",  "/fc.metrics",     "/fc.sock",     "/fc-config.json"};
}

fs::path host_path_in(const fs::path& root, const std::string& jailed) {
  return root / fs::path(jailed).relative_path();
}

std::vector<std::string> jailer_argv(const std::string& jailer_binary,
                                     const std::string& firecracker_binary, const config::Jailer& j,
                                     const std::string& id,
                                     const std::vector<std::string>& firecracker_args) {
  std::vector<std::string> a = {jailer_binary,
                                "--id",
                                id,
                                "--exec-file",
                                firecracker_binary,
                                "--uid",
                                std::to_string(j.uid),
                                "--gid",
                                std::to_string(j.gid),
                                "--chroot-base-dir",
                                j.chroot_base.string()};
  if (!j.cpuset_cpus.empty())
    a.insert(a.end(), {"--cgroup-version", std::to_string(j.cgroup_version), "--cgroup",
                       "cpuset.cpus=" + j.cpuset_cpus});
  a.push_back("--");
  a.insert(a.end(), firecracker_args.begin(), firecracker_args.end());
  return a;
}

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& p) {
  throw UserError("jailer set-up: cannot " + what + " " + p.string() + ": " + std::strerror(errno));
}

// A hard link where possible (same file system), else a copy.
void link_or_copy(const fs::path& src, const fs::path& dst) {
  std::error_code ec;
  fs::remove(dst, ec);
  if (::link(src.c_str(), dst.c_str()) == 0) return;
  if (errno != EXDEV && errno != EPERM) fail("link " + src.string() + " to", dst);
  struct stat st;
  if (::stat(src.c_str(), &st) != 0) fail("stat", src);
  copy_sparse(src, dst, int(st.st_mode & 0777));
}

}  // namespace

void give_to_jail(const fs::path& p, const config::Jailer& j) {
  if (::chown(p.c_str(), j.uid, j.gid) != 0) fail("chown", p);
}

void stage_jail(const fs::path& root, const config::Jailer& j, const FcPaths& host) {
  if (::geteuid() != 0)
    throw UserError("the jailer needs root (it chroots and drops to uid " + std::to_string(j.uid) +
                    "): run fcbench as root, or remove the suite's 'jailer:' block");
  fs::create_directories(root);
  give_to_jail(root, j);
  const FcPaths in = jailed_paths();
  // Shared, read-only assets: linked; they must be readable by uid:gid.
  link_or_copy(host.kernel, host_path_in(root, in.kernel));
  link_or_copy(host.initrd, host_path_in(root, in.initrd));
  link_or_copy(host.rootfs, host_path_in(root, in.rootfs));
  // The instance's own files: Firecracker (as uid:gid) writes them.
  for (auto [src, dst] : {std::pair{host.work_disk, in.work_disk}, {host.channel, in.channel}}) {
    fs::path p = host_path_in(root, dst);
    link_or_copy(src, p);
    give_to_jail(p, j);
  }
  for (auto& f : {in.log, in.metrics}) {
    fs::path p = host_path_in(root, f);
    write_file(p, "", 0600);
    give_to_jail(p, j);
  }
}

void unstage_channel(const fs::path& root, const FcPaths& host) {
  fs::path jailed = host_path_in(root, jailed_paths().channel);
  std::error_code ec;
  if (!fs::exists(jailed, ec) || fs::equivalent(jailed, host.channel, ec)) return;
  copy_sparse(jailed, host.channel, 0600);
}

}  // namespace fcbench::vmm

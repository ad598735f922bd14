// The jailer: its argv and the chroot layout (no jailer binary is needed).
#include <catch2/catch.hpp>

#include "vmm/jailer.hpp"

using namespace fcbench::vmm;
using fcbench::config::Jailer;

TEST_CASE("firecracker: jailer argv without cgroups", "[unit][firecracker]") {
  Jailer j;
  j.uid = 123;
  j.gid = 100;
  j.chroot_base = "/srv/jailer";
  auto a = jailer_argv("/usr/local/bin/jailer", "/usr/local/bin/firecracker", j, "0001-boot-r1",
                       {"--api-sock", "/fc.sock", "--boot-timer"});
  CHECK(a == std::vector<std::string>{"/usr/local/bin/jailer", "--id", "0001-boot-r1",
                                      "--exec-file", "/usr/local/bin/firecracker", "--uid", "123",
                                      "--gid", "100", "--chroot-base-dir", "/srv/jailer", "--",
                                      "--api-sock", "/fc.sock", "--boot-timer"});
}

TEST_CASE("firecracker: jailer argv with a cpuset cgroup", "[unit][firecracker]") {
  Jailer j;
  j.uid = 1000;
  j.gid = 1000;
  j.chroot_base = "/tmp/jail";
  j.cgroup_version = 2;
  j.cpuset_cpus = "2-3";
  auto a = jailer_argv("jailer", "/opt/fc/firecracker", j, "x", {"--no-api"});
  CHECK(a == std::vector<std::string>{"jailer", "--id", "x", "--exec-file", "/opt/fc/firecracker",
                                      "--uid", "1000", "--gid", "1000", "--chroot-base-dir",
                                      "/tmp/jail", "--cgroup-version", "2", "--cgroup",
                                      "cpuset.cpus=2-3", "--", "--no-api"});
}

TEST_CASE("firecracker: the chroot is <base>/<exec file name>/<id>/root", "[unit][firecracker]") {
  Jailer j;
  j.chroot_base = "/srv/jailer";
  CHECK(jail_root(j, "/usr/local/bin/firecracker", "0001-boot-r1") ==
        "/srv/jailer/firecracker/0001-boot-r1/root");
  CHECK(jail_root(j, "/opt/firecracker-v1.10.1-x86_64", "a") ==
        "/srv/jailer/firecracker-v1.10.1-x86_64/a/root");
}

TEST_CASE("firecracker: inside the chroot every file sits at its root", "[unit][firecracker]") {
  FcPaths in = jailed_paths();
  for (auto& p : {in.kernel, in.initrd, in.rootfs, in.work_disk, in.channel, in.log, in.metrics,
                  in.api_sock, in.config_file}) {
    INFO(p);
    CHECK(p.rfind('/') == 0);
  }
  CHECK(in.api_sock == "/fc.sock");
  CHECK(host_path_in("/srv/jailer/firecracker/a/root", in.api_sock) ==
        "/srv/jailer/firecracker/a/root/fc.sock");
  // Firecracker under the jailer gets chroot paths and no --id (the jailer adds it).
  CHECK(fc_args("api", in, "a", false) ==
        std::vector<std::string>{"--api-sock", "/fc.sock", "--boot-timer"});
}

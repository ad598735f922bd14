// host/fingerprint: the host facts recorded in env.json, read through the
// sysfs root.
#include <catch2/catch.hpp>

#include "../fixtures/host_fixture.hpp"
#include "host/fingerprint.hpp"

using Fixture = fcbench::test::HostFixture;
namespace host = fcbench::host;

TEST_CASE("host: the fingerprint reads CPU, topology, kernel and KVM through the root",
          "[unit][host]") {
  Fixture f;
  auto fp = host::host_fingerprint(f.sys);
  CHECK(fp["cpu_model"] == "Fake CPU @ 2.00GHz");
  CHECK(fp["cpu_threads"] == 4);
  CHECK(fp["cpu_cores"] == 2);
  CHECK(fp["cpu_packages"] == 1);
  CHECK(fp["numa_nodes"] == 1);
  CHECK(fp["host_kernel"] == "6.1.0-fake-amd64");
  CHECK(fp["host_cmdline"] == "BOOT_IMAGE=/vmlinuz root=/dev/fake ro quiet");
  CHECK(fp["kvm_parameters"]["kvm"]["halt_poll_ns"] == "200000");
}

// vmm/native: the payload's host command line for a VmSpec (guest paths
// mapped to the host), the accelerator, and how start() runs it: in the
// instance's directory, with only PATH and HOME, stderr on its own pipe.
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "vmm/native.hpp"

using Catch::Matchers::Contains;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
using fcbench::vmm::NativeDriver;
using fcbench::vmm::VmSpec;
using Argv = std::vector<std::string>;

namespace {

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  ::close(fd);
  return out;
}

}  // namespace

TEST_CASE("native: payload files and /work map to the host, other words stay", "[unit][native]") {
  VmSpec s;
  s.id = "p1";
  s.work_disk = "/runs/out/instances/p1/work";
  s.payload_argv = {"/opt/fcbench/prime/prime",
                    "--n",
                    "100",
                    "/work/out.txt",
                    "/work",
                    "/workshop",  // not under /work
                    "/opt/fcbench/prime/data",
                    "/etc/hostname"};
  s.payload_paths = {{"/opt/fcbench/prime/prime", "/build/plugins/prime.payload/prime"},
                     {"/opt/fcbench/prime/data", "/build/plugins/prime.payload/data"}};
  CHECK(NativeDriver().command(s) == Argv{"/build/plugins/prime.payload/prime", "--n", "100",
                                          "/runs/out/instances/p1/work/out.txt",
                                          "/runs/out/instances/p1/work", "/workshop",
                                          "/build/plugins/prime.payload/data", "/etc/hostname"});
  s.payload_argv.clear();
  CHECK(NativeDriver().command(s).empty());
}

TEST_CASE("native: nothing is virtualized: accel none, kvm and tcg refused", "[unit][native]") {
  NativeDriver d;
  CHECK(d.resolve_accel("auto", {}) == "none");
  for (std::string accel : {"kvm", "tcg"}) {
    INFO(accel);
    try {
      d.resolve_accel(accel, {});
      FAIL("accepted");
    } catch (const fcbench::UserError& e) {
      CHECK(e.exit_code == 2);
      CHECK_THAT(std::string(e.what()), Contains("accel '" + accel + "' does not apply"));
    }
  }
  CHECK_FALSE(d.is_vm());
  CHECK_FALSE(d.needs_elf_kernel());
  CHECK(d.boot_timer_addr().empty());
  CHECK(d.name() == "native");
  utsname u{};
  ::uname(&u);
  CHECK(d.version() == std::string("native (Linux ") + u.release + ")");
  CHECK_THAT(d.dry_run_note({}), Contains("nothing is virtualized"));
}

TEST_CASE("native: start runs the payload in the work dir with only PATH and HOME",
          "[unit][native]") {
  TempDir t;
  auto work = t / "work";
  std::filesystem::create_directories(work);
  ScopedEnv leak("FCBENCH_NATIVE_TEST_LEAK", "leaked");
  VmSpec s;
  s.id = "n1";
  s.work_disk = work;
  s.payload_argv = {"/bin/sh", "-c",
                    "pwd; echo \"HOME=$HOME\"; echo \"PATH=$PATH\"; "
                    "echo \"LEAK=${FCBENCH_NATIVE_TEST_LEAK-unset}\"; echo oops >&2; exit 3"};
  auto c = NativeDriver().start(s);
  REQUIRE(c.out_fd >= 0);
  REQUIRE(c.err_fd >= 0);
  std::string out = read_all(c.out_fd), err = read_all(c.err_fd);
  int st = 0;
  ::waitpid(c.pid, &st, 0);
  INFO(out << "---\n" << err);
  CHECK(out == std::filesystem::canonical(work).string() + "\nHOME=" + work.string() +
                   "\nPATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin\nLEAK=unset\n");
  CHECK(err == "oops\n");
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 3);
}

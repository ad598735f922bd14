// vmm/firecracker_exit: Firecracker exit statuses and their meaning.
#include <catch2/catch.hpp>

#include "vmm/firecracker_exit.hpp"

using namespace fcbench::vmm;

TEST_CASE("firecracker: exit statuses carry Firecracker's meaning", "[unit][firecracker]") {
  CHECK(fc_describe_exit(0) == "0 (ok)");
  CHECK(fc_describe_exit(1) == "1 (generic error)");
  CHECK(fc_describe_exit(148) == "148 (seccomp: a disallowed system call)");
  CHECK(fc_describe_exit(149) == "149 (SIGBUS)");
  CHECK(fc_describe_exit(150) == "150 (SIGSEGV)");
  CHECK(fc_describe_exit(152) == "152 (bad configuration)");
  CHECK(fc_describe_exit(153) == "153 (argument parsing)");
  CHECK(fc_describe_exit(7) == "7");
  CHECK(fc_exit_meaning(151) == "SIGXFSZ");
  CHECK(fc_exit_meaning(157) == "SIGILL");
  CHECK(fc_exit_meaning(-1).empty());
}

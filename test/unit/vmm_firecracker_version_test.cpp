// Firecracker version parsing and what the version decides.
#include "vmm/firecracker_version.hpp"

#include <catch2/catch.hpp>

using namespace fcbench::vmm;

TEST_CASE("firecracker: --version output is parsed into major.minor.patch", "[unit][firecracker]") {
  auto v =
      parse_fc_version("Firecracker v1.10.1\n\nSupported snapshot data format versions: 4.0.0\n");
  REQUIRE(v);
  CHECK(*v == FcVersion{1, 10, 1});
  CHECK(v->str() == "1.10.1");
  CHECK(parse_fc_version("Firecracker v1.13.0-dev") == FcVersion{1, 13, 0});
  CHECK(parse_fc_version("Firecracker v0.25.2") == FcVersion{0, 25, 2});
  CHECK(parse_fc_version("firecracker 2.0.0") == FcVersion{2, 0, 0});
  CHECK_FALSE(parse_fc_version("Firecracker"));
  CHECK_FALSE(parse_fc_version("Firecracker v1.10"));
  CHECK_FALSE(parse_fc_version(""));
  // Only the first line counts.
  CHECK_FALSE(parse_fc_version("something else\nFirecracker v1.10.1"));
}

TEST_CASE("firecracker: versions compare numerically", "[unit][firecracker]") {
  CHECK(FcVersion{1, 10, 0} > FcVersion{1, 9, 9});
  CHECK(FcVersion{2, 0, 0} > FcVersion{1, 99, 99});
  CHECK(FcVersion{1, 8, 0} == kMinFirecracker);
}

TEST_CASE("firecracker: versions below 1.8 are refused with the reason", "[unit][firecracker]") {
  CHECK(unsupported_reason({1, 8, 0}).empty());
  CHECK(unsupported_reason({1, 10, 1}).empty());
  CHECK(unsupported_reason({2, 0, 0}).empty());
  std::string why = unsupported_reason({1, 7, 0});
  CHECK_THAT(why, Catch::Contains("older than 1.8.0"));
  CHECK_THAT(why, Catch::Contains("ACPI"));
  CHECK_THAT(why, Catch::Contains("VIRTIO_MMIO_CMDLINE_DEVICES"));
  CHECK_THAT(unsupported_reason({0, 25, 0}), Catch::Contains("ht_enabled"));
}

TEST_CASE("firecracker: the boot-timer address moved in 1.13", "[unit][firecracker]") {
  CHECK(boot_timer_address({1, 8, 0}) == 0xD0000000ull);
  CHECK(boot_timer_address({1, 12, 9}) == 0xD0000000ull);
  CHECK(boot_timer_address({1, 13, 0}) == 0xC0000000ull);
  CHECK(boot_timer_address({2, 0, 0}) == 0xC0000000ull);
}

TEST_CASE("firecracker: machine-config says smt from 1.0, ht_enabled before",
          "[unit][firecracker]") {
  CHECK(smt_field({1, 0, 0}) == "smt");
  CHECK(smt_field({1, 10, 1}) == "smt");
  CHECK(smt_field({0, 25, 2}) == "ht_enabled");
}

TEST_CASE("firecracker: a binary may declare its accelerator in --version", "[unit][firecracker]") {
  CHECK(declared_accel("Firecracker v1.10.1\n").empty());
  CHECK(declared_accel("Firecracker v1.10.1\naccelerator: tcg\n") == "tcg");
  CHECK(declared_accel("Firecracker v1.10.1\r\n  accelerator:   TCG  \r\n") == "tcg");
  CHECK(declared_accel("Firecracker v1.10.1\nthe accelerator: tcg\n").empty());
  CHECK(declared_accel("Firecracker v1.10.1\n(fcbench Firecracker test double: not Firecracker; "
                       "guests run under QEMU TCG)\n")
            .empty());  // only the explicit line counts
  CHECK(declared_accel("Firecracker v1.10.1\nTCG is mentioned, but no double\n").empty());
}

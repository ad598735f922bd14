// vmm/firecracker_log: the boot-timer line of Firecracker's log.
#include <catch2/catch.hpp>
#include <string>

#include "vmm/firecracker_log.hpp"

using namespace fcbench::vmm;

TEST_CASE("firecracker: Guest-boot-time is read from the log", "[unit][firecracker]") {
  const char* log =
      "2024-05-06T10:11:12.000000001 [fc-1:main] Running Firecracker v1.10.1\n"
      "2024-05-06T10:11:12.000000002 [fc-1:fc_api] The API server received a Put request on "
      "\"/actions\".\n"
      "2024-05-06T10:11:12.125000000 [fc-1:fc_vcpu 0] Guest-boot-time =  123456 us 123 ms,  "
      "98765 CPU us 98 CPU ms\n"
      "2024-05-06T10:11:13.000000000 [fc-1:main] Guest-boot-time =      7 us 0 ms,      1 CPU us "
      "0 CPU ms\n";
  auto us = parse_boot_time_us(log);
  REQUIRE(us);
  CHECK(*us == 123456);  // the first one
  CHECK(parse_boot_time_us("[x:main:INFO] Guest-boot-time = 42 us 0 ms, 3 CPU us 0 CPU ms") == 42);
}

TEST_CASE("firecracker: logs without a complete boot-time line give nothing",
          "[unit][firecracker]") {
  CHECK_FALSE(parse_boot_time_us(""));
  CHECK_FALSE(parse_boot_time_us("Running Firecracker v1.10.1\n"));
  CHECK_FALSE(parse_boot_time_us("Guest-boot-time = "));
  CHECK_FALSE(parse_boot_time_us("Guest-boot-time = abc us"));
  CHECK_FALSE(parse_boot_time_us("Guest-boot-time = 12 ms"));
  // A truncated line first, a complete one after: the complete one counts.
  CHECK(parse_boot_time_us("Guest-boot-time = 5\nGuest-boot-time = 6 us 0 ms") == 6);
}

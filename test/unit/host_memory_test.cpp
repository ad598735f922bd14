// host/memory: the warning when guests at the peak may not fit.
#include <catch2/catch.hpp>

#include "host/memory.hpp"

TEST_CASE("memory warning: only when the peak's guests exceed what is free", "[unit][memory]") {
  using fcbench::host::memory_warning;
  CHECK(memory_warning(4, 256, 1024).empty());  // exactly fits
  auto w = memory_warning(5, 256, 1024);
  CHECK(w.find("up to 5 guest(s) of up to 256 MiB") != std::string::npos);
  CHECK(w.find("(1280 MiB), but only 1024 MiB") != std::string::npos);
  CHECK(memory_warning(1000, 0, 1).empty());  // no guests (native)
}

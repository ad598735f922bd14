// The prior tool's result, baseline and sysmon files.
#include "fuzz_target.hpp"
#include "results/legacy_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace legacy = fcbench::results::legacy;
  const auto input = fcbench::fuzz::text(data, size);
  std::vector<std::string> warnings;
  fcbench::fuzz::expect_clean([&] { legacy::parse_results(input, "results-1.txt", warnings); });
  fcbench::fuzz::expect_clean([&] { legacy::parse_baselines(input, "baselines.txt", warnings); });
  fcbench::fuzz::expect_clean([&] { legacy::parse_sysmon(input, "sysmon-1.txt", warnings); });
  return 0;
}

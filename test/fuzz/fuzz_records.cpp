// results.jsonl records and pack manifests.
#include <nlohmann/json.hpp>

#include "fuzz_target.hpp"
#include "pack/manifest.hpp"
#include "results/record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(fcbench::fuzz::text(data, size));
  fcbench::fuzz::expect_clean([&] { fcbench::pack::parse_manifest(input, "pack.yaml"); });
  const auto j = nlohmann::json::parse(input, nullptr, false);
  if (j.is_discarded()) return 0;
  try {
    const auto r = fcbench::results::from_json(j);
    (void)fcbench::results::to_json(r).dump();  // a record read back writes again
  } catch (const nlohmann::json::exception&) {  // a mistyped field: refused as such
  } catch (const std::invalid_argument&) {      // an unknown status
  }
  return 0;
}

// Shared by the analysis_* and report_* tests: results directories written
// from records, as `fcbench run` writes them.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "results/record.hpp"

namespace fcbench::test {

// An ok record of `benchmark` (plugin prime, n=`n`) launched at `launch_ns`
// and exiting `e2e_ms` later, with one metric "rate" = value.
inline results::Record timed_record(const std::string& id, const std::string& benchmark,
                                    double rate, int64_t launch_ns, double e2e_ms,
                                    const std::string& n = "1000") {
  results::Record r;
  r.id = id;
  r.benchmark = benchmark;
  r.plugin = "prime";
  r.params = {{"n", n}};
  r.param_types = {{"n", FCB_PARAM_INT}};
  r.vmm = "qemu";
  r.accel = "tcg";
  r.status = results::Status::ok;
  r.ts.launched = launch_ns;
  r.ts.payload_start = launch_ns + 1'000'000;
  r.ts.payload_end = launch_ns + int64_t(e2e_ms * 1e6) - 1'000'000;
  r.ts.exited = launch_ns + int64_t(e2e_ms * 1e6);
  r.scheduled_ns = launch_ns;
  r.guest_payload_ns = r.ts.payload_end - r.ts.payload_start;
  r.metrics.push_back({"rate", rate, "ops/s", true});
  return r;
}

inline void write_results(const std::filesystem::path& dir,
                          const std::vector<results::Record>& recs) {
  std::filesystem::create_directories(dir);
  std::ofstream f(dir / "results.jsonl");
  for (const auto& r : recs) f << results::to_json(r).dump() << "\n";
}

}  // namespace fcbench::test

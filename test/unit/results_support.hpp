// Shared by the results_*_test.cpp files: records to feed summaries, sinks,
// baselines and slowdowns.
#pragma once

#include <cstdint>
#include <string>

#include "results/baseline.hpp"
#include "results/record.hpp"

namespace fcbench::test {

// A record of benchmark `benchmark` with one metric "rate" = value.
inline results::Record make_record(const std::string& benchmark, const std::string& status,
                                   double value, const std::string& error = "") {
  results::Record r;
  r.id = benchmark + "-" + status + "-" + std::to_string(int(value));
  r.suite = "s";
  r.benchmark = benchmark;
  r.plugin = "prime";
  r.vmm = "qemu";
  r.accel = "tcg";
  r.status = *results::status_from_string(status);
  r.error = error;
  r.metrics.push_back({"rate", value, "ops/s", true});
  return r;
}

// A record with a guest payload time, parameters n (int), method and check.
inline results::Record payload_record(const std::string& id, const std::string& plugin,
                                      const std::string& n, int64_t payload_ns,
                                      const std::string& status = "ok") {
  results::Record r;
  r.id = id;
  r.plugin = plugin;
  r.params = {{"n", n}, {"method", "trial"}, {"check", "true"}};
  r.param_types = {{"n", FCB_PARAM_INT}, {"method", FCB_PARAM_STRING}, {"check", FCB_PARAM_BOOL}};
  r.vmm = "firecracker";
  r.accel = "kvm";
  r.status = *results::status_from_string(status);
  r.guest_payload_ns = payload_ns;
  return r;
}

// The baseline key payload_record(_, plugin, n, _) falls under.
inline results::BaselineKey baseline_key(const std::string& plugin, const std::string& n) {
  return {plugin, {{"n", n}, {"method", "trial"}, {"check", "true"}}};
}

}  // namespace fcbench::test

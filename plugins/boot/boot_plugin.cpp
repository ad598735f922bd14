// boot: an empty payload; the metric is the host-measured time from VMM
// launch to the payload start.
#include <fcbench/plugin.hpp>
#include <string>
#include <vector>

namespace sdk = fcbench::sdk;

struct Boot {
  static sdk::Info info() {
    return {"boot",
            "1.0.0",
            "Boot time: host-measured time from VMM launch until an empty payload starts",
            {},
            {sdk::PayloadFile::bundled("boot.payload/boot", "/opt/fcbench/boot/boot")}};
  }

  sdk::Job job(const sdk::Params&) {
    sdk::Job j;
    j.argv = {"/opt/fcbench/boot/boot"};
    j.requirements = {1, 64, 16};
    return j;
  }

  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    if (out.time_to_payload_ns <= 0)
      throw sdk::Error("time_to_payload was not measured (got " +
                       std::to_string(out.time_to_payload_ns) + " ns)");
    return {{"time_to_payload", out.time_to_payload_ns / 1e6, "ms", sdk::Better::Lower}};
  }
};

FCBENCH_PLUGIN(Boot)

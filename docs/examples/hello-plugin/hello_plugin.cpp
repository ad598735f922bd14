// hello: a minimal out-of-tree fcbench plugin. The guest mixes `count`
// rounds of a checksum; the parser recomputes it on the host and reports the
// guest's run time.
#include <cmath>
#include <cstdlib>
#include <fcbench/plugin.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "checksum.h"

namespace sdk = fcbench::sdk;

namespace {

constexpr const char* kGuestBinary = "/opt/hello/hello";
constexpr int64_t kMaxCount = 1'000'000'000;

int64_t checked_count(const sdk::Params& p) {
  int64_t n = p.integer("count");
  if (n < 1 || n > kMaxCount)
    throw sdk::Error("parameter count must be in [1, 1000000000], got " + std::to_string(n));
  return n;
}

// The text after "<key>: " on a line of `out`; throws if there is none.
std::string field(std::string_view out, const std::string& key) {
  const std::string prefix = key + ": ";
  size_t pos = 0;
  while (pos < out.size()) {
    size_t eol = out.find('\n', pos);
    if (eol == std::string_view::npos) eol = out.size();
    std::string_view line = out.substr(pos, eol - pos);
    if (line.substr(0, prefix.size()) == prefix) return std::string(line.substr(prefix.size()));
    pos = eol + 1;
  }
  throw sdk::Error("hello output has no '" + key + ":' line");
}

}  // namespace

struct Hello {
  static sdk::Info info() {
    return {"hello",
            "0.1.0",
            "Example: mixes a 64-bit checksum count times; the host verifies the result",
            {{"count", sdk::ParamType::Int, "10000000", "rounds to run (1 to 1e9)"},
             {"seed", sdk::ParamType::Int, "1", "starting value of the checksum (0 or more)"}},
            // Built by fcbench_add_guest_program(hello hello ...) next to this
            // library; installed read-only in the guest rootfs.
            {sdk::PayloadFile::bundled("hello.payload/hello", kGuestBinary)}};
  }

  // Validates the parameters (called once per matrix point when the suite is
  // loaded, and again per instance) and builds the guest command line.
  sdk::Job job(const sdk::Params& p) {
    sdk::Job j;
    int64_t count = checked_count(p);
    int64_t seed = p.integer("seed");
    if (seed < 0) throw sdk::Error("parameter seed must be 0 or more, got " + std::to_string(seed));
    j.argv = {kGuestBinary, std::to_string(count), std::to_string(seed)};
    j.requirements = {1, 64, 16};  // min vCPUs, min MiB of RAM, write-disk MiB
    return j;
  }

  // Turns the guest's output into metrics, or throws to mark the run failed.
  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    int64_t count = checked_count(out.params);
    uint64_t seed = uint64_t(out.params.integer("seed"));

    if (field(out.out, "count") != std::to_string(count))
      throw sdk::Error("hello ran count=" + field(out.out, "count") + ", expected " +
                       std::to_string(count));
    std::string got = field(out.out, "checksum");
    std::string want = std::to_string(hello_checksum(uint64_t(count), seed));
    if (got != want) throw sdk::Error("checksum mismatch: guest " + got + ", host " + want);

    char* end = nullptr;
    std::string rt = field(out.out, "runtime_ms");
    double ms = std::strtod(rt.c_str(), &end);
    if (rt.empty() || *end != '\0' || !std::isfinite(ms) || ms < 0)
      throw sdk::Error("bad runtime_ms value: '" + rt + "'");

    // The guest program's own timing, and the agent's (fork to reap).
    return {{"runtime", ms, "ms", sdk::Better::Lower},
            {"process", out.guest_payload_ns / 1e6, "ms", sdk::Better::Lower}};
  }
};

FCBENCH_PLUGIN(Hello)

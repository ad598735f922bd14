// stream: memory bandwidth with STREAM-style copy/scale/add/triad kernels.
#include <cmath>
#include <cstdlib>
#include <fcbench/plugin.hpp>
#include <map>
#include <string>
#include <vector>

namespace sdk = fcbench::sdk;

namespace {

constexpr int64_t kMaxArraySize = int64_t{1} << 27;  // 1 GiB per array
constexpr int64_t kMaxIterations = 1000;             // the prior tool ran up to 320 (NTIMES)
const char* const kKernels[] = {"copy", "scale", "add", "triad"};

int64_t checked(const sdk::Params& p, const std::string& name, int64_t lo, int64_t hi) {
  int64_t v = p.integer(name);
  if (v < lo || v > hi)
    throw sdk::Error("parameter " + name + " must be in [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "], got " + std::to_string(v));
  return v;
}

}  // namespace

struct Stream {
  static sdk::Info info() {
    return {"stream",
            "1.0.0",
            "Memory bandwidth: best MB/s of STREAM-style copy, scale, add and triad kernels",
            {{"array_size", sdk::ParamType::Int, "2000000",
              "elements per double array (3 arrays are used)"},
             {"iterations", sdk::ParamType::Int, "5",
              "passes over the four kernels; the first is skipped when there are several"}},
            {sdk::PayloadFile::bundled("stream.payload/stream", "/opt/fcbench/stream/stream")}};
  }

  sdk::Job job(const sdk::Params& p) {
    int64_t n = checked(p, "array_size", 1, kMaxArraySize);
    int64_t iters = checked(p, "iterations", 1, kMaxIterations);
    sdk::Job j;
    j.argv = {"/opt/fcbench/stream/stream", std::to_string(n), std::to_string(iters)};
    // Three arrays of doubles plus room for the guest system.
    j.requirements = {1, static_cast<uint32_t>(3 * 8 * n / (1 << 20) + 64), 16};
    return j;
  }

  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    int64_t n = checked(out.params, "array_size", 1, kMaxArraySize);
    int64_t iters = checked(out.params, "iterations", 1, kMaxIterations);
    sdk::Fields kv(out.out, "stream output");
    if (kv.number("array_size") != static_cast<double>(n) ||
        kv.number("iterations") != static_cast<double>(iters))
      throw sdk::Error("stream output is for array_size=" + kv["array_size"] +
                       " iterations=" + kv["iterations"] + ", but the parameters are array_size=" +
                       std::to_string(n) + " iterations=" + std::to_string(iters));
    if (kv.text("validation") != "passed")
      throw sdk::Error("stream validation did not pass: '" + kv["validation"] + "'");
    std::vector<sdk::Metric> metrics;
    for (const char* k : kKernels) {
      double rate = kv.number(std::string(k) + "_mb_s");
      if (rate <= 0)
        throw sdk::Error(std::string("stream output has a non-positive ") + k + " rate");
      metrics.push_back({k, rate, "MB/s", sdk::Better::Higher});
    }
    return metrics;
  }
};

FCBENCH_PLUGIN(Stream)

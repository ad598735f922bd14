// stream: memory bandwidth with STREAM-style copy/scale/add/triad kernels.
#include <fcbench/plugin.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace sdk = fcbench::sdk;

namespace {

constexpr int64_t kMaxArraySize = int64_t{1} << 27;  // 1 GiB per array
constexpr int64_t kMaxIterations = 100;              // values stay finite
const char* const kKernels[] = {"copy", "scale", "add", "triad"};

// "key: value" lines of the guest's stdout.
std::map<std::string, std::string> fields(std::string_view text) {
  std::map<std::string, std::string> kv;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    size_t colon = line.find(": ");
    if (colon != std::string_view::npos)
      kv.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  return kv;
}

const std::string& text(const std::map<std::string, std::string>& kv, const std::string& key) {
  auto it = kv.find(key);
  if (it == kv.end()) throw sdk::Error("stream output has no '" + key + ":' line");
  return it->second;
}

double number(const std::map<std::string, std::string>& kv, const std::string& key) {
  const std::string& s = text(kv, key);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !std::isfinite(v))
    throw sdk::Error("stream output has a bad '" + key + "' value: '" + s + "'");
  return v;
}

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
    auto kv = fields(out.out);
    if (number(kv, "array_size") != static_cast<double>(n) ||
        number(kv, "iterations") != static_cast<double>(iters))
      throw sdk::Error("stream output is for array_size=" + kv["array_size"] +
                       " iterations=" + kv["iterations"] + ", but the parameters are array_size=" +
                       std::to_string(n) + " iterations=" + std::to_string(iters));
    if (text(kv, "validation") != "passed")
      throw sdk::Error("stream validation did not pass: '" + kv["validation"] + "'");
    std::vector<sdk::Metric> metrics;
    for (const char* k : kKernels) {
      double rate = number(kv, std::string(k) + "_mb_s");
      if (rate <= 0) throw sdk::Error(std::string("stream output has a non-positive ") + k + " rate");
      metrics.push_back({k, rate, "MB/s", sdk::Better::Higher});
    }
    return metrics;
  }
};

FCBENCH_PLUGIN(Stream)

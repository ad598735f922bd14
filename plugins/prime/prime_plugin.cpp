// prime: CPU benchmark that counts the primes below n in the guest; the
// count is checked against the true value computed on the host.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fcbench/plugin.hpp>
#include <map>
#include <string>
#include <vector>

namespace sdk = fcbench::sdk;

namespace {

constexpr int64_t kMaxN = 2'000'000'000;

int64_t checked_n(const sdk::Params& p) {
  int64_t n = p.integer("n");
  if (n < 2 || n > kMaxN)
    throw sdk::Error("parameter n must be in [2, " + std::to_string(kMaxN) + "], got " +
                     std::to_string(n));
  return n;
}

// pi(n - 1): the number of primes below n, by a segmented odd-only sieve.
int64_t primes_below(int64_t n) {
  if (n <= 2) return 0;
  int64_t root = static_cast<int64_t>(std::sqrt(static_cast<double>(n))) + 1;
  std::vector<bool> small(root + 1, true);
  std::vector<int64_t> base;  // odd primes <= root
  for (int64_t i = 3; i <= root; i += 2) {
    if (!small[i]) continue;
    base.push_back(i);
    for (int64_t j = i * i; j <= root; j += 2 * i) small[j] = false;
  }
  int64_t count = 1;                 // the prime 2
  constexpr int64_t kSeg = 1 << 20;  // odd numbers per segment
  std::vector<char> comp(kSeg);
  for (int64_t lo = 3; lo < n; lo += 2 * kSeg) {  // segment holds lo, lo+2, ...
    int64_t hi = std::min(n, lo + 2 * kSeg);      // exclusive
    std::fill(comp.begin(), comp.end(), 0);
    for (int64_t p : base) {
      if (p * p >= hi) break;
      int64_t start = std::max(p * p, (lo + p - 1) / p * p);
      if (start % 2 == 0) start += p;
      for (int64_t m = start; m < hi; m += 2 * p) comp[(m - lo) / 2] = 1;
    }
    for (int64_t k = lo; k < hi; k += 2) count += !comp[(k - lo) / 2];
  }
  return count;
}

}  // namespace

struct Prime {
  static sdk::Info info() {
    return {"prime",
            "1.0.0",
            "CPU: counts the primes below n (trial division or sieve), verified on the host",
            {{"n", sdk::ParamType::Int, "3000000", "count the primes below n (2 to 2e9)"},
             {"method", sdk::ParamType::String, "trial",
              "trial (trial division, CPU-bound) or sieve (bit sieve of Eratosthenes)"}},
            {sdk::PayloadFile::bundled("prime.payload/prime", "/opt/fcbench/prime/prime")}};
  }

  sdk::Job job(const sdk::Params& p) {
    int64_t n = checked_n(p);
    const std::string& method = p.str("method");
    if (method != "trial" && method != "sieve")
      throw sdk::Error("parameter method must be 'trial' or 'sieve', got '" + method + "'");
    sdk::Job j;
    j.argv = {"/opt/fcbench/prime/prime", std::to_string(n), method};
    // The sieve keeps one bit per odd number below n.
    uint32_t sieve_mib = method == "sieve" ? static_cast<uint32_t>(n / 16 / (1 << 20) + 1) : 0;
    j.requirements = {1, 64 + sieve_mib, 16};
    return j;
  }

  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    int64_t n = checked_n(out.params);
    sdk::Fields kv(out.out, "prime output");
    const std::string& method = out.params.str("method");
    if (kv.number("n") != static_cast<double>(n) || kv.text("method") != method)
      throw sdk::Error("prime output is for n=" + kv["n"] + " method=" + kv["method"] +
                       ", but the parameters are n=" + std::to_string(n) + " method=" + method);
    double count = kv.number("count");
    double runtime = kv.number("runtime_ms");
    if (runtime < 0)
      throw sdk::Error("prime output has a negative runtime_ms: " + kv["runtime_ms"]);
    int64_t truth = primes_below(n);
    if (count != static_cast<double>(truth))
      throw sdk::Error("prime count mismatch: guest said " + kv["count"] + ", true value is " +
                       std::to_string(truth));
    return {{"runtime", runtime, "ms", sdk::Better::Lower},
            {"count", count, "primes", sdk::Better::Higher}};
  }
};

FCBENCH_PLUGIN(Prime)

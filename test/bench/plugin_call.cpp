// The plugin host's cost: N parse() calls of one output, made in this
// process (plugin::Library, as before the host existed) and through the
// plugin's host (plugin::Plugin, as fcbench calls it), with the per-call
// p50/p99 of each and their difference: the round trip per instance.
// Usage: fcbench_plugin_call_bench LIBRARY.fcbench.so [N=20000] [MESSAGE=hello]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "plugin/library.hpp"
#include "plugin/plugin.hpp"

namespace {

struct Quantiles {
  double p50_us, p99_us;
};

template <class F>
Quantiles time_calls(size_t n, F call) {
  std::vector<double> us;
  us.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    call();
    const auto t1 = std::chrono::steady_clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  return {us[n / 2], us[std::min(n - 1, n * 99 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s LIBRARY [N] [MESSAGE]\n", argv[0]);
    return 2;
  }
  const size_t n = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 20000;
  const std::string message = argc > 3 ? argv[3] : "hello";
  auto local = fcbench::plugin::Library::open(argv[1]);
  auto hosted = fcbench::plugin::Plugin::load(argv[1]);
  fcbench::plugin::GuestOutput out;
  out.params = hosted->with_defaults({{"message", message}});
  out.out = message + "\n";
  const auto in = time_calls(n, [&] { local->parse(out); });
  const auto via = time_calls(n, [&] { hosted->parse(out); });
  std::printf("parse, %zu calls of %s:\n", n, argv[1]);
  std::printf("  in process:   p50 %.1f us  p99 %.1f us\n", in.p50_us, in.p99_us);
  std::printf("  plugin host:  p50 %.1f us  p99 %.1f us\n", via.p50_us, via.p99_us);
  std::printf("  round trip:   p50 %.1f us  p99 %.1f us per instance\n", via.p50_us - in.p50_us,
              via.p99_us - in.p99_us);
  return 0;
}

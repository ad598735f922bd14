// job() takes a non-const Params&: the adapter passes a const one.
// clang-format off
// expect-error: FCBENCH_PLUGIN(T): T needs a public member `fcbench::sdk::Job job(const fcbench::sdk::Params&)`
// clang-format on
#include <fcbench/plugin.hpp>
namespace sdk = fcbench::sdk;

struct BadJob {
  static sdk::Info info() { return {"bad-job", "0.1", "wrong job() signature", {}, {}}; }
  sdk::Job job(sdk::Params&) { return {{"/bin/true"}, {}, {}}; }
  std::vector<sdk::Metric> parse(const sdk::Output&) { return {}; }
};

FCBENCH_PLUGIN(BadJob)

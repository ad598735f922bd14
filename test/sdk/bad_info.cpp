// info() is not static.
// clang-format off
// expect-error: FCBENCH_PLUGIN(T): T needs `static fcbench::sdk::Info info()`
// clang-format on
#include <fcbench/plugin.hpp>
namespace sdk = fcbench::sdk;

struct BadInfo {
  sdk::Info info() { return {"bad-info", "0.1", "info() is not static", {}, {}}; }
  sdk::Job job(const sdk::Params&) { return {{"/bin/true"}, {}, {}}; }
  std::vector<sdk::Metric> parse(const sdk::Output&) { return {}; }
};

FCBENCH_PLUGIN(BadInfo)

// parse() returns one Metric instead of a vector of them.
// clang-format off
// expect-error: FCBENCH_PLUGIN(T): T needs a public member `std::vector<fcbench::sdk::Metric> parse(const fcbench::sdk::Output&)`
// clang-format on
#include <fcbench/plugin.hpp>
namespace sdk = fcbench::sdk;

struct BadParse {
  static sdk::Info info() { return {"bad-parse", "0.1", "wrong parse() signature", {}, {}}; }
  sdk::Job job(const sdk::Params&) { return {{"/bin/true"}, {}, {}}; }
  sdk::Metric parse(const sdk::Output&) { return {"m", 1.0, "ms", sdk::Better::Lower}; }
};

FCBENCH_PLUGIN(BadParse)

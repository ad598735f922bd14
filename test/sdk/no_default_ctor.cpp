// No default constructor: the adapter builds a fresh plugin for every call.
// clang-format off
// expect-error: FCBENCH_PLUGIN(T): T needs a public default constructor and destructor
// clang-format on
#include <fcbench/plugin.hpp>
namespace sdk = fcbench::sdk;

struct NoDefaultCtor {
  explicit NoDefaultCtor(int scale) : scale_(scale) {}
  static sdk::Info info() { return {"no-ctor", "0.1", "no default constructor", {}, {}}; }
  sdk::Job job(const sdk::Params&) { return {{"/bin/true"}, {}, {}}; }
  std::vector<sdk::Metric> parse(const sdk::Output&) {
    return {{"m", 1.0 * scale_, "ms", sdk::Better::Lower}};
  }
  int scale_;
};

FCBENCH_PLUGIN(NoDefaultCtor)

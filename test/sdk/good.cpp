// A correct plugin: the control that the check compiles what it should.
#include <fcbench/plugin.hpp>
namespace sdk = fcbench::sdk;

struct Good {
  static sdk::Info info() { return {"good", "0.1", "the documented members", {}, {}}; }
  sdk::Job job(const sdk::Params&) { return {{"/bin/true"}, {}, {}}; }
  std::vector<sdk::Metric> parse(const sdk::Output&) { return {}; }
};

FCBENCH_PLUGIN(Good)

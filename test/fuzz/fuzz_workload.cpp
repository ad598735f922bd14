// The workload spec loader (YAML) and the workload reader (JSON Lines).
#include <unistd.h>

#include "fuzz_target.hpp"
#include "plugin/registry.hpp"
#include "util/fs.hpp"
#include "workload/reader.hpp"
#include "workload/spec_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto plugins =
      fcbench::plugin::Registry::discover({FCBENCH_BUILD_PLUGIN_DIR});
  static const auto file = std::filesystem::temp_directory_path() /
                           ("fcbench-fuzz-workload-" + std::to_string(::getpid()) + ".jsonl");
  const auto input = fcbench::fuzz::text(data, size);
  fcbench::fuzz::expect_clean(
      [&] { fcbench::workload::parse_spec(std::string(input), "fuzz.yaml", plugins); });
  fcbench::write_file(file, input);
  fcbench::fuzz::expect_clean([&] { fcbench::workload::read_workload(file, plugins); });
  return 0;
}

#include "run/run_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/json.hpp"

namespace fcbench::run {

namespace {
constexpr const char* kRunFormat = "fcbench-run-1";
}

void write_run_file(const std::filesystem::path& dir, const Source& src, const RunOptions& o) {
  nlohmann::json j = {
      {"format", kRunFormat},
      {"kind", src.kind},
      {"file", src.file.string()},
      {"name", src.name},
      {"sha256", src.sha256},
      {"options",
       {{"vmm", o.vmm},
        {"accel", o.accel},
        {"firecracker_mode", o.firecracker_mode},
        {"firecracker", o.drivers.firecracker},
        {"repetitions", o.repetitions},
        {"timeout_s", o.timeout_s},
        {"max_concurrent", o.max_concurrent},
        {"unlimited", o.unlimited},
        {"grace_s", o.grace_s},
        {"monitor_interval_s", o.monitor_interval_s},
        {"baseline", o.baseline.empty() ? "" : std::filesystem::absolute(o.baseline).string()},
        {"keep_instances", o.keep_instances},
        {"shard", to_json(o.shard)},
        {"start_at_ns", o.start_at_wall_ns ? nlohmann::json(o.start_at_wall_ns) : nullptr}}}};
  write_file_atomic(dir / "run.json", j.dump(2) + "\n");
}

RunFile read_run_file(const std::filesystem::path& dir) {
  auto file = dir / "run.json";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    throw UserError(dir.string() + " is not a resumable fcbench run (no run.json; runs made by " +
                        "fcbench run write one)",
                    2);
  RunFile rf;
  try {
    auto j = nlohmann::json::parse(read_file(file));
    if (j.value("format", "") != kRunFormat) throw UserError("unknown format", 2);
    rf.src = {j.at("kind"), std::filesystem::path(j.at("file").get<std::string>()), j.at("name"),
              j.at("sha256")};
    const auto& o = j.at("options");
    auto& r = rf.options;
    r.vmm = o.value("vmm", "");
    r.accel = o.value("accel", "");
    r.firecracker_mode = o.value("firecracker_mode", "");
    r.drivers.firecracker = o.value("firecracker", "");
    r.repetitions = json_integer_at(o, "repetitions", uint32_t(0));
    r.timeout_s = o.value("timeout_s", 0.0);
    r.max_concurrent = json_integer_at(o, "max_concurrent", uint32_t(0));
    r.unlimited = o.value("unlimited", false);
    r.grace_s = o.value("grace_s", 2.0);
    r.monitor_interval_s = o.value("monitor_interval_s", 1.0);
    r.baseline = o.value("baseline", "");
    r.keep_instances = o.value("keep_instances", false);
    r.shard = shard_from_json(o.value("shard", nlohmann::json()));  // start_at is one-off
    r.output = dir;
  } catch (const std::exception& e) {
    throw UserError(file.string() + ": not a valid run file (" + e.what() + ")", 2);
  }
  if (rf.src.kind != "suite" && rf.src.kind != "workload" && rf.src.kind != "baseline")
    throw UserError(file.string() + ": unknown run kind '" + rf.src.kind + "'", 2);
  return rf;
}

}  // namespace fcbench::run

#include "run/run_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include "config/suite_loader.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "vmm/driver.hpp"

namespace fcbench::run {

namespace {
constexpr const char* kRunFormat = "fcbench-run-1";
}

bool is_final(results::Status status) {
  using enum results::Status;
  return status == ok || status == failed || status == timeout;
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
        {"keep_instances", o.keep_instances}}}};
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
    r.repetitions = o.value("repetitions", 0u);
    r.timeout_s = o.value("timeout_s", 0.0);
    r.max_concurrent = o.value("max_concurrent", 0u);
    r.unlimited = o.value("unlimited", false);
    r.grace_s = o.value("grace_s", 2.0);
    r.monitor_interval_s = o.value("monitor_interval_s", 1.0);
    r.baseline = o.value("baseline", "");
    r.keep_instances = o.value("keep_instances", false);
    r.output = dir;
  } catch (const std::exception& e) {
    throw UserError(file.string() + ": not a valid run file (" + e.what() + ")", 2);
  }
  if (rf.src.kind != "suite" && rf.src.kind != "workload" && rf.src.kind != "baseline")
    throw UserError(file.string() + ": unknown run kind '" + rf.src.kind + "'", 2);
  return rf;
}

config::Suite load_suite_for_resume(const Source& src, const plugin::Registry& plugins) {
  config::LoadOptions lo;
  lo.vmms = vmm::driver_names();
  auto suite = config::load_suite(src.file, plugins, lo);
  if (suite.sha256 != src.sha256)
    throw UserError(src.file.string() +
                        " changed since the run started; resuming would mix two suites "
                        "(restore the file, or start a new run)",
                    2);
  return suite;
}

std::vector<results::Record> split_final_records(const std::filesystem::path& results,
                                                 const std::filesystem::path& superseded) {
  std::vector<std::string> lines;
  {
    std::ifstream in(results);
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) lines.push_back(l);
  }
  std::vector<std::optional<results::Record>> parsed;
  std::map<std::string, size_t> last_final;
  for (size_t i = 0; i < lines.size(); ++i) {
    try {
      auto r = results::from_json(nlohmann::json::parse(lines[i]));
      if (is_final(r.status)) last_final[r.id] = i;
      parsed.push_back(std::move(r));
    } catch (const std::exception&) {  // e.g. a line cut short by SIGKILL
      fmt::print(stderr, "warning: {}:{}: unreadable record moved to {}\n", results.string(), i + 1,
                 superseded.string());
      parsed.emplace_back();
    }
  }
  std::string keep, aside;
  std::vector<results::Record> kept;
  for (size_t i = 0; i < lines.size(); ++i) {
    bool final_one = parsed[i] && last_final.count(parsed[i]->id) && last_final[parsed[i]->id] == i;
    (final_one ? keep : aside) += lines[i] + "\n";
    if (final_one) kept.push_back(*parsed[i]);
  }
  if (!aside.empty()) {  // first the copy, then the rewrite: a crash loses nothing
    append_file(superseded, aside);
    write_file_atomic(results, keep);
  }
  return kept;
}

}  // namespace fcbench::run

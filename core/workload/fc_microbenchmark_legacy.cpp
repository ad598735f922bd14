#include "workload/fc_microbenchmark_legacy.hpp"

#include <cmath>
#include <sstream>
#include <vector>

#include "results/legacy_csv.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"
#include "workload/jsonl.hpp"

namespace fcbench::workload {

namespace {

using json = nlohmann::ordered_json;
using results::legacy::Field;
using results::legacy::LineRef;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// The program the ID field names, resolved through the shared table.
ResolvedProgram line_program(const LineRef& l, const Field& id, const ProgramList& programs,
                             const plugin::Registry& plugins, const std::string& param_name) {
  try {
    return resolve_program(program_name(programs, id.text), plugins, param_name);
  } catch (const std::invalid_argument& e) {
    l.fail(id.col, e.what());
  }
}

// The plugin's parameters with `arg` set, typed as a workload file holds them.
json instance_params(const LineRef& l, const ResolvedProgram& p, const Field& arg) {
  plugin::ParamMap params;
  try {
    params = program_params(p, arg.text);
  } catch (const plugin::PluginError& e) {
    l.fail(arg.col, e.what());
  }
  json out = json::object();
  for (auto& [name, text] : params) out[name] = typed_value(p.plugin->find_param(name)->type, text);
  return out;
}

// gap_s, the seconds to sleep after the launch (0 without it).
double gap_seconds(const LineRef& l, const std::vector<Field>& f) {
  if (f.size() < 3) return 0;
  auto gap = parse_number<double>(f[2].text);
  if (!gap || *gap < 0)
    l.fail(f[2].col, "gap_s must be a number of seconds >= 0, got '" + f[2].text + "'");
  return *gap;
}

// The header's spec: what was converted, for the record.
json conversion_spec(const std::filesystem::path& run_file, const ProgramList& programs,
                     size_t instances, const FcMicrobenchmarkOptions& opt) {
  json legacy = json::object();
  legacy["run_file"] = run_file.string();
  legacy["programs_file"] = programs.is_default ? json(nullptr) : json(programs.source);
  legacy["param_name"] = opt.param_name.empty() ? json(nullptr) : json(opt.param_name);
  legacy["programs"] = programs.names;
  json spec = json::object();
  spec["legacy"] = legacy;
  spec["instances"] = instances;
  spec["vm"] = json{{"vcpus", opt.vcpus}, {"mem_mib", opt.mem_mib}};
  return spec;
}

}  // namespace

Workload parse_fc_microbenchmark(const std::string& run_text, const std::filesystem::path& run_file,
                                 const ProgramList& programs, const plugin::Registry& plugins,
                                 const FcMicrobenchmarkOptions& opt) {
  Workload w;
  std::istringstream in(run_text);
  int64_t t_ns = 0;
  LineRef l{run_file.string(), 0};
  for (std::string line; std::getline(in, line);) {
    ++l.line;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto f = results::legacy::split_fields(line);
    if (f.size() < 2 || f.size() > 3)
      l.fail(1, "expected 'ID, arg' or 'ID, arg, gap_s', got '" + t + "'");
    const ResolvedProgram p = line_program(l, f[0], programs, plugins, opt.param_name);
    Instance inst;
    inst.params = instance_params(l, p, f[1]);
    const double gap = gap_seconds(l, f);
    inst.id = instance_id(w.instances.size() + 1);
    inst.arrival_ns = t_ns;
    inst.plugin = p.plugin->name();
    inst.vcpus = opt.vcpus;
    inst.mem_mib = opt.mem_mib;
    inst.where = {run_file.string(), l.line, 1};
    w.instances.push_back(std::move(inst));
    t_ns += int64_t(std::llround(gap * 1e9));
  }
  if (w.instances.empty())
    throw ConfigError(run_file.string() + ":1:1: the run file lists no launches");
  w.header = make_header(conversion_spec(run_file, programs, w.instances.size(), opt), nullptr);
  return w;
}

Workload convert_fc_microbenchmark(const std::filesystem::path& run_file,
                                   const ProgramList& programs, const plugin::Registry& plugins,
                                   const FcMicrobenchmarkOptions& opt) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(run_file, ec))
    throw UserError("legacy file not found: " + run_file.string(), 2);
  return parse_fc_microbenchmark(read_file(run_file), run_file, programs, plugins, opt);
}

}  // namespace fcbench::workload

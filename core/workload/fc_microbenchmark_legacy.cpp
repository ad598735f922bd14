#include "workload/fc_microbenchmark_legacy.hpp"

#include <cmath>
#include <sstream>
#include <vector>

#include "plugin/param_text.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"
#include "workload/jsonl.hpp"

namespace fcbench::workload {

namespace {

using json = nlohmann::ordered_json;

struct Field {
  std::string text;
  int col = 1;  // 1-based column of its first character
};

// Splits at commas and trims blanks; columns point at each trimmed field.
std::vector<Field> split_fields(const std::string& line) {
  std::vector<Field> out;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    size_t end = comma == std::string::npos ? line.size() : comma;
    size_t b = line.find_first_not_of(" \t\r", start);
    Field f;
    if (b == std::string::npos || b >= end) {
      f.col = int(start + 1);
    } else {
      size_t e = line.find_last_not_of(" \t\r", end - 1);
      f.text = line.substr(b, e - b + 1);
      f.col = int(b + 1);
    }
    out.push_back(f);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// One line of the run file, for locations and errors.
struct RunLine {
  const std::filesystem::path& file;
  int no = 0;
  config::Location at(int col) const { return {file.string(), no, col}; }
  [[noreturn]] void fail(int col, const std::string& msg) const {
    throw ConfigError(at(col).str() + ": " + msg);
  }
};

// Line N of PROGRAMS (from 0), trimmed, is program ID N.
std::vector<std::string> read_programs(const std::string& text) {
  std::vector<std::string> programs;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) programs.push_back(trim(line));
  return programs;
}

// The plugin of the program the ID field names.
std::shared_ptr<const plugin::Plugin> program_plugin(const RunLine& l, const Field& id_field,
                                                     const std::vector<std::string>& programs,
                                                     const std::filesystem::path& programs_file,
                                                     const plugin::Registry& plugins) {
  auto id = parse_number<int64_t>(id_field.text);
  if (!id || *id < 0)
    l.fail(id_field.col,
           "the ID must be a program line number (0, 1, ...), got '" + id_field.text + "'");
  if (size_t(*id) >= programs.size() || programs[size_t(*id)].empty())
    l.fail(id_field.col, "ID " + std::to_string(*id) + " names no program in " +
                             programs_file.string() + " (it has " +
                             std::to_string(programs.size()) + " lines, counted from 0)");
  const std::string& name = programs[size_t(*id)];
  auto plug = plugins.find(name);
  if (!plug)
    l.fail(id_field.col, "program '" + name + "' (line " + std::to_string(*id) + " of " +
                             programs_file.string() +
                             ") is not an fcbench plugin (available: " + plugins.names() + ")");
  return plug;
}

// The parameter `arg` sets: --param-name, or else the plugin's first.
const plugin::ParamDef& arg_param(const RunLine& l, const Field& id_field,
                                  const plugin::Plugin& plug, const std::string& param_name) {
  const std::string& name = plug.name();
  if (!param_name.empty()) {
    if (auto def = plug.find_param(param_name)) return *def;
    l.fail(id_field.col,
           "plugin '" + name + "' has no parameter '" + param_name + "' (--param-name)");
  }
  if (plug.params().empty())
    l.fail(id_field.col, "plugin '" + name + "' takes no parameters, so 'arg' has nowhere to go");
  return plug.params().front();
}

// `arg` checked against its parameter, in canonical text.
std::string arg_value(const RunLine& l, const plugin::ParamDef& def, const Field& arg) {
  try {
    return plugin::canonical_param(def, arg.text);
  } catch (const plugin::PluginError& e) {
    l.fail(arg.col, e.what());
  }
}

// gap_s, the seconds to sleep after the launch (0 without it).
double gap_seconds(const RunLine& l, const std::vector<Field>& f) {
  if (f.size() < 3) return 0;
  auto gap = parse_number<double>(f[2].text);
  if (!gap || *gap < 0)
    l.fail(f[2].col, "gap_s must be a number of seconds >= 0, got '" + f[2].text + "'");
  return *gap;
}

// The plugin with `param` set to `value` and every other parameter at its default.
json instance_params(const plugin::Plugin& plug, const std::string& param,
                     const std::string& value) {
  plugin::ParamMap given;
  given[param] = value;
  json out = json::object();
  for (auto& [pname, text] : plug.with_defaults(given)) {
    const plugin::ParamDef* d = plug.find_param(pname);
    out[pname] = typed_value(d->type, plugin::canonical_param(*d, text));
  }
  return out;
}

// The header's spec: what was converted, for the record.
json conversion_spec(const std::filesystem::path& run_file,
                     const std::filesystem::path& programs_file,
                     const std::vector<std::string>& programs, size_t instances,
                     const FcMicrobenchmarkOptions& opt) {
  json legacy = json::object();
  legacy["run_file"] = run_file.string();
  legacy["programs_file"] = programs_file.string();
  legacy["param_name"] = opt.param_name.empty() ? json(nullptr) : json(opt.param_name);
  legacy["programs"] = programs;
  json spec = json::object();
  spec["legacy"] = legacy;
  spec["instances"] = instances;
  spec["vm"] = json{{"vcpus", opt.vcpus}, {"mem_mib", opt.mem_mib}};
  return spec;
}

}  // namespace

Workload parse_fc_microbenchmark(const std::string& run_text, const std::filesystem::path& run_file,
                                 const std::string& programs_text,
                                 const std::filesystem::path& programs_file,
                                 const plugin::Registry& plugins,
                                 const FcMicrobenchmarkOptions& opt) {
  const std::vector<std::string> programs = read_programs(programs_text);
  Workload w;
  std::istringstream in(run_text);
  int64_t t_ns = 0;
  RunLine l{run_file};
  for (std::string line; std::getline(in, line);) {
    ++l.no;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto f = split_fields(line);
    if (f.size() < 2 || f.size() > 3)
      l.fail(1, "expected 'ID, arg' or 'ID, arg, gap_s', got '" + t + "'");
    auto plug = program_plugin(l, f[0], programs, programs_file, plugins);
    const plugin::ParamDef& def = arg_param(l, f[0], *plug, opt.param_name);
    std::string value = arg_value(l, def, f[1]);
    double gap = gap_seconds(l, f);

    Instance inst;
    inst.id = instance_id(w.instances.size() + 1);
    inst.arrival_ns = t_ns;
    inst.plugin = plug->name();
    inst.params = instance_params(*plug, def.name, value);
    inst.vcpus = opt.vcpus;
    inst.mem_mib = opt.mem_mib;
    inst.where = l.at(1);
    w.instances.push_back(std::move(inst));
    t_ns += int64_t(std::llround(gap * 1e9));
  }
  if (w.instances.empty())
    throw ConfigError(run_file.string() + ":1:1: the run file lists no launches");
  w.header = make_header(
      conversion_spec(run_file, programs_file, programs, w.instances.size(), opt), nullptr);
  return w;
}

Workload convert_fc_microbenchmark(const std::filesystem::path& run_file,
                                   const std::filesystem::path& programs_file,
                                   const plugin::Registry& plugins,
                                   const FcMicrobenchmarkOptions& opt) {
  for (auto& f : {run_file, programs_file}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec))
      throw UserError("legacy file not found: " + f.string(), 2);
  }
  return parse_fc_microbenchmark(read_file(run_file), run_file, read_file(programs_file),
                                 programs_file, plugins, opt);
}

}  // namespace fcbench::workload

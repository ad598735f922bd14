#include "workload/legacy.hpp"

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

}  // namespace

Workload parse_legacy(const std::string& run_text, const std::filesystem::path& run_file,
                      const std::string& programs_text, const std::filesystem::path& programs_file,
                      const plugin::Registry& plugins, const LegacyOptions& opt) {
  std::vector<std::string> programs;
  {
    std::istringstream in(programs_text);
    std::string line;
    while (std::getline(in, line)) programs.push_back(trim(line));
  }
  auto where = [&](int line, int col) { return config::Location{run_file.string(), line, col}; };
  auto fail = [&](int line, int col, const std::string& msg) {
    throw ConfigError(where(line, col).str() + ": " + msg);
  };

  Workload w;
  std::istringstream in(run_text);
  std::string line;
  int64_t t_ns = 0;
  uint64_t k = 0;
  for (int no = 1; std::getline(in, line); ++no) {
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto f = split_fields(line);
    if (f.size() < 2 || f.size() > 3)
      fail(no, 1, "expected 'ID, arg' or 'ID, arg, gap_s', got '" + t + "'");
    auto parsed_id = parse_number<int64_t>(f[0].text);
    if (!parsed_id || *parsed_id < 0)
      fail(no, f[0].col,
           "the ID must be a program line number (0, 1, ...), got '" + f[0].text + "'");
    const int64_t id = *parsed_id;
    if (size_t(id) >= programs.size() || programs[size_t(id)].empty())
      fail(no, f[0].col,
           "ID " + std::to_string(id) + " names no program in " + programs_file.string() +
               " (it has " + std::to_string(programs.size()) + " lines, counted from 0)");
    const std::string& name = programs[size_t(id)];
    auto plug = plugins.find(name);
    if (!plug)
      fail(no, f[0].col,
           "program '" + name + "' (line " + std::to_string(id) + " of " + programs_file.string() +
               ") is not an fcbench plugin (available: " + plugins.names() + ")");
    const plugin::ParamDef* def = nullptr;
    if (!opt.param_name.empty()) {
      def = plug->find_param(opt.param_name);
      if (!def)
        fail(no, f[0].col,
             "plugin '" + name + "' has no parameter '" + opt.param_name + "' (--param-name)");
    } else if (!plug->params().empty()) {
      def = &plug->params().front();
    } else {
      fail(no, f[0].col, "plugin '" + name + "' takes no parameters, so 'arg' has nowhere to go");
    }
    std::string value;
    try {
      value = plugin::canonical_param(*def, f[1].text);
    } catch (const plugin::PluginError& e) {
      fail(no, f[1].col, e.what());
    }
    double gap = 0;
    if (f.size() == 3) {
      auto g = parse_number<double>(f[2].text);
      if (!g || *g < 0)
        fail(no, f[2].col, "gap_s must be a number of seconds >= 0, got '" + f[2].text + "'");
      gap = *g;
    }

    Instance inst;
    inst.id = instance_id(++k);
    inst.arrival_ns = t_ns;
    inst.plugin = name;
    plugin::ParamMap given;
    given[def->name] = value;
    inst.params = json::object();
    for (auto& [pname, text] : plug->with_defaults(given)) {
      const plugin::ParamDef* d = plug->find_param(pname);
      inst.params[pname] = typed_value(d->type, plugin::canonical_param(*d, text));
    }
    inst.vcpus = opt.vcpus;
    inst.mem_mib = opt.mem_mib;
    inst.where = where(no, 1);
    w.instances.push_back(std::move(inst));
    t_ns += int64_t(std::llround(gap * 1e9));
  }
  if (w.instances.empty())
    throw ConfigError(run_file.string() + ":1:1: the run file lists no launches");

  json spec = json::object();
  json legacy = json::object();
  legacy["run_file"] = run_file.string();
  legacy["programs_file"] = programs_file.string();
  legacy["param_name"] = opt.param_name.empty() ? json(nullptr) : json(opt.param_name);
  legacy["programs"] = programs;
  spec["legacy"] = legacy;
  spec["instances"] = w.instances.size();
  spec["vm"] = json{{"vcpus", opt.vcpus}, {"mem_mib", opt.mem_mib}};
  w.header = make_header(spec, nullptr);
  return w;
}

Workload convert_legacy(const std::filesystem::path& run_file,
                        const std::filesystem::path& programs_file, const plugin::Registry& plugins,
                        const LegacyOptions& opt) {
  for (auto& f : {run_file, programs_file}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec))
      throw UserError("legacy file not found: " + f.string(), 2);
  }
  return parse_legacy(read_file(run_file), run_file, read_file(programs_file), programs_file,
                      plugins, opt);
}

}  // namespace fcbench::workload

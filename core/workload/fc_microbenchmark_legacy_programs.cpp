#include "workload/fc_microbenchmark_legacy_programs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <stdexcept>

#include "config/suite.hpp"
#include "plugin/param_text.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"

namespace fcbench::workload {

namespace {

// The prior tool's guest programs and what their one argument meant
// (fc-microbenchmark's src/ and openrc/init.d/run-workload-*).
constexpr std::array<LegacyProgram, 3> kTable = {{
    {"primenumber", "prime", "n", "count the primes below n"},
    {"dd-workload", "dd", "size_mib", "MiB written (dd bs=1M count=ARG)"},
    {"stream", "stream", "iterations", "passes over each kernel (STREAM's NTIMES)"},
}};

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

std::span<const LegacyProgram> legacy_program_table() {
  return kTable;
}

const LegacyProgram* find_legacy_program(std::string_view name) {
  auto it = std::ranges::find(kTable, name, &LegacyProgram::name);
  return it == kTable.end() ? nullptr : &*it;
}

ProgramList default_program_list() {
  ProgramList l;
  l.source = kDefaultProgramsSource;
  l.is_default = true;
  for (auto& p : kTable) l.names.emplace_back(p.name);
  return l;
}

ProgramList parse_program_list(const std::string& text, const std::string& source) {
  ProgramList l;
  l.source = source;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) l.names.push_back(trim(line));
  return l;
}

ProgramList load_program_list(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw UserError("legacy program list not found: " + file.string(), 2);
  return parse_program_list(read_file(file), file.string());
}

std::string describe(const ProgramList& list) {
  std::string s;
  for (size_t i = 0; i < list.names.size(); ++i) {
    if (list.names[i].empty()) continue;
    s += fmt::format("{}{} {}", s.empty() ? "" : ", ", i, list.names[i]);
  }
  return fmt::format("{} ({})", s.empty() ? "no programs" : s, list.source);
}

const std::string& program_name(const ProgramList& list, const std::string& id_text) {
  auto id = parse_number<int64_t>(id_text);
  if (!id || *id < 0)
    throw std::invalid_argument("the workload ID must be a program number (0, 1, ...), got '" +
                                id_text + "'; the programs are " + describe(list));
  if (size_t(*id) >= list.names.size() || list.names[size_t(*id)].empty())
    throw std::invalid_argument(
        fmt::format("workload ID {} names no program; the programs are {}", *id, describe(list)));
  return list.names[size_t(*id)];
}

ResolvedProgram resolve_program(const std::string& name, const plugin::Registry& plugins,
                                const std::string& param_name) {
  ResolvedProgram r;
  if (const LegacyProgram* row = find_legacy_program(name)) {
    r.plugin = plugins.find(std::string(row->plugin));
    if (!r.plugin)
      throw std::invalid_argument(fmt::format("program '{}' runs as fcbench plugin '{}': {}", name,
                                              row->plugin,
                                              plugins.unknown_plugin(std::string(row->plugin))));
    r.param = r.plugin->find_param(std::string(row->param));
    if (!r.param)
      throw std::invalid_argument(
          fmt::format("program '{}' sets parameter '{}' of plugin '{}', "
                      "which this version of the plugin does not have",
                      name, row->param, row->plugin));
    return r;
  }
  r.plugin = plugins.find(name);
  if (!r.plugin) {
    std::string known;
    for (auto& p : kTable) known += (known.empty() ? "" : ", ") + std::string(p.name);
    throw std::invalid_argument(fmt::format(
        "program '{}' is neither one of the prior tool's ({}) nor an fcbench plugin ({})", name,
        known, plugins.names()));
  }
  if (!param_name.empty()) {
    r.param = r.plugin->find_param(param_name);
    if (!r.param)
      throw std::invalid_argument("plugin '" + name + "' has no parameter '" + param_name +
                                  "' (--param-name)");
    return r;
  }
  if (r.plugin->params().empty())
    throw std::invalid_argument("plugin '" + name +
                                "' takes no parameters, so the argument has nowhere to go");
  r.param = &r.plugin->params().front();
  return r;
}

plugin::ParamMap program_params(const ResolvedProgram& p, const std::string& arg) {
  plugin::ParamMap given;
  given[p.param->name] = plugin::canonical_param(*p.param, arg);
  plugin::ParamMap out;
  for (auto& [name, text] : p.plugin->with_defaults(given))
    out[name] = plugin::canonical_param(*p.plugin->find_param(name), text);
  return out;
}

std::string workload_benchmark_name(const std::string& plugin, const plugin::ParamMap& params,
                                    uint32_t vcpus, uint32_t mem_mib) {
  std::string label;
  for (auto& [k, v] : params) label += (label.empty() ? "" : ",") + k + "=" + v;
  std::string name = plugin + "[" + label + "]";
  if (vcpus != config::kDefaultVcpus || mem_mib != config::kDefaultMemMib)
    name += fmt::format("@{}cpu/{}MiB", vcpus, mem_mib);
  return name;
}

}  // namespace fcbench::workload

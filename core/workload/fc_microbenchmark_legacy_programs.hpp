// The programs of fc-microbenchmark, the prior tool: its program list (a
// workload ID is a line number in it) and the one table that maps each of
// its program names to an fcbench plugin and the parameter its argument
// meant. `generate --from-legacy` and `import --legacy` both resolve
// programs here, so a converted run file and imported results agree.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/plugin.hpp"
#include "plugin/registry.hpp"

namespace fcbench::workload {

// The prior tool's VM: 1 vCPU and 128 MiB (its launch-firecracker.sh).
inline constexpr uint32_t kLegacyVcpus = 1, kLegacyMemMib = 128;

// One row of the mapping table.
struct LegacyProgram {
  std::string_view name;     // the prior tool's program name
  std::string_view plugin;   // the fcbench plugin that runs the same kind of work
  std::string_view param;    // the plugin parameter the argument sets
  std::string_view meaning;  // what the argument meant to the prior tool
};

// primenumber → prime.n, dd-workload → dd.size_mib, stream → stream.iterations.
std::span<const LegacyProgram> legacy_program_table();
// The table's row for `name`, or nullptr.
const LegacyProgram* find_legacy_program(std::string_view name);

// A program list: names[N] is program ID N ("" for a blank line, which keeps
// its number and names nothing).
struct ProgramList {
  std::string source;  // the file, or kDefaultProgramsSource
  bool is_default = false;
  std::vector<std::string> names;
};
inline constexpr const char* kDefaultProgramsSource = "the prior tool's default program list";

// primenumber, dd-workload, stream (IDs 0, 1, 2), as the prior tool shipped it.
ProgramList default_program_list();
// One name per line, trimmed; `source` names the list in messages.
ProgramList parse_program_list(const std::string& text, const std::string& source);
// The file's list; UserError (exit 2) if it cannot be read.
ProgramList load_program_list(const std::filesystem::path& file);
// "0 primenumber, 1 dd-workload, 2 stream (the prior tool's default program list)".
std::string describe(const ProgramList& list);

// The program name workload ID `id_text` names. Throws std::invalid_argument
// when it is not an ID (0, 1, ...) or names no program, naming the list.
const std::string& program_name(const ProgramList& list, const std::string& id_text);

// A program as fcbench runs it: the plugin, and the parameter its argument sets.
struct ResolvedProgram {
  std::shared_ptr<const plugin::Plugin> plugin;
  const plugin::ParamDef* param = nullptr;  // owned by plugin
};

// `name` as a row of the table, or else as an fcbench plugin whose argument
// sets `param_name` (empty: the plugin's first parameter). Throws
// std::invalid_argument saying what is missing.
ResolvedProgram resolve_program(const std::string& name, const plugin::Registry& plugins,
                                const std::string& param_name);

// Every parameter of the program's plugin in canonical text, with the
// argument's parameter set to `arg` and the rest at their defaults. Throws
// plugin::PluginError if `arg` does not fit the parameter's type.
plugin::ParamMap program_params(const ResolvedProgram& p, const std::string& arg);

// The benchmark name a workload run gives a configuration (as run/plan
// does): "prime[method=trial,n=1000]", plus "@<vcpus>cpu/<mem>MiB" unless
// the VM has the default 1 vCPU and 256 MiB.
std::string workload_benchmark_name(const std::string& plugin, const plugin::ParamMap& params,
                                    uint32_t vcpus, uint32_t mem_mib);

}  // namespace fcbench::workload

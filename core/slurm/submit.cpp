#include "slurm/submit.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace fcbench::slurm {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void bad(const std::string& what) {
  throw UserError("slurm submit: " + what, 2);
}

// Creates `dir` if missing and proves it writable by creating a file in it.
void require_writable_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    bad(fmt::format("the shared directory {} is not a directory", dir.string()));
  fs::create_directories(dir, ec);
  if (ec) bad(fmt::format("cannot create the shared directory {}: {}", dir.string(), ec.message()));
  const fs::path probe = dir / fmt::format(".fcbench-write-test-{}", ::getpid());
  try {
    write_file(probe, "");
  } catch (const UserError& e) {
    bad(fmt::format("the shared directory {} is not writable ({})", dir.string(), e.what()));
  }
  fs::remove(probe, ec);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

nlohmann::ordered_json metadata(const SubmitConfig& c, const std::string& job_id,
                                uint64_t instances) {
  return {{"job_id", job_id},
          {"shards", c.shards},
          {"start_at_ns", c.start_at_ns},
          {"workload", c.workload},
          {"instances", instances},
          {"shared_dir", c.shared_dir},
          {"fcbench", c.fcbench},
          {"fcbench_version", c.version},
          {"script", (fs::path(c.shared_dir) / kScriptName).string()}};
}

}  // namespace

void preflight(const SubmitConfig& c) {
  check_config(c);
  if (which("sbatch").empty())
    bad("sbatch is not on PATH: submit from a Slurm login node (or use --dry-run to see the "
        "script)");
  const fs::path dir(c.shared_dir);
  require_writable_dir(dir);
  for (uint32_t k = 0; k < c.shards; ++k)
    if (fs::exists(dir / fmt::format("shard-{}", k)))
      bad(fmt::format("{} already holds shard-{} from an earlier run: give a new --output",
                      dir.string(), k));
}

Submitted submit(const SubmitConfig& c, uint64_t instances) {
  const fs::path script = fs::path(c.shared_dir) / kScriptName;
  write_file_atomic(script, batch_script(c), 0755);
  const auto r = run_command(sbatch_argv(c, script.string()), std::chrono::seconds(120));
  const auto id = r.exit_code == 0 ? parse_job_id(r.output) : std::nullopt;
  if (!id)
    throw UserError(fmt::format("slurm submit: {} failed ({}):\n{}",
                                shell_quote(sbatch_argv(c, script.string())),
                                r.timed_out ? "no answer in 120 s"
                                : r.signal  ? fmt::format("signal {}", r.signal)
                                            : fmt::format("exit {}", r.exit_code),
                                trim(r.output)),
                    1);
  write_file_atomic(fs::path(c.shared_dir) / kMetaName, metadata(c, *id, instances).dump(2) + "\n");
  return {*id, script.string()};
}

std::string fcbench_version(const std::string& exe) {
  const auto r = run_command({exe, "--version"}, std::chrono::seconds(30));
  if (r.exit_code != 0)
    throw UserError(fmt::format("slurm submit: {} --version failed: {}", exe, trim(r.output)));
  return trim(r.output);
}

}  // namespace fcbench::slurm

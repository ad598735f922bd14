#include "slurm/script.hpp"

#include <fmt/format.h>

#include "util/error.hpp"

namespace fcbench::slurm {

namespace {

bool is_control(char ch) {
  const auto u = static_cast<unsigned char>(ch);
  return u < 0x20 || u == 0x7f;
}

// $'...' (bash ANSI-C quoting): control characters as \xHH, \ and ' escaped.
std::string ansi_c_quote(std::string_view word) {
  std::string out = "$'";
  for (char ch : word) {
    if (ch == '\\' || ch == '\'') {
      out += '\\';
      out += ch;
    } else if (is_control(ch)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(ch));
    } else {
      out += ch;
    }
  }
  return out + "'";
}

void require(bool ok, const std::string& what) {
  if (!ok) throw UserError("slurm submit: " + what, 2);
}

}  // namespace

std::string sh_quote(std::string_view word) {
  for (char ch : word)
    if (is_control(ch)) return ansi_c_quote(word);
  std::string out = "'";
  for (char ch : word) {
    if (ch == '\'')
      out += "'\\''";
    else
      out += ch;
  }
  return out + "'";
}

std::string sh_join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += sh_quote(w);
  }
  return out;
}

void check_config(const SubmitConfig& c) {
  require(c.shards >= 1, "--shards must be at least 1");
  require(c.shards <= 100000, "--shards must be at most 100000");
  for (const auto* p : {&c.fcbench, &c.workload, &c.shared_dir})
    require(!p->empty() && p->front() == '/', "internal: path '" + *p + "' is not absolute");
  require(!c.version.empty(), "internal: the fcbench version is unknown");
  for (const auto& a : c.sbatch_args)
    require(!a.empty() && a.front() == '-',
            "--sbatch-arg '" + a +
                "' is not an option: give one sbatch option per --sbatch-arg, its value after "
                "'=' (e.g. --sbatch-arg=--time=30)");
  require(c.partition.find_first_of("\n\r") == std::string::npos,
          "--partition must not contain a line break");
}

std::vector<std::string> sbatch_argv(const SubmitConfig& c, const std::string& script) {
  std::vector<std::string> argv{"sbatch", "--parsable", "--chdir=" + c.shared_dir};
  if (!c.partition.empty()) argv.push_back("--partition=" + c.partition);
  argv.insert(argv.end(), c.sbatch_args.begin(), c.sbatch_args.end());
  argv.push_back(script);
  return argv;
}

std::string merge_command(const SubmitConfig& c) {
  const std::string dir = sh_quote(c.shared_dir);
  return fmt::format("{} merge {}/shard-* -o {}/merged", sh_quote(c.fcbench), dir, dir);
}

namespace {

// Comments and #SBATCH directives. User words appear only in comments, each
// quoted onto one line; sbatch reads directives only from "#SBATCH" lines.
std::string script_header(const SubmitConfig& c) {
  std::string s = "#!/bin/bash\n";
  s += fmt::format("# fcbench slurm submit: {} shard(s) of {}\n", c.shards, sh_quote(c.workload));
  s += "# Submitted with (directory options stay on the command line):\n";
  s += "#   " + sh_join(sbatch_argv(c, c.shared_dir + "/" + kScriptName)) + "\n";
  s += fmt::format(
      "# Every task starts its arrivals at {} ns after the Unix epoch; a task that starts\n"
      "# later than that refuses to run (see --late-ok).\n",
      c.start_at_ns);
  s += "# Afterwards: " + merge_command(c) + "\n";
  s += "#SBATCH --job-name=fcbench\n";
  s += fmt::format("#SBATCH --array=0-{}\n", c.shards - 1);
  s += "#SBATCH --nodes=1\n#SBATCH --ntasks=1\n";
  if (c.exclusive) s += "#SBATCH --exclusive\n";
  s += "#SBATCH --output=slurm-%A_%a.out\n";
  return s;
}

}  // namespace

std::string batch_script(const SubmitConfig& c) {
  check_config(c);
  std::string s = script_header(c);
  s += "set -euo pipefail\n\n";
  s += "fcbench=" + sh_quote(c.fcbench) + "\n";
  s += "expected_version=" + sh_quote(c.version) + "\n";
  s += "shared_dir=" + sh_quote(c.shared_dir) + "\n";
  s += fmt::format("shards={}\n", c.shards);
  s += "task=\"${SLURM_ARRAY_TASK_ID:?is not set: submit this script with sbatch}\"\n";
  s += "where=\"fcbench slurm task $task on $(hostname)\"\n\n";
  s += "# Every task must run the fcbench the job was submitted with.\n";
  s += "if ! version=\"$(\"$fcbench\" --version 2>&1)\"; then\n";
  s += "  echo \"$where: $fcbench --version failed: $version\" >&2\n  exit 2\nfi\n";
  s += "if [ \"$version\" != \"$expected_version\" ]; then\n";
  s += "  echo \"$where: $fcbench is '$version', but the job was submitted with\" \\\n";
  s += "    \"'$expected_version': install the same fcbench on every node\" >&2\n";
  s += "  exit 2\nfi\n\n";
  s += "exec \"$fcbench\" run --workload " + sh_quote(c.workload) +
       " --shard \"$task/$shards\" \\\n";
  s += fmt::format("  --start-at {} --output \"$shared_dir/shard-$task\"", c.start_at_ns);
  if (!c.run_args.empty()) s += " \\\n  " + sh_join(c.run_args);
  return s + "\n";
}

std::optional<std::string> parse_job_id(std::string_view output) {
  // The last non-empty line: sbatch may print warnings before it.
  while (!output.empty() && (output.back() == '\n' || output.back() == ' '))
    output.remove_suffix(1);
  if (const auto nl = output.rfind('\n'); nl != std::string_view::npos)
    output.remove_prefix(nl + 1);
  const std::string_view id = output.substr(0, output.find(';'));
  if (id.empty() || id.size() > 20) return std::nullopt;
  for (char ch : id)
    if (ch < '0' || ch > '9') return std::nullopt;
  return std::string(id);
}

}  // namespace fcbench::slurm

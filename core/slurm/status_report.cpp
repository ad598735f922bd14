// print_status: queries squeue, sacct and scontrol by argv and reads the
// shard directories.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "slurm/script.hpp"
#include "slurm/status.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace fcbench::slurm {

namespace fs = std::filesystem;

namespace {

struct Sources {
  TaskStates squeue, sacct, scontrol;
  std::string workdir;
  bool accounting = false;
};

// The command's output if it ran and exited 0.
std::optional<std::string> output_of(const std::vector<std::string>& argv) {
  if (which(argv[0]).empty()) return std::nullopt;
  const auto r = run_command(argv, std::chrono::seconds(60));
  if (r.exit_code != 0) return std::nullopt;
  return r.output;
}

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

Sources query(const std::string& id) {
  Sources s;
  // --states=all: also the tasks that ended, while slurmctld remembers them.
  const std::vector<std::string> squeue{"squeue", "--noheader", "--states=all", "--jobs=" + id};
  auto with = [&](std::vector<std::string> argv, std::string arg) {
    argv.push_back(std::move(arg));
    return argv;
  };
  if (auto o = output_of(with(with(squeue, "--array"), "--format=%K|%T|%M|%N")))
    s.squeue = parse_squeue(*o);
  if (auto o = output_of(with(squeue, "--format=%Z"))) s.workdir = first_line(*o);
  if (auto o = output_of({"sacct", "--noheader", "--parsable2", "--allocations", "--jobs=" + id,
                          "--format=JobID,State,ExitCode,Elapsed,NodeList"})) {
    s.accounting = true;
    s.sacct = parse_sacct(*o);
  }
  if (auto o = output_of({"scontrol", "--oneliner", "show", "job", id}))
    s.scontrol = parse_scontrol(*o);
  return s;
}

// squeue's state wins (the newest); sacct, then scontrol, add exit codes
// and the tasks squeue no longer shows.
TaskStates merged(const Sources& s) {
  TaskStates out = s.squeue;
  for (const auto* src : {&s.sacct, &s.scontrol})
    for (const auto& [k, st] : *src) {
      auto [it, added] = out.try_emplace(k, st);
      if (!added && it->second.exit_code.empty()) it->second.exit_code = st.exit_code;
    }
  return out;
}

nlohmann::json read_meta(const std::string& dir) {
  const fs::path p = fs::path(dir) / kMetaName;
  if (dir.empty() || !fs::exists(p)) return nlohmann::json::object();
  const auto j = nlohmann::json::parse(read_file(p), nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

std::string records_cell(const std::string& dir, uint64_t instances, uint32_t n, uint32_t k) {
  if (dir.empty()) return "-";
  const auto r = shard_records((fs::path(dir) / fmt::format("shard-{}", k)).string());
  if (!r.exists) return "none";
  const std::string of = instances ? fmt::format("/{}", shard_size(instances, n, k)) : "";
  return fmt::format("{}{} records, {} ok", r.records, of, r.ok);
}

// The task table; returns whether some task is still queued or running.
bool print_tasks(const TaskStates& tasks, const std::string& dir, uint64_t instances, uint32_t n) {
  static const std::set<std::string> live{"PENDING",    "RUNNING",   "CONFIGURING",
                                          "COMPLETING", "SUSPENDED", "REQUEUED"};
  fmt::print("{:>5}  {:<12} {:<6} {:<12} {:<14} {}\n", "task", "state", "exit", "elapsed", "node",
             "records");
  bool running = false;
  for (const auto& [k, st] : tasks) {
    running = running || live.count(st.state);
    fmt::print("{:>5}  {:<12} {:<6} {:<12} {:<14} {}\n", k, st.state, st.exit_code, st.elapsed,
               st.node, records_cell(dir, instances, n, k));
  }
  return running;
}

}  // namespace

int print_status(const StatusOptions& opt) {
  if (opt.job_id.empty() || opt.job_id.find_first_not_of("0123456789") != std::string::npos)
    throw UserError("slurm status: JOBID must be a number, got '" + opt.job_id + "'", 2);
  if (which("squeue").empty()) throw UserError("slurm status: squeue is not on PATH", 2);
  const Sources src = query(opt.job_id);
  const std::string dir = opt.shared_dir.empty() ? src.workdir : opt.shared_dir;
  const auto meta = read_meta(dir);
  const uint32_t n = meta.value("shards", 0u);
  const uint64_t instances = meta.value("instances", uint64_t(0));
  TaskStates tasks = merged(src);
  if (tasks.empty() && n == 0)
    throw UserError(fmt::format("slurm status: Slurm knows no job {}{}", opt.job_id,
                                opt.shared_dir.empty() ? " (--output SHARED_DIR reads its shards)"
                                                       : " and DIR has no fcbench-slurm.json"),
                    2);
  for (uint32_t k = 0; k < n; ++k) tasks.try_emplace(k, TaskState{"unknown", "", "", "", ""});
  fmt::print("job {}: {} task(s)", opt.job_id, tasks.size());
  if (meta.contains("workload"))
    fmt::print(" of {} ({} instances)", meta["workload"].get<std::string>(), instances);
  fmt::print("\n");
  if (!dir.empty()) fmt::print("shared directory: {}\n", dir);
  const bool running = print_tasks(tasks, dir, instances, n ? n : uint32_t(tasks.size()));
  if (!src.accounting)
    fmt::print(
        "accounting is off: Slurm forgets an ended task after MinJobAge ('unknown' here); "
        "its records stay in its shard directory\n");
  if (!running && meta.contains("fcbench"))
    fmt::print("every task has ended; merge with:\n  {} merge {}/shard-* -o {}/merged\n",
               sh_quote(meta["fcbench"].get<std::string>()), sh_quote(dir), sh_quote(dir));
  return 0;
}

}  // namespace fcbench::slurm

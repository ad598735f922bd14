#include "run/stale.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "host/cgroup.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"
#include "util/line_file.hpp"

namespace fcbench::run {

std::optional<ProcStat> proc_stat(pid_t pid) {
  const std::string text = read_file_or_empty("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = text.rfind(')');  // the command name may hold spaces
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream rest(text.substr(paren + 2));  // field 3 onwards
  std::string field;
  ProcStat st;
  for (int n = 3; n <= 22 && rest >> field; ++n) {
    if (n == 3) st.state = field[0];
    if (n == 4) st.ppid = pid_t(std::stol(field));
    if (n == 22) st.start_time = std::stoull(field);
  }
  if (!st.start_time) return std::nullopt;
  return st;
}

PidLog::PidLog(const std::filesystem::path& file) {
  try {
    out_ = std::make_unique<LineFile>(file);
  } catch (const std::exception&) {  // best effort, as each line is
  }
}

PidLog::~PidLog() = default;

void PidLog::record(const std::string& id, pid_t pid) {
  auto st = proc_stat(pid);
  if (!out_ || !st) return;  // best effort: it never fails an instance
  const std::string line =
      nlohmann::json{
          {"id", id}, {"pid", pid}, {"start_time", st->start_time}, {"fcbench_pid", ::getpid()}}
          .dump() +
      "\n";
  out_->append(line);  // whole or not at all: a torn line would hide the next one
}

namespace {

// A recorded process that is still the same one, neither recycled nor dead.
bool same_alive(const nlohmann::json& j) {
  auto st = proc_stat(j.at("pid").get<pid_t>());
  return st && st->state != 'Z' && st->start_time == j.at("start_time").get<uint64_t>();
}

// Signals the recorded group if it is a dead run's: its leader is gone (a
// pgid in use is never given to a new process, so the group is still
// ours) or is the same process, no longer fcbench's child. True if sent.
bool end_group(const nlohmann::json& j) {
  const pid_t pid = j.at("pid").get<pid_t>();
  auto st = proc_stat(pid);
  if (st && st->start_time != j.at("start_time").get<uint64_t>()) return false;  // recycled
  if (st && st->state != 'Z' && st->ppid == j.value("fcbench_pid", pid_t(0))) return false;
  const bool group = ::kill(-pid, SIGKILL) == 0;  // a payload's children too
  const bool leader = st && st->state != 'Z' && ::kill(pid, SIGKILL) == 0;
  return group || leader;
}

// The dead run's cgroups: what they still hold (even a process that left
// its process group) is killed, and they are removed.
void end_stale_cgroups(const std::set<pid_t>& owners) {
  if (owners.empty()) return;
  const host::Cgroups cgroups(host::detect_cgroups(), ::getpid());
  if (!cgroups.usable()) return;
  for (pid_t owner : owners)
    if (auto ended = cgroups.end_groups_of(owner); !ended.empty())
      fmt::print(stderr, "resume: ended the cgroup(s) left by the earlier run: {}\n",
                 fmt::join(ended, ", "));
}

}  // namespace

size_t end_stale_processes(const std::filesystem::path& dir) {
  std::ifstream in(dir / "pids.jsonl");
  std::vector<nlohmann::json> killed;
  std::set<pid_t> owners;  // the dead run's fcbench pids
  for (std::string line; std::getline(in, line);) {
    try {
      auto j = nlohmann::json::parse(line);
      if (j.value("fcbench_pid", pid_t(0)) > 0) owners.insert(j["fcbench_pid"].get<pid_t>());
      if (!end_group(j)) continue;
      fmt::print(stderr, "resume: ended the processes of {} (pid {}) left by the earlier run\n",
                 j.value("id", std::string("?")), j.at("pid").get<pid_t>());
      killed.push_back(std::move(j));
    } catch (const std::exception&) {  // a line cut short by SIGKILL
    }
  }
  const int64_t deadline = now_ns() + 2'000'000'000;
  for (auto& j : killed)  // gone before a disk of theirs is reused
    while (same_alive(j) && now_ns() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  end_stale_cgroups(owners);
  return killed.size();
}

}  // namespace fcbench::run

#include "slurm/status.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "slurm/script.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/number.hpp"
#include "util/process.hpp"

namespace fcbench::slurm {

namespace fs = std::filesystem;

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    const size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::vector<std::string_view> lines(std::string_view s) {
  std::vector<std::string_view> out;
  for (auto l : split(s, '\n')) {
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.remove_suffix(1);
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

void put(TaskStates& out, std::string_view indices, const TaskState& st) {
  for (uint32_t k : parse_indices(indices)) out[k] = st;
}

}  // namespace

std::vector<uint32_t> parse_indices(std::string_view text) {
  if (!text.empty() && text.front() == '[') text.remove_prefix(1);
  if (!text.empty() && text.back() == ']') text.remove_suffix(1);
  text = text.substr(0, text.find('%'));  // "%4": the array's task limit
  std::vector<uint32_t> out;
  for (auto part : split(text, ',')) {
    const auto dash = part.find('-');
    const auto lo = parse_number<uint32_t>(std::string(part.substr(0, dash)));
    const auto hi = dash == std::string_view::npos
                        ? lo
                        : parse_number<uint32_t>(std::string(part.substr(dash + 1)));
    if (!lo || !hi || *hi < *lo || *hi - *lo > 1000000) return {};
    for (uint32_t k = *lo; k <= *hi; ++k) out.push_back(k);
  }
  return out;
}

TaskStates parse_squeue(std::string_view output) {
  TaskStates out;
  for (auto l : lines(output)) {
    const auto f = split(l, '|');
    if (f.size() < 4) continue;
    put(out, f[0], {std::string(f[1]), "", std::string(f[2]), std::string(f[3]), "squeue"});
  }
  return out;
}

TaskStates parse_sacct(std::string_view output) {
  TaskStates out;
  for (auto l : lines(output)) {
    const auto f = split(l, '|');
    const auto us = f[0].find('_');
    if (f.size() < 5 || us == std::string_view::npos || f[0].find('.') != std::string_view::npos)
      continue;
    // "CANCELLED by 0" → CANCELLED
    const std::string state(f[1].substr(0, f[1].find(' ')));
    put(out, f[0].substr(us + 1),
        {state, std::string(f[2]), std::string(f[3]), std::string(f[4]), "sacct"});
  }
  return out;
}

namespace {

// KEY=VALUE words of one `scontrol --oneliner` line.
std::map<std::string, std::string> scontrol_fields(std::string_view line) {
  std::map<std::string, std::string> out;
  for (auto w : split(line, ' ')) {
    const auto eq = w.find('=');
    if (eq != std::string_view::npos && eq > 0)
      out.emplace(std::string(w.substr(0, eq)), std::string(w.substr(eq + 1)));
  }
  return out;
}

}  // namespace

TaskStates parse_scontrol(std::string_view output) {
  TaskStates out;
  for (auto l : lines(output)) {
    auto f = scontrol_fields(l);
    if (!f.count("ArrayTaskId") || !f.count("JobState")) continue;
    const auto& node = f["NodeList"] == "(null)" ? std::string() : f["NodeList"];
    put(out, f["ArrayTaskId"], {f["JobState"], f["ExitCode"], f["RunTime"], node, "scontrol"});
  }
  return out;
}

ShardRecords shard_records(const std::string& shard_dir) {
  ShardRecords r;
  std::ifstream in(fs::path(shard_dir) / "results.jsonl");
  if (!in) return r;
  r.exists = true;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    ++r.records;
    if (j.value("status", "") == "ok") ++r.ok;
  }
  return r;
}

uint64_t shard_size(uint64_t instances, uint32_t n, uint32_t k) {
  if (n == 0 || k >= instances) return 0;
  return (instances - k + n - 1) / n;
}

}  // namespace fcbench::slurm

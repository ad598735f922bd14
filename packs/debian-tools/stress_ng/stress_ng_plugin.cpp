// stress_ng: runs Debian's stress-ng with --metrics --yaml and reports the
// bogo-ops/s of each stressor (wall-clock and per CPU second).
#include <algorithm>
#include <cstdlib>
#include <fcbench/plugin.hpp>
#include <map>
#include <string>
#include <vector>

namespace sdk = fcbench::sdk;

namespace {

constexpr const char* kYaml = "stress-ng.yaml";  // in the working directory (the write disk)
constexpr size_t kMaxStressors = 8;

struct Settings {
  std::vector<std::string> stressors;
  int64_t workers, ops, timeout_s;
};

std::string range_error(const std::string& param, int64_t lo, int64_t hi, int64_t got) {
  return "parameter " + param + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
         "], got " + std::to_string(got);
}

// "cpu,vm" -> {"cpu", "vm"}; names are lower-case letters, digits and '-'.
std::vector<std::string> stressor_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string name = text.substr(start, comma - start);
    bool ok = !name.empty() && name[0] != '-' &&
              name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
    if (!ok)
      throw sdk::Error(
          "parameter stressor must be stress-ng stressor names separated by commas "
          "(e.g. cpu or cpu,vm), got '" +
          text + "'");
    if (std::find(out.begin(), out.end(), name) != out.end())
      throw sdk::Error("parameter stressor names '" + name + "' twice");
    out.push_back(name);
    start = comma + 1;
  }
  if (out.size() > kMaxStressors)
    throw sdk::Error("parameter stressor names more than " + std::to_string(kMaxStressors) +
                     " stressors");
  return out;
}

Settings checked(const sdk::Params& p) {
  Settings s{stressor_list(p.str("stressor")), p.integer("workers"), p.integer("ops"),
             p.integer("timeout_s")};
  if (s.workers < 1 || s.workers > 64) throw sdk::Error(range_error("workers", 1, 64, s.workers));
  if (s.ops < 0 || s.ops > 1'000'000'000)
    throw sdk::Error(range_error("ops", 0, 1'000'000'000, s.ops));
  if (s.timeout_s < 1 || s.timeout_s > 86400)
    throw sdk::Error(range_error("timeout_s", 1, 86400, s.timeout_s));
  return s;
}

using Entry = std::map<std::string, std::string>;

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// The "metrics:" list of stress-ng's YAML, one map per "- stressor:" entry.
// stress-ng ends the document with "...": without it the file is truncated.
std::vector<Entry> metrics_section(std::string_view yaml) {
  std::vector<Entry> entries;
  bool in_metrics = false, ended = false;
  while (!yaml.empty()) {
    size_t eol = yaml.find('\n');
    std::string_view raw = yaml.substr(0, eol);
    yaml = eol == std::string_view::npos ? std::string_view() : yaml.substr(eol + 1);
    std::string line = trim(raw);
    if (line == "...") ended = true;
    if (line.empty() || line == "...") continue;
    if (raw[0] != ' ') {  // a top-level key
      in_metrics = line == "metrics:";
      continue;
    }
    if (!in_metrics) continue;
    if (line.rfind("- ", 0) == 0) {
      entries.emplace_back();
      line = trim(line.substr(2));
    } else if (entries.empty()) {
      throw sdk::Error("stress-ng YAML: metrics: line '" + line + "' is outside an entry");
    }
    size_t colon = line.find(": ");
    if (colon == std::string::npos)
      throw sdk::Error("stress-ng YAML: metrics: line '" + line + "' is not 'key: value'");
    entries.back()[line.substr(0, colon)] = trim(line.substr(colon + 2));
  }
  if (!ended) throw sdk::Error("stress-ng YAML is truncated (no final '...' line)");
  return entries;
}

double entry_number(const Entry& e, const std::string& stressor, const std::string& key) {
  auto it = e.find(key);
  if (it == e.end()) throw sdk::Error("stress-ng YAML: stressor " + stressor + " has no " + key);
  char* end = nullptr;
  double v = std::strtod(it->second.c_str(), &end);
  if (it->second.empty() || *end != '\0' || !(v - v == 0) || v < 0)
    throw sdk::Error("stress-ng YAML: stressor " + stressor + " has a bad " + key + ": '" +
                     it->second + "'");
  return v;
}

}  // namespace

struct StressNg {
  static sdk::Info info() {
    return {
        "stress_ng",
        "1.0.0",
        "stress-ng stressors: bogo-ops/s per stressor (wall clock and per CPU second)",
        {{"stressor", sdk::ParamType::String, "cpu",
          "stressor name, or several separated by commas (run together)"},
         {"workers", sdk::ParamType::Int, "1", "workers per stressor (1 to 64)"},
         {"ops", sdk::ParamType::Int, "0", "stop each worker after this many bogo-ops (0: none)"},
         {"timeout_s", sdk::ParamType::Int, "5", "stop after this many seconds (1 to 86400)"}},
        {sdk::PayloadFile::host_binary("stress-ng", "/usr/bin/stress-ng")}};
  }

  sdk::Job job(const sdk::Params& p) {
    Settings s = checked(p);
    sdk::Job j;
    j.argv = {"/usr/bin/stress-ng"};
    for (auto& name : s.stressors) {
      j.argv.push_back("--" + name);
      j.argv.push_back(std::to_string(s.workers));
      if (s.ops > 0) {
        j.argv.push_back("--" + name + "-ops");
        j.argv.push_back(std::to_string(s.ops));
      }
    }
    j.argv.insert(j.argv.end(),
                  {"--timeout", std::to_string(s.timeout_s) + "s", "--metrics", "--yaml", kYaml});
    j.result_files = {kYaml};
    j.requirements = {1, 128, 64};
    return j;
  }

  std::vector<sdk::Metric> parse(const sdk::Output& out) {
    sdk::require_success(out);
    Settings s = checked(out.params);
    auto yaml = out.file(kYaml);
    if (!yaml || yaml->empty()) throw sdk::Error(std::string("stress-ng wrote no ") + kYaml);
    std::map<std::string, Entry> by_name;
    for (auto& e : metrics_section(*yaml))
      if (e.count("stressor")) by_name[e["stressor"]] = e;
    std::vector<sdk::Metric> m;
    for (auto& name : s.stressors) {
      auto it = by_name.find(name);
      if (it == by_name.end())
        throw sdk::Error("stress-ng YAML has no metrics for stressor " + name);
      if (entry_number(it->second, name, "bogo-ops") <= 0)
        throw sdk::Error("stress-ng stressor " + name + " did no bogo-ops (skipped in the guest?)");
      m.push_back({name + "_bogo_ops_per_s",
                   entry_number(it->second, name, "bogo-ops-per-second-real-time"), "bogo-ops/s",
                   sdk::Better::Higher});
      m.push_back({name + "_bogo_ops_per_cpu_s",
                   entry_number(it->second, name, "bogo-ops-per-second-usr-sys-time"), "bogo-ops/s",
                   sdk::Better::Higher});
    }
    return m;
  }
};

FCBENCH_PLUGIN(StressNg)

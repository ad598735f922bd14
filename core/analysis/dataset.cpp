#include "analysis/dataset.hpp"

#include <fmt/format.h>

#include <fstream>
#include <thread>

#include "analysis/dataset_builder.hpp"
#include "analysis/jsonl_reader.hpp"
#include "analysis/record_view.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/json.hpp"

namespace fcbench::analysis {

namespace fs = std::filesystem;

namespace {

void load_host(const fs::path& file, Dataset& d) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  read_jsonl(file, [&](const JsonlLine& line) {
    try {
      d.host.push_back(host::host_sample_from_json(nlohmann::json::parse(line.text)));
    } catch (const std::exception& e) {
      if (line.torn)
        d.warnings.push_back(
            fmt::format("{}:{}: torn last line skipped", file.string(), line.number));
      else
        throw UserError(
            fmt::format("{}:{}:1: invalid host sample: {}", file.string(), line.number, e.what()),
            2);
    }
  });
}

constexpr uint64_t kParallelBytes = 32 << 20;  // smaller files are read by one thread

// A malformed line of one range: its number within the range and "COL: why".
struct LineError {
  size_t line = 0;
  std::string what;
};

struct Part {
  Dataset data;      // the records of every range but the first
  size_t lines = 0;  // lines seen in the range
  std::optional<LineError> error;
  bool torn = false;           // its last line was cut short, and skipped
  std::exception_ptr failure;  // e.g. the file could not be read
};

// Parses one range of results.jsonl into `b`'s dataset.
void parse_range(const fs::path& file, uint64_t begin, uint64_t end, DatasetBuilder& b,
                 Part& part) {
  try {
    RecordParser parser;
    RecordView r;
    bool first = true;
    part.lines = read_jsonl_range(file, begin, end, [&](const JsonlLine& line) {
      if (part.error) return;
      if (first) b.expect((end - begin) / std::max<size_t>(line.text.size(), 1));
      first = false;
      if (auto err = parser.parse(line, r)) {
        if (!line.torn)
          part.error = LineError{line.number, *err};
        else
          part.torn = true;
        return;
      }
      b.add(r);
    });
  } catch (...) {
    part.failure = std::current_exception();
  }
}

// Ranges after the first go to their own datasets, parsed in parallel,
// then appended in file order.
void load_results(const fs::path& file, DatasetBuilder& b, Dataset& d) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw UserError(fmt::format("{}: no results.jsonl here (is it a results directory? `fcbench "
                                "run` writes one)",
                                file.parent_path().string()),
                    2);
  const uint64_t size = fs::file_size(file, ec);
  const size_t threads =
      size < kParallelBytes ? 1 : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  const std::vector<uint64_t> cuts = split_lines(file, threads);
  std::vector<Part> parts(cuts.size() - 1);
  std::vector<std::unique_ptr<DatasetBuilder>> builders;
  std::vector<std::thread> workers;
  for (size_t i = 1; i < parts.size(); ++i) {
    builders.push_back(std::make_unique<DatasetBuilder>(parts[i].data));
    workers.emplace_back(parse_range, file, cuts[i], cuts[i + 1], std::ref(*builders.back()),
                         std::ref(parts[i]));
  }
  const size_t before = d.instances.size();
  parse_range(file, cuts[0], cuts[1], b, parts[0]);
  for (auto& w : workers) w.join();
  size_t lines_before = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    Part& p = parts[i];
    if (p.failure) std::rethrow_exception(p.failure);
    if (p.error)
      throw UserError(
          fmt::format("{}:{}:{}", file.string(), lines_before + p.error->line, p.error->what), 2);
    if (i > 0) b.append(std::move(p.data));
    if (p.torn)  // the torn line's number, counted over every range
      d.warnings.push_back(fmt::format("{}:{}: torn last line skipped (the run was cut short?)",
                                       file.string(), lines_before + p.lines));
    lines_before += p.lines;
  }
  if (d.instances.size() == before)
    throw UserError(
        fmt::format("{}: no records (the run ended before its first instance?)", file.string()), 2);
}

// The directory's own baseline.json, else the one its run compared against
// (summary.json's slowdown.baseline), when it still exists.
std::optional<results::Baseline> find_baseline(const fs::path& dir, Dataset& d) {
  std::error_code ec;
  if (fs::exists(dir / "baseline.json", ec)) return results::load_baseline(dir / "baseline.json");
  const nlohmann::json& s = d.summary;
  if (!s.is_object() || !s.contains("slowdown") || !s["slowdown"].is_object()) return std::nullopt;
  auto path = s["slowdown"].value("baseline", "");
  if (path.empty()) return std::nullopt;
  if (!fs::exists(path, ec)) {
    d.warnings.push_back(
        fmt::format("{}: the run's baseline {} is gone; no slowdown", dir.string(), path));
    return std::nullopt;
  }
  return results::load_baseline(path);
}

}  // namespace

Dataset load(const std::vector<fs::path>& dirs) {
  if (dirs.empty()) throw UserError("no results directory given", 2);
  Dataset d;
  DatasetBuilder builder(d);
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw UserError(fmt::format("{}: no such results directory", dir.string()), 2);
    d.dirs.push_back(dir);
    load_results(dir / "results.jsonl", builder, d);
    d.envs.push_back(optional_json_file(dir / "env.json"));
    if (d.summary.is_null()) d.summary = optional_json_file(dir / "summary.json");
    load_host(dir / "host.jsonl", d);
    if (!d.baseline) d.baseline = find_baseline(dir, d);
  }
  d.env = d.envs.front();
  builder.finish();
  return d;
}

}  // namespace fcbench::analysis

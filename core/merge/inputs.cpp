#include "merge/inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace fcbench::merge {

namespace {

// Every line of a JSON Lines file; a torn last line (a run cut short) is
// skipped with a warning, any other bad line is an error.
template <class F>
void each_line(const fs::path& file, std::vector<std::string>& warnings, F&& f) {
  const std::string text = read_file(file);
  size_t line = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view l(text.data() + at, end - at);
    ++line;
    const bool last = end == text.size();  // no newline after it
    at = end + 1;
    if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(l);
    } catch (const nlohmann::json::parse_error& e) {
      if (last) {
        warnings.push_back(fmt::format("{}:{}: torn last line skipped (the run was cut short?)",
                                       file.string(), line));
        return;
      }
      throw UserError(fmt::format("{}:{}:{}: invalid JSON: {}", file.string(), line,
                                  std::max<size_t>(1, e.byte), e.what()),
                      2);
    } catch (const nlohmann::json::out_of_range& e) {  // a number too large for a double
      const auto o = json_overflow(l, e.what());
      throw UserError(fmt::format("{}:{}:{}: invalid JSON: number {} is too large", file.string(),
                                  line, o.at == std::string_view::npos ? 1 : o.at + 1, o.number),
                      2);
    }
    f(j, line);
  }
}

}  // namespace

Input read_input(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UserError(fmt::format("{}: no such results directory", dir.string()), 2);
  Input in;
  in.dir = dir;
  in.run = run::read_run_file(dir);
  if (in.run.src.kind == "baseline")
    throw UserError(
        fmt::format("{}: a baseline run; merge takes runs of one workload", dir.string()), 2);
  if (!fs::exists(dir / "workload.jsonl", ec))
    throw UserError(fmt::format("{}: no workload.jsonl: merge takes runs of a workload "
                                "(fcbench run --workload), not of a plain suite",
                                dir.string()),
                    2);
  in.workload_sha256 = Sha256().add_file(dir / "workload.jsonl").hex();
  const fs::path results = dir / "results.jsonl";
  if (fs::exists(results, ec))
    each_line(results, in.warnings, [&](const nlohmann::json& j, size_t line) {
      try {
        in.records.push_back({results::from_json(j), line});
      } catch (const std::exception& e) {
        throw UserError(fmt::format("{}:{}:1: {}", results.string(), line, e.what()), 2);
      }
    });
  if (fs::exists(dir / "starts.jsonl", ec))
    each_line(dir / "starts.jsonl", in.warnings,
              [&](const nlohmann::json& j, size_t) { in.starts.push_back(j); });
  in.env = optional_json_file(dir / "env.json");
  if (in.env.is_object() && in.env.contains("fcbench") && in.env["fcbench"].is_object())
    in.fcbench_version = in.env["fcbench"].value("version", "");
  return in;
}

}  // namespace fcbench::merge

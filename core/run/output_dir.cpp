#include "run/output_dir.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "util/error.hpp"

namespace fcbench::run {

namespace {

namespace fs = std::filesystem;

// Everything fcbench writes into a results directory (and a merge's OUT).
const std::set<std::string>& run_files() {
  static const std::set<std::string> names = {
      "baseline", "baseline.json", "env",          "env.json",      "host.jsonl",
      "hosts",    "instances",     "logs",         "results.jsonl", "results.superseded.jsonl",
      "run.json", "starts.jsonl",  "summary.json", "workload.jsonl"};
  return names;
}

bool holds_results(const fs::path& dir) {
  std::error_code ec;
  const auto size = fs::file_size(dir / "results.jsonl", ec);
  return !ec && size > 0;
}

}  // namespace

std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& name : run_files())
    if (fs::exists(dir / name, ec) && !fs::is_empty(dir / name, ec)) out.push_back(name);
  return out;
}

DirLock claim_output(const fs::path& out, bool force) {
  DirLock lock = DirLock::make(out, "wait for that run to end, or choose another --output");
  if (holds_results(out))
    throw UserError(out.string() + " already holds results; choose another --output, or " +
                        "`fcbench run --resume " + out.string() + "` to finish that run",
                    2);
  const auto left = leftovers(out);
  if (left.empty()) return lock;
  if (!force)
    throw UserError(fmt::format("{} holds files of an earlier fcbench run but no results ({}); "
                                "a new run would overwrite them: add --force to replace them, "
                                "or choose another --output",
                                out.string(), fmt::join(left, ", ")),
                    2);
  for (const auto& name : left) fs::remove_all(out / name);
  return lock;
}

DirLock lock_for_resume(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  return DirLock(dir,
                 "its run is still going: --resume is for a run that has ended (stop that one "
                 "first, with Ctrl-C or kill -INT)");
}

}  // namespace fcbench::run

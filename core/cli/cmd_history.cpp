// fcbench history list|show|export: the runs registered in the history DB
// ($FCBENCH_HISTORY, else $XDG_DATA_HOME/fcbench/history.db, else
// ~/.local/share/fcbench/history.db).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "history/export.hpp"
#include "history/path.hpp"
#include "history/ref.hpp"
#include "history/store.hpp"
#include "history/view.hpp"
#include "util/error.hpp"

namespace fcbench::cli {

namespace {

constexpr const char* kHistoryUsage =
    "usage: fcbench history list [--suite S] [--limit N]   the registered runs, newest first\n"
    "       fcbench history show REF                     a run's facts and group statistics\n"
    "       fcbench history export [--format influx|openmetrics] [REF...]\n"
    "                                                    statistics for InfluxDB/Prometheus\n"
    "REF: a run id, last, last~N (N runs before the last), or a results directory.\n"
    "The history DB is $FCBENCH_HISTORY, else $XDG_DATA_HOME/fcbench/history.db, else\n"
    "~/.local/share/fcbench/history.db.\n\noptions";

int history_list(const std::filesystem::path& db, const std::string& suite, size_t limit) {
  const auto runs = history::list(db, suite, limit);
  const size_t total = history::count_runs(db);
  if (runs.empty()) {
    fmt::print("no runs{} in history DB {} ({} in all)\n",
               suite.empty() ? "" : " of suite '" + suite + "'", db.string(), total);
    return 0;
  }
  fmt::print("{}", history::format_list(runs));
  fmt::print("{} of {} runs, history DB {}\n", runs.size(), total, db.string());
  return 0;
}

// A registered run, or UserError (exit 2) for a directory the DB lacks.
history::RunEntry registered(const std::filesystem::path& db, const std::string& ref) {
  history::RunEntry e = history::resolve(db, ref);
  if (e.id == 0)
    throw UserError(fmt::format("{} is not registered in history DB {} (fcbench report {} "
                                "describes it)",
                                e.info.dir.string(), db.string(), e.info.dir.string()),
                    2);
  return e;
}

int history_show(const std::filesystem::path& db, const std::string& ref) {
  const history::RunEntry e = registered(db, ref);
  fmt::print("{}", history::format_show(e, history::group_stats(db, e.id)));
  return 0;
}

int history_export(const std::filesystem::path& db, const std::string& format,
                   const std::vector<std::string>& refs) {
  if (format != "influx" && format != "openmetrics")
    throw UserError("--format is influx or openmetrics, not '" + format + "'", 2);
  std::vector<history::RunEntry> runs;
  for (const auto& ref : refs) {  // each run once, however often it is named
    history::RunEntry e = registered(db, ref);
    if (std::none_of(runs.begin(), runs.end(), [&](const auto& r) { return r.id == e.id; }))
      runs.push_back(std::move(e));
  }
  if (refs.empty()) {
    runs = history::list(db);
    std::reverse(runs.begin(), runs.end());  // oldest first
  }
  std::vector<history::ExportRun> out;
  for (auto& r : runs) out.push_back({r, history::group_stats(db, r.id)});
  if (format == "influx")
    history::write_influx(std::cout, out);
  else
    history::write_openmetrics(std::cout, out);
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

int cmd_history(const std::vector<std::string>& args) {
  po::options_description o(kHistoryUsage);
  std::vector<std::string> pos;
  std::string suite, format = "influx";
  size_t limit = 20;
  add_common(o, nullptr);
  o.add_options()("suite", po::value(&suite), "list: only this suite's runs")(
      "limit", po::value(&limit)->default_value(20), "list: at most N runs (0: all)")(
      "format", po::value(&format)->default_value("influx"), "export: influx | openmetrics");
  auto vm = parse_args(args, o, &pos, -1);
  if (!vm) return 0;
  const std::string sub = pos.empty() ? "" : pos[0];
  const std::vector<std::string> rest(pos.begin() + (pos.empty() ? 0 : 1), pos.end());
  const auto db = history::default_history_path();
  if (sub == "list" && rest.empty()) return history_list(db, suite, limit);
  if (sub == "show" && rest.size() == 1) return history_show(db, rest[0]);
  if (sub == "export") return history_export(db, format, rest);
  std::cerr << o << "\n";
  return 2;
}

}  // namespace fcbench::cli

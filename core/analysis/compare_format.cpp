#include "analysis/compare_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace fcbench::analysis {
namespace {

using Table = std::vector<std::vector<std::string>>;

// Terminal columns of UTF-8 text (one per code point: no wide glyphs here).
size_t width(const std::string& s) {
  return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Left-aligned columns two spaces apart, each line indented by `indent`.
std::string aligned(const Table& t, const std::string& indent = "") {
  std::vector<size_t> w;
  for (auto& row : t)
    for (size_t i = 0; i < row.size(); ++i) {
      if (w.size() <= i) w.push_back(0);
      w[i] = std::max(w[i], width(row[i]));
    }
  std::string out;
  for (auto& row : t) {
    std::string line = indent;
    for (size_t i = 0; i < row.size(); ++i)
      line += row[i] + (i + 1 < row.size() ? std::string(w[i] - width(row[i]) + 2, ' ') : "");
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

std::string md_cell(std::string s) {
  for (size_t p = 0; (p = s.find('|', p)) != std::string::npos; p += 2) s.replace(p, 1, "\\|");
  return s;
}

std::string md_table(const Table& t) {
  std::string out;
  for (size_t r = 0; r < t.size(); ++r) {
    out += "|";
    for (auto& c : t[r]) out += " " + md_cell(c) + " |";
    out += "\n";
    if (r == 0) {
      out += "|";
      for (size_t i = 0; i < t[0].size(); ++i) out += "---|";
      out += "\n";
    }
  }
  return out;
}

std::string accel_label(const std::string& accel) {
  return accel == "tcg" ? "emulated (TCG)" : accel;
}

std::string pct(double x) {
  return std::isfinite(x) ? fmt::format("{:+.2f} %", x * 100) : std::string("n/a");
}

// Four significant digits, but whole numbers from 1000 up (78498, not 7.85e+04).
std::string num(double x) {
  return std::abs(x) >= 1000 ? fmt::format("{:.0f}", x) : fmt::format("{:.4g}", x);
}

std::string ci_text(const std::optional<Interval>& ci) {
  return ci ? fmt::format("[{}, {}]", pct(ci->lo), pct(ci->hi)) : std::string("none");
}

std::string params_text(const GroupComparison& g) {
  std::string s = g.base.params == "{}" ? "" : g.base.params;
  if (g.params_differ()) s += (s.empty() ? "{}" : "") + (" (NEW: " + g.next.params + ")");
  return s;
}

bool any_params(const Comparison& c) {
  return std::any_of(c.groups.begin(), c.groups.end(),
                     [](auto& g) { return g.base.params != "{}" || g.params_differ(); });
}

// The groups as rows; `md` bolds the verdicts that count.
Table group_rows(const Comparison& c, bool md) {
  const bool params = any_params(c);
  Table t;
  std::vector<std::string> head{"benchmark"};
  if (params) head.push_back("params");
  for (const char* h : {"vmm", "metric", "n base/new", "base mean", "new mean", "mean change",
                        "median change", "95 % CI of mean change", "p", "verdict"})
    head.push_back(h);
  t.push_back(head);
  for (auto& g : c.groups) {
    std::vector<std::string> row{g.base.benchmark};
    if (params) row.push_back(params_text(g));
    const std::string verdict = to_string(g.change.verdict);
    const bool counts =
        g.change.verdict == Verdict::regressed || g.change.verdict == Verdict::improved;
    for (auto s :
         {g.base.vmm + ", " + accel_label(g.base.accel),
          g.base.metric + (g.unit.empty() ? "" : " (" + g.unit + ")"),
          fmt::format("{}/{}", g.n_base, g.n_new), num(g.mean_base), num(g.mean_new),
          pct(g.change.change_mean), pct(g.change.change_median), ci_text(g.change.ci95_change),
          fmt::format("{:.4f}", g.change.p_value), md && counts ? "**" + verdict + "**" : verdict})
      row.push_back(s);
    t.push_back(row);
  }
  return t;
}

std::string key_text(const GroupKey& k) {
  return fmt::format("{} {} ({}, {}) {}", k.benchmark, k.params == "{}" ? "" : k.params, k.vmm,
                     accel_label(k.accel), k.metric);
}

std::string tally(const Comparison& c) {
  std::map<Verdict, size_t> n;
  for (auto& g : c.groups) ++n[g.change.verdict];
  return fmt::format("{} group{}: {} regressed, {} improved, {} unchanged, {} inconclusive",
                     c.groups.size(), c.groups.size() == 1 ? "" : "s", n[Verdict::regressed],
                     n[Verdict::improved], n[Verdict::unchanged], n[Verdict::inconclusive]);
}

std::string options_text(const CompareOptions& o) {
  return fmt::format("A change counts when p < {} and |mean change| > {} %; {} resamples, seed {}",
                     o.alpha, o.threshold * 100, o.resamples, o.seed);
}

nlohmann::json params_json(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

nlohmann::json key_json(const GroupKey& k) {
  return {{"benchmark", k.benchmark},
          {"plugin", k.plugin},
          {"params", params_json(k.params)},
          {"vmm", k.vmm},
          {"accel", k.accel},
          {"metric", k.metric}};
}

nlohmann::json number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nullptr;
}

nlohmann::json group_json(const GroupComparison& g) {
  nlohmann::json j = key_json(g.base);
  if (g.params_differ()) j["params_new"] = params_json(g.next.params);
  if (g.base.plugin != g.next.plugin) j["plugin_new"] = g.next.plugin;
  const auto& ch = g.change;
  j.update({{"unit", g.unit},
            {"better", g.higher_is_better ? "higher" : "lower"},
            {"n_base", g.n_base},
            {"n_new", g.n_new},
            {"mean_base", number(g.mean_base)},
            {"mean_new", number(g.mean_new)},
            {"change_mean", number(ch.change_mean)},
            {"change_median", number(ch.change_median)},
            {"ci95_change", ch.ci95_change ? nlohmann::json{ch.ci95_change->lo, ch.ci95_change->hi}
                                           : nlohmann::json()},
            {"p_value", number(ch.p_value)},
            {"verdict", to_string(ch.verdict)}});
  return j;
}

}  // namespace

std::optional<CompareFormat> compare_format_from_string(const std::string& s) {
  if (s == "text") return CompareFormat::text;
  if (s == "md") return CompareFormat::md;
  if (s == "json") return CompareFormat::json;
  return std::nullopt;
}

nlohmann::json to_json(const Comparison& c, const CompareOptions& o) {
  nlohmann::json fields = nlohmann::json::array(), groups = nlohmann::json::array(),
                 only_base = nlohmann::json::array(), only_new = nlohmann::json::array();
  for (auto& f : c.env.fields)
    fields.push_back(
        {{"name", f.name}, {"base", f.base}, {"new", f.next}, {"differs", f.differs()}});
  for (auto& g : c.groups) groups.push_back(group_json(g));
  for (auto& k : c.only_base) only_base.push_back(key_json(k));
  for (auto& k : c.only_new) only_new.push_back(key_json(k));
  nlohmann::json verdicts = {
      {"regressed", 0}, {"improved", 0}, {"unchanged", 0}, {"inconclusive", 0}};
  for (auto& g : c.groups)
    verdicts[to_string(g.change.verdict)] = verdicts[to_string(g.change.verdict)].get<int>() + 1;
  return {{"base", c.base_label},
          {"new", c.new_label},
          {"options",
           {{"threshold", o.threshold},
            {"alpha", o.alpha},
            {"resamples", o.resamples},
            {"seed", o.seed}}},
          {"env", {{"fields", fields}, {"warnings", c.env.warnings}}},
          {"groups", groups},
          {"only_base", only_base},
          {"only_new", only_new},
          {"verdicts", verdicts}};
}

std::string format_text(const Comparison& c, const CompareOptions& o) {
  std::string out;
  for (auto& w : c.env.warnings) out += "WARNING: " + w + "\n";
  if (!c.env.warnings.empty()) out += "\n";
  out += fmt::format("BASE {}\nNEW  {}\n\n", c.base_label, c.new_label);
  Table env{{"environment", "BASE", "NEW", ""}};
  for (auto& f : c.env.fields)
    env.push_back({f.name, f.base, f.next, f.differs() ? "differs" : ""});
  out += aligned(env) + "\n";
  out += aligned(group_rows(c, false));
  for (auto [title, keys] : {std::pair{"only in BASE", &c.only_base}, {"only in NEW", &c.only_new}})
    if (!keys->empty()) {
      out += fmt::format("\n{} ({}):\n", title, keys->size());
      for (auto& k : *keys) out += "  " + key_text(k) + "\n";
    }
  out += "\n" + tally(c) + "\n" + options_text(o) + "\n";
  return out;
}

std::string format_md(const Comparison& c, const CompareOptions& o) {
  std::string out = "## fcbench compare\n\n";
  for (size_t i = 0; i < c.env.warnings.size(); ++i)
    out += (i ? ">\n" : "") + ("> **WARNING:** " + c.env.warnings[i] + "\n");
  if (!c.env.warnings.empty()) out += "\n";
  out += fmt::format("BASE `{}` → NEW `{}`\n\n", c.base_label, c.new_label);
  Table env{{"environment", "BASE", "NEW"}};
  for (auto& f : c.env.fields)
    env.push_back({f.differs() ? "**" + f.name + "** (differs)" : f.name, f.base, f.next});
  out += md_table(env) + "\n" + md_table(group_rows(c, true));
  for (auto [title, keys] : {std::pair{"Only in BASE", &c.only_base}, {"Only in NEW", &c.only_new}})
    if (!keys->empty()) {
      out += fmt::format("\n{} ({}):\n\n", title, keys->size());
      for (auto& k : *keys) out += "- " + md_cell(key_text(k)) + "\n";
    }
  out += "\n" + tally(c) + ". " + options_text(o) + ".\n";
  return out;
}

std::string format_comparison(const Comparison& c, const CompareOptions& o, CompareFormat f) {
  switch (f) {
    case CompareFormat::md:
      return format_md(c, o);
    case CompareFormat::json:
      return to_json(c, o).dump(2) + "\n";
    case CompareFormat::text:
      break;
  }
  return format_text(c, o);
}

}  // namespace fcbench::analysis

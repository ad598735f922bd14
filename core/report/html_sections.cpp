// The report's text sections: the environment fingerprint, records by
// status with their failure groups, and adaptive repetitions.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "report/chart_support.hpp"
#include "report/html_parts.hpp"

namespace fcbench::report::html {

namespace {

using nlohmann::json;

// j[a][b]... as text: strings as they are, numbers and booleans printed,
// "" when missing or null.
std::string field(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* k : path) {
    if (!at->is_object() || !at->contains(k)) return "";
    at = &(*at)[k];
  }
  if (at->is_null()) return "";
  return at->is_string() ? at->get<std::string>() : at->dump();
}

std::string short_hash(const std::string& h) {
  return h.size() > 12 ? h.substr(0, 12) : h;
}

std::string join_nonempty(std::initializer_list<std::string> parts, const char* sep = ", ") {
  std::string out;
  for (auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : sep) + p;
  return out;
}

// "name version; ..." for a {name: {version, ...}} object.
std::string versions(const json& j, const char* key, const char* what) {
  std::string out;
  if (!j.is_object() || !j.contains(key) || !j[key].is_object()) return out;
  for (auto& [name, v] : j[key].items()) {
    std::string ver =
        v.is_object() ? field(v, {what}) : (v.is_string() ? v.get<std::string>() : "");
    out += (out.empty() ? "" : "; ") + name + (ver.empty() ? "" : " " + ver);
  }
  return out;
}

// The rows of the fingerprint summary for one env.json.
std::vector<std::pair<std::string, std::string>> env_rows(const json& e) {
  std::string cpu = field(e, {"host", "cpu_model"});
  std::string counts = join_nonempty(
      {field(e, {"host", "cpu_threads"}).empty() ? ""
                                                 : field(e, {"host", "cpu_threads"}) + " threads",
       field(e, {"host", "cpu_cores"}).empty() ? "" : field(e, {"host", "cpu_cores"}) + " cores",
       field(e, {"host", "cpu_packages"}).empty()
           ? ""
           : field(e, {"host", "cpu_packages"}) + " packages"});
  std::string settings = join_nonempty(
      {field(e, {"host_settings", "smt"}).empty() ? ""
                                                  : "SMT " + field(e, {"host_settings", "smt"}),
       field(e, {"host_settings", "governor"}).empty()
           ? ""
           : "governor " + field(e, {"host_settings", "governor"}),
       field(e, {"host_settings", "turbo"}).empty()
           ? ""
           : "turbo " + field(e, {"host_settings", "turbo"}),
       field(e, {"host_settings", "cpus_in_use"}).empty()
           ? ""
           : "CPUs in use " + field(e, {"host_settings", "cpus_in_use"})});
  return {
      {"host CPU", join_nonempty({cpu, counts.empty() ? "" : "(" + counts + ")"}, " ")},
      {"host", join_nonempty({field(e, {"host", "host_arch"}), field(e, {"host", "host_kernel"})},
                             ", kernel ")},
      {"host settings", settings},
      {"VMMs", versions(e, "vmms", "version")},
      {"guest kernel", versions(e, "guest_kernels", "release")},
      {"rootfs", short_hash(field(e, {"rootfs_sha256"}))},
      {"plugins", versions(e, "plugins", "")},
      {"fcbench", join_nonempty({field(e, {"fcbench", "version"}),
                                 short_hash(field(e, {"fcbench", "git_commit"}))},
                                ", commit ")},
      {"suite sha256", short_hash(field(e, {"suite_sha256"}))},
  };
}

}  // namespace

std::string environment_section(const ReportData& r) {
  const auto& d = r.data;
  std::string out = "<h2 id=\"environment\">Environment</h2>\n";
  std::set<std::string> accels;
  for (auto& g : r.groups) accels.insert(g.key.accel);
  std::string accel_text;
  for (auto& a : accels)
    accel_text +=
        (accel_text.empty() ? "" : ", ") + escape(a) +
        (*accel_label(a) ? " <span class=\"tcg\">" + escape(accel_label(a)) + "</span>" : "");
  auto env_of = [&](size_t i) -> const json& {
    static const json none;
    return i < d.envs.size() ? d.envs[i] : (i == 0 ? d.env : none);
  };
  std::vector<std::vector<std::pair<std::string, std::string>>> cols;
  for (size_t i = 0; i < d.dirs.size(); ++i)
    cols.push_back(env_of(i).is_object() ? env_rows(env_of(i))
                                         : std::vector<std::pair<std::string, std::string>>{});
  out += "<table id=\"environment-table\"><thead><tr><th></th>";
  for (auto& dir : d.dirs) out += "<th>" + escape(dir.string()) + "</th>";
  out += "</tr></thead><tbody>\n";
  out += fmt::format("<tr><th>accelerator</th><td colspan=\"{}\">{}</td></tr>\n",
                     std::max<size_t>(1, d.dirs.size()), accel_text.empty() ? "none" : accel_text);
  const auto names = env_rows(json::object());
  for (size_t k = 0; k < names.size(); ++k) {
    std::string cells;
    bool any = false;
    for (auto& c : cols) {
      std::string v = k < c.size() ? c[k].second : "";
      any = any || !v.empty();
      cells += "<td>" + (v.empty() ? std::string("—") : escape(v)) + "</td>";
    }
    if (any) out += "<tr><th>" + escape(names[k].first) + "</th>" + cells + "</tr>\n";
  }
  out += "</tbody></table>\n";
  for (size_t i = 0; i < d.dirs.size(); ++i)
    if (!env_of(i).is_object())
      out += "<p class=\"warn\">" + escape(d.dirs[i].string()) +
             ": no env.json, so its environment is unknown.</p>\n";
  return out;
}

std::string records_section(const ReportData& r) {
  const auto& d = r.data;
  std::string out =
      fmt::format("<h2 id=\"records\">Records</h2>\n<p>{} records.</p>\n", d.records());
  Table by;
  by.caption = "Records by status (only ok records enter the statistics)";
  by.header = {"status", "records"};
  for (auto& [status, n] : d.by_status)
    by.rows.push_back({results::to_string(status), std::to_string(n)});
  out += table(by);
  if (!d.failures.empty()) {
    Table f;
    f.caption = "Records that did not end ok, grouped by status and error";
    f.header = {"status", "records", "error", "first ids"};
    for (auto& g : d.failures) {
      std::string ids;
      for (auto& id : g.ids) ids += (ids.empty() ? "" : ", ") + id;
      f.rows.push_back({results::to_string(g.status), std::to_string(g.count), g.error, ids});
    }
    f.collapsed = f.rows.size() > 20;
    out += table(f);
  }
  for (auto& w : d.warnings) out += "<p class=\"warn\">Warning: " + escape(w) + "</p>\n";
  return out;
}

std::string repetitions_section(const ReportData& r) {
  const json& s = r.data.summary;
  if (!s.is_object() || !s.contains("repetitions") || !s["repetitions"].is_array() ||
      s["repetitions"].empty())
    return "";
  // The columns: these first when present, then every other scalar field.
  std::vector<std::string> cols;
  auto has = [&](const std::string& k) {
    for (auto& e : s["repetitions"])
      if (e.is_object() && e.contains(k)) return true;
    return false;
  };
  for (const char* k : {"benchmark", "params", "primary_metric", "n", "reason"})
    if (has(k)) cols.push_back(k);
  for (auto& e : s["repetitions"])
    if (e.is_object())
      for (auto& [k, v] : e.items())
        if (!v.is_structured() && std::find(cols.begin(), cols.end(), k) == cols.end())
          cols.push_back(k);
  Table t;
  t.caption = "Why each benchmark stopped getting repetitions";
  t.header = cols;
  for (auto& e : s["repetitions"]) {
    std::vector<std::string> row;
    for (auto& c : cols)
      row.push_back(c == "params" && e.is_object() && e.contains("params")
                        ? chart::params_text(e["params"].dump())
                        : field(e, {c.c_str()}));
    t.rows.push_back(row);
  }
  return "<h2 id=\"repetitions\">Adaptive repetitions</h2>\n" + table(t);
}

}  // namespace fcbench::report::html

#include "analysis/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "util/error.hpp"
#include "util/number.hpp"

namespace fcbench::analysis {
namespace {

constexpr const char* kUnknown = "unknown";

// The text at a path of object keys, "unknown" when absent or null.
std::string at(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* p = &j;
  for (const char* k : path) {
    if (!p->is_object() || !p->contains(k)) return kUnknown;
    p = &(*p)[k];
  }
  if (p->is_null()) return kUnknown;
  return p->is_string() ? p->get<std::string>() : p->dump();
}

// "name version" of each VMM, comma-separated.
std::string vmm_versions(const nlohmann::json& env) {
  if (!env.is_object() || !env.contains("vmms") || !env["vmms"].is_object()) return kUnknown;
  std::vector<std::string> out;
  for (auto& [name, v] : env["vmms"].items()) out.push_back(name + ": " + at(v, {"version"}));
  return out.empty() ? kUnknown : fmt::format("{}", fmt::join(out, ", "));
}

std::string guest_kernels(const nlohmann::json& env) {
  if (!env.is_object() || !env.contains("guest_kernels") || !env["guest_kernels"].is_object())
    return kUnknown;
  std::vector<std::string> out;
  for (auto& [name, k] : env["guest_kernels"].items()) out.push_back(at(k, {"release"}));
  return out.empty() ? "none" : fmt::format("{}", fmt::join(out, ", "));
}

// The accelerators the records ran under ("kvm", "tcg", "kvm, tcg").
std::set<std::string> accels(const Dataset& d) {
  std::set<std::string> out;
  for (auto& s : d.series)
    if (!s.key.accel.empty()) out.insert(s.key.accel);
  return out;
}

std::string joined(const std::set<std::string>& s) {
  return s.empty() ? std::string(kUnknown) : fmt::format("{}", fmt::join(s, ", "));
}

std::string fcbench_build(const nlohmann::json& env) {
  const std::string v = at(env, {"fcbench", "version"}), c = at(env, {"fcbench", "git_commit"});
  return c == kUnknown ? v : v + " (" + c.substr(0, 12) + ")";
}

std::string host_kernel(const nlohmann::json& env) {
  return at(env, {"host", "host_kernel"});
}

// The matching key: everything of GroupKey but params and plugin.
auto match_key(const GroupKey& k) {
  return std::tie(k.benchmark, k.vmm, k.accel, k.metric);
}

double mean_of(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

// "N groups (a/vmm/accel/metric, ...)", the first few by name.
std::string some_groups(const std::vector<GroupKey>& keys) {
  std::vector<std::string> names;
  for (size_t i = 0; i < keys.size() && i < 4; ++i)
    names.push_back(
        fmt::format("{}/{}/{}/{}", keys[i].benchmark, keys[i].vmm, keys[i].accel, keys[i].metric));
  if (keys.size() > names.size()) names.push_back("...");
  return fmt::format("{} group{} ({})", keys.size(), keys.size() == 1 ? "" : "s",
                     fmt::join(names, ", "));
}

// The directories of a side, comma-separated.
std::string label(const Dataset& d) {
  std::vector<std::string> dirs;
  for (auto& p : d.dirs) dirs.push_back(p.string());
  return fmt::format("{}", fmt::join(dirs, ", "));
}

}  // namespace

EnvComparison compare_env(const Dataset& base, const Dataset& next) {
  EnvComparison c;
  const auto& b = base.env;
  const auto& n = next.env;
  const auto ab = accels(base), an = accels(next);
  c.fields = {
      {"accelerator", joined(ab), joined(an)},
      {"VMM", vmm_versions(b), vmm_versions(n)},
      {"host kernel", host_kernel(b), host_kernel(n)},
      {"CPU model", at(b, {"host", "cpu_model"}), at(n, {"host", "cpu_model"})},
      {"CPUs online", at(b, {"host", "cpu_threads"}), at(n, {"host", "cpu_threads"})},
      {"SMT", at(b, {"host_settings", "smt"}), at(n, {"host_settings", "smt"})},
      {"governor", at(b, {"host_settings", "governor"}), at(n, {"host_settings", "governor"})},
      {"turbo", at(b, {"host_settings", "turbo"}), at(n, {"host_settings", "turbo"})},
      {"guest kernel", guest_kernels(b), guest_kernels(n)},
      {"fcbench", fcbench_build(b), fcbench_build(n)},
  };
  if ((ab.contains("tcg") && an.contains("kvm")) || (ab.contains("kvm") && an.contains("tcg")))
    c.warnings.push_back(
        "comparing emulated (TCG) with hardware-virtualised (KVM) runs: the numbers measure "
        "different things, and every change below reflects the accelerator first");
  const auto& cpu = c.fields[3];
  if (cpu.base != kUnknown && cpu.next != kUnknown && cpu.differs())
    c.warnings.push_back(fmt::format("different host CPUs: '{}' against '{}'", cpu.base, cpu.next));
  for (auto* d : {&base, &next})
    if (d->env.is_null())
      c.warnings.push_back(fmt::format("{} has no env.json: its environment is unknown",
                                       d->dirs.empty() ? "a side" : d->dirs.front().string()));
  return c;
}

std::vector<std::pair<const Series*, const Series*>> match_series(const Dataset& base,
                                                                  const Dataset& next,
                                                                  std::vector<GroupKey>* only_base,
                                                                  std::vector<GroupKey>* only_new) {
  std::vector<std::pair<const Series*, const Series*>> out;
  // Same full key (params and plugin too) first.
  std::map<GroupKey, const Series*> by_key;
  for (auto& s : next.series) by_key.emplace(s.key, &s);
  std::vector<const Series*> left_base;
  std::set<const Series*> used;
  for (auto& s : base.series) {
    auto it = by_key.find(s.key);
    if (it == by_key.end()) {
      left_base.push_back(&s);
    } else {
      out.emplace_back(&s, it->second);
      used.insert(it->second);
    }
  }
  // Then the ones left alone under their matching key on each side.
  using MK = decltype(match_key(std::declval<const GroupKey&>()));
  std::map<MK, std::vector<const Series*>> lb, ln;
  for (auto* s : left_base) lb[match_key(s->key)].push_back(s);
  for (auto& s : next.series)
    if (!used.contains(&s)) ln[match_key(s.key)].push_back(&s);
  std::set<const Series*> paired;
  for (auto& [k, v] : lb) {
    auto it = ln.find(k);
    if (v.size() == 1 && it != ln.end() && it->second.size() == 1) {
      out.emplace_back(v.front(), it->second.front());
      paired.insert(v.front());
      paired.insert(it->second.front());
    }
  }
  for (auto* s : left_base)
    if (!paired.contains(s) && only_base) only_base->push_back(s->key);
  for (auto& s : next.series)
    if (!used.contains(&s) && !paired.contains(&s) && only_new) only_new->push_back(s.key);
  // BASE's series order (series are sorted by key, so this is key order).
  std::sort(out.begin(), out.end(), [](auto& x, auto& y) { return x.first->key < y.first->key; });
  return out;
}

Comparison compare_datasets(const Dataset& base, const Dataset& next, const CompareOptions& o) {
  Comparison c;
  c.base_label = label(base);
  c.new_label = label(next);
  c.env = compare_env(base, next);
  for (auto [b, n] : match_series(base, next, &c.only_base, &c.only_new)) {
    GroupComparison g;
    g.base = b->key;
    g.next = n->key;
    g.unit = b->unit;
    g.higher_is_better = b->higher_is_better;
    g.n_base = b->values.size();
    g.n_new = n->values.size();
    g.mean_base = mean_of(b->values);
    g.mean_new = mean_of(n->values);
    g.change = compare(b->values, n->values, b->higher_is_better, o);
    c.groups.push_back(std::move(g));
  }
  if (c.groups.empty())
    throw UserError(fmt::format("mismatched sides: no group (benchmark, vmm, accel, metric) is in "
                                "both; BASE has {}; NEW has {}",
                                some_groups(c.only_base), some_groups(c.only_new)),
                    2);
  return c;
}

std::optional<double> parse_relative(const std::string& text) {
  std::string_view t = text;
  const bool percent = t.ends_with('%');
  if (percent) t.remove_suffix(1);
  if (percent && t.ends_with(' ')) t.remove_suffix(1);
  auto v = parse_number<double>(t);
  if (!v || *v < 0) return std::nullopt;
  if (percent) return *v / 100;
  if (*v >= 1) return std::nullopt;
  return v;
}

bool any_regressed(const Comparison& c) {
  return std::any_of(c.groups.begin(), c.groups.end(),
                     [](auto& g) { return g.change.verdict == Verdict::regressed; });
}

}  // namespace fcbench::analysis

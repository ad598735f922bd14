#include "config/repetitions.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "util/number.hpp"

namespace fcbench::config {

namespace {

constexpr int64_t kMaxRepetitions = 1000000;
const char* const kVmMetrics[] = {"vm.end_to_end", "vm.time_to_payload", "vm.payload"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// target_ci / target_rsd: a percentage or a fraction in (0, 1).
double read_target(const YamlReader& r, const YAML::Node& n, const std::string& what) {
  std::string s = r.scalar(n, what);
  if (auto f = parse_fraction(s)) return *f;
  r.fail(n, fmt::format("'{}' must be a percentage such as 2% or a fraction such as 0.02, "
                        "greater than 0 and below 100%, got '{}'",
                        what, s));
}

AdaptiveRepetitions read_adaptive(const YamlReader& r, const YAML::Node& n) {
  r.check_keys(n, {"min", "max", "target_ci", "target_rsd"}, "repetitions");
  for (const char* k : {"min", "max"})
    if (!n[k])
      r.fail(n, std::string("adaptive repetitions need '") + k +
                    "' (e.g. {min: 5, max: 50, target_ci: 2%})");
  AdaptiveRepetitions a;
  a.min = uint32_t(r.integer(n["min"], "min", 2, kMaxRepetitions));
  a.max = uint32_t(r.integer(n["max"], "max", 1, kMaxRepetitions));
  if (a.max < a.min)
    r.fail(n["max"], fmt::format("'max' ({}) must be at least 'min' ({})", a.max, a.min));
  const bool ci = bool(n["target_ci"]), rsd = bool(n["target_rsd"]);
  if (ci == rsd)
    r.fail(n, ci ? "give one of 'target_ci' and 'target_rsd', not both"
                 : "adaptive repetitions need 'target_ci' (95 % CI half-width of the mean, "
                   "relative) or 'target_rsd' (relative standard deviation), e.g. 2%");
  a.criterion = ci ? AdaptiveRepetitions::Criterion::ci : AdaptiveRepetitions::Criterion::rsd;
  a.target = ci ? read_target(r, n["target_ci"], "target_ci")
                : read_target(r, n["target_rsd"], "target_rsd");
  return a;
}

}  // namespace

std::optional<double> parse_fraction(std::string_view text) {
  text = trim(text);
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text = trim(text.substr(0, text.size() - 1));
  auto v = parse_number<double>(text);
  if (!v) return std::nullopt;
  const double f = percent ? *v / 100 : *v;
  if (!(f > 0 && f < 1)) return std::nullopt;
  return f;
}

bool is_vm_metric(const std::string& name) {
  for (const char* m : kVmMetrics)
    if (name == m) return true;
  return false;
}

void read_repetitions(const YamlReader& r, const YAML::Node& m, VmSettings& vm) {
  if (auto n = m["repetitions"]) {
    if (n.IsMap()) {
      vm.adaptive = read_adaptive(r, n);
      vm.repetitions = vm.adaptive->max;
    } else if (n.IsScalar()) {
      vm.repetitions = uint32_t(r.integer(n, "repetitions", 1, kMaxRepetitions));
      vm.adaptive.reset();
    } else {
      r.fail(n, "'repetitions' must be a count, or a mapping {min, max, target_ci or target_rsd}");
    }
  }
  if (auto n = m["primary_metric"]) {
    std::string name = r.scalar(n, "primary_metric");
    if (name.empty()) r.fail(n, "'primary_metric' must name a metric");
    if (name.rfind("vm.", 0) == 0 && !is_vm_metric(name))
      r.fail(n, fmt::format("unknown metric '{}' (the vm.* metrics are {}, {} and {})", name,
                            kVmMetrics[0], kVmMetrics[1], kVmMetrics[2]));
    vm.primary_metric = name;
  }
}

}  // namespace fcbench::config

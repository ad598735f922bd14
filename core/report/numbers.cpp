#include "report/numbers.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace fcbench::report {

std::string num(double v) {
  double a = std::abs(v);
  if (a != 0 && (a >= 1e7 || a < 1e-3)) return fmt::format("{:.3e}", v);
  return fmt::format("{:.4g}", v);
}

std::string percent(double fraction) {
  return fmt::format("{:.1f} %", fraction * 100);
}

std::string ci_text(const std::optional<analysis::Interval>& ci) {
  if (!ci) return "no CI (n < 2)";
  return fmt::format("[{}, {}]", num(ci->lo), num(ci->hi));
}

std::string params_text(const std::string& params_json) {
  auto j = nlohmann::json::parse(params_json, nullptr, false);
  if (!j.is_object() || j.empty()) return "";
  std::string out;
  for (auto& [k, v] : j.items())
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", k,
                       v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

}  // namespace fcbench::report

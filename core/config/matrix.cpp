#include "config/matrix.hpp"

namespace fcbench::config {

std::vector<ParamMap> expand_matrix(const std::vector<Axis>& axes) {
  std::vector<ParamMap> out{ParamMap{}};
  for (const auto& [name, values] : axes) {
    std::vector<ParamMap> next;
    for (const auto& partial : out)
      for (const auto& v : values) {
        ParamMap m = partial;
        m[name] = v;
        next.push_back(std::move(m));
      }
    out = std::move(next);
  }
  return out;
}

std::string matrix_label(const std::string& base, const std::vector<Axis>& axes,
                         const ParamMap& point) {
  std::string label;
  for (const auto& [name, values] : axes) {
    if (values.size() < 2) continue;
    label += (label.empty() ? "" : ",") + name + "=" + point.at(name);
  }
  return label.empty() ? base : base + "[" + label + "]";
}

}  // namespace fcbench::config

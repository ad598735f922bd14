// Parameter matrices: a list value expands into one benchmark per value.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/suite.hpp"

namespace fcbench::config {

// One axis: a parameter and its values (a single value is a 1-long axis).
using Axis = std::pair<std::string, std::vector<std::string>>;

// The cartesian product, first axis varying slowest.
std::vector<ParamMap> expand_matrix(const std::vector<Axis>& axes);

// "name[n=10,size=2]" listing only axes with more than one value.
std::string matrix_label(const std::string& base, const std::vector<Axis>& axes,
                         const ParamMap& point);

}  // namespace fcbench::config

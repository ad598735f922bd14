// Parameter matrices: cartesian products and their labels.
#include <catch2/catch.hpp>

#include "config/matrix.hpp"

using fcbench::config::Axis;
using fcbench::config::expand_matrix;
using fcbench::config::matrix_label;
using fcbench::config::ParamMap;

TEST_CASE("matrix: no axes is one empty point", "[unit][matrix]") {
  auto points = expand_matrix({});
  REQUIRE(points.size() == 1);
  CHECK(points[0].empty());
  CHECK(matrix_label("base", {}, points[0]) == "base");
}

TEST_CASE("matrix: single values make one point", "[unit][matrix]") {
  std::vector<Axis> axes = {{"n", {"10"}}, {"method", {"trial"}}};
  auto points = expand_matrix(axes);
  REQUIRE(points.size() == 1);
  CHECK(points[0] == ParamMap{{"n", "10"}, {"method", "trial"}});
  CHECK(matrix_label("prime", axes, points[0]) == "prime");
}

TEST_CASE("matrix: the product has every combination, first axis slowest", "[unit][matrix]") {
  std::vector<Axis> axes = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  auto points = expand_matrix(axes);
  REQUIRE(points.size() == 6);
  CHECK(points[0] == ParamMap{{"a", "1"}, {"b", "x"}});
  CHECK(points[1] == ParamMap{{"a", "1"}, {"b", "y"}});
  CHECK(points[2] == ParamMap{{"a", "1"}, {"b", "z"}});
  CHECK(points[3] == ParamMap{{"a", "2"}, {"b", "x"}});
  CHECK(points[5] == ParamMap{{"a", "2"}, {"b", "z"}});
  CHECK(matrix_label("t", axes, points[4]) == "t[a=2,b=y]");
}

TEST_CASE("matrix: three axes multiply", "[unit][matrix]") {
  std::vector<Axis> axes = {{"a", {"1", "2"}}, {"b", {"x"}}, {"c", {"p", "q", "r", "s"}}};
  auto points = expand_matrix(axes);
  CHECK(points.size() == 8);
  for (const auto& p : points) CHECK(p.size() == 3);
}

TEST_CASE("matrix: an empty axis yields no points", "[unit][matrix]") {
  CHECK(expand_matrix({{"a", {"1", "2"}}, {"b", {}}}).empty());
}

TEST_CASE("matrix: labels follow axis order and skip one-value axes", "[unit][matrix]") {
  // Axis order, not the map's alphabetical order, decides the label.
  std::vector<Axis> axes = {{"z", {"1", "2"}}, {"m", {"only"}}, {"a", {"x", "y"}}};
  ParamMap point{{"a", "y"}, {"m", "only"}, {"z", "2"}};
  CHECK(matrix_label("bench", axes, point) == "bench[z=2,a=y]");
}

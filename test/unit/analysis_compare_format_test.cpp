// analysis/compare_format: the JSON contract, the text table with its TCG
// labels and warnings first, and Markdown.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "analysis/compare_format.hpp"

using namespace fcbench::analysis;

namespace {

GroupComparison group(const std::string& bench, const std::string& accel, Verdict v) {
  GroupComparison g;
  g.base = g.next = {bench, bench, R"({"n":200000})", "qemu", accel, "runtime"};
  g.unit = "ms";
  g.n_base = 5;
  g.n_new = 6;
  g.mean_base = 120.5;
  g.mean_new = 241;
  g.change = {1.0, 0.98, Interval{0.9, 1.1}, 0.0001, v};
  return g;
}

Comparison sample() {
  Comparison c;
  c.base_label = "runs/a";
  c.new_label = "runs/b";
  c.env.fields = {{"accelerator", "tcg", "tcg"}, {"CPU model", "Xeon", "EPYC"}};
  c.env.warnings = {"different host CPUs: 'Xeon' against 'EPYC'"};
  c.groups = {group("prime", "tcg", Verdict::regressed), group("dd", "kvm", Verdict::unchanged)};
  c.groups[1].next.params = R"({"n":1})";
  c.groups[1].change.ci95_change.reset();
  c.groups[1].change.change_median = std::numeric_limits<double>::quiet_NaN();
  c.only_base = {{"boot", "boot", "{}", "qemu", "tcg", "vm.end_to_end"}};
  return c;
}

}  // namespace

TEST_CASE("compare format: the JSON contract", "[unit][analysis]") {
  auto j = to_json(sample(), CompareOptions{});
  REQUIRE(j["groups"].size() == 2);
  auto& g = j["groups"][0];
  for (const char* k :
       {"benchmark", "params", "vmm", "accel", "metric", "better", "n_base", "n_new", "change_mean",
        "change_median", "ci95_change", "p_value", "verdict"})
    CHECK(g.contains(k));
  CHECK(g["benchmark"] == "prime");
  CHECK(g["params"] == nlohmann::json{{"n", 200000}});
  CHECK(g["better"] == "lower");
  CHECK(g["n_base"] == 5);
  CHECK(g["n_new"] == 6);
  CHECK(g["change_mean"] == 1.0);
  CHECK(g["ci95_change"] == nlohmann::json{0.9, 1.1});
  CHECK(g["verdict"] == "regressed");
  CHECK_FALSE(g.contains("params_new"));
  auto& d = j["groups"][1];
  CHECK(d["ci95_change"].is_null());
  CHECK(d["change_median"].is_null());  // NaN is null, not a number
  CHECK(d["params_new"] == nlohmann::json{{"n", 1}});
  REQUIRE(j["only_base"].size() == 1);
  CHECK(j["only_base"][0]["metric"] == "vm.end_to_end");
  CHECK(j["only_new"].empty());
  CHECK(j["env"]["warnings"].size() == 1);
  CHECK(j["env"]["fields"][1]["differs"] == true);
  CHECK(j["verdicts"]["regressed"] == 1);
  CHECK(j["verdicts"]["unchanged"] == 1);
  CHECK(j["options"]["alpha"] == 0.01);
}

TEST_CASE("compare format: text puts warnings first and labels TCG", "[unit][analysis]") {
  auto t = format_text(sample(), CompareOptions{});
  INFO(t);
  CHECK(t.rfind("WARNING: different host CPUs", 0) == 0);
  CHECK_THAT(t, Catch::Contains("qemu, emulated (TCG)"));
  CHECK_THAT(t, Catch::Contains("qemu, kvm"));
  CHECK_THAT(t, Catch::Contains("+100.00 %"));
  CHECK_THAT(t, Catch::Contains("[+90.00 %, +110.00 %]"));
  CHECK_THAT(t, Catch::Contains("(NEW: {\"n\":1})"));
  CHECK_THAT(t, Catch::Contains("only in BASE (1)"));
  CHECK_THAT(t, Catch::Contains("2 groups: 1 regressed, 0 improved, 1 unchanged"));
  // The table is aligned: the verdict column starts at the same offset.
  auto line_of = [&](const std::string& s) {
    auto p = t.find(s);
    return t.substr(t.rfind('\n', p) + 1, t.find('\n', p) - t.rfind('\n', p) - 1);
  };
  CHECK(line_of("verdict").find("verdict") == line_of("+100.00 %    +98.00 %").find("regressed"));
}

TEST_CASE("compare format: markdown tables with the verdicts that count in bold",
          "[unit][analysis]") {
  auto m = format_md(sample(), CompareOptions{});
  INFO(m);
  CHECK_THAT(m, Catch::Contains("> **WARNING:** different host CPUs"));
  CHECK_THAT(m, Catch::Contains("| **regressed** |"));
  CHECK_THAT(m, Catch::Contains("| unchanged |"));
  CHECK_THAT(m, Catch::Contains("emulated (TCG)"));
  CHECK_THAT(m, Catch::Contains("| **CPU model** (differs) | Xeon | EPYC |"));
  CHECK_THAT(m, Catch::Contains("|---|"));
}

TEST_CASE("compare format: names", "[unit][analysis]") {
  CHECK(compare_format_from_string("text") == CompareFormat::text);
  CHECK(compare_format_from_string("md") == CompareFormat::md);
  CHECK(compare_format_from_string("json") == CompareFormat::json);
  CHECK_FALSE(compare_format_from_string("html"));
}

TEST_CASE("compare format: big means are whole numbers, small ones keep 4 digits",
          "[unit][analysis]") {
  auto c = sample();
  c.groups[0].mean_base = 78498;
  c.groups[0].mean_new = 0.012345;
  auto t = format_text(c, CompareOptions{});
  CHECK_THAT(t, Catch::Contains("78498"));
  CHECK_THAT(t, Catch::Contains("0.01235"));
  CHECK_THAT(t, !Catch::Contains("e+04"));
}

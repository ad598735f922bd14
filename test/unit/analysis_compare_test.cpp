// analysis/compare: matching groups of two hand-built datasets, the
// environment difference and its warnings, and the verdicts per group.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "util/error.hpp"

using namespace fcbench::analysis;

namespace {

Series series(std::string bench, std::string metric, std::vector<double> values,
              std::string params = "{}", std::string accel = "tcg") {
  Series s;
  s.key = {bench, bench, params, "qemu", accel, metric};
  s.unit = "ms";
  s.values = std::move(values);
  return s;
}

nlohmann::json env(const std::string& cpu, const std::string& kernel = "6.1.0") {
  return {{"host", {{"cpu_model", cpu}, {"host_kernel", kernel}, {"cpu_threads", 2}}},
          {"host_settings", {{"smt", "on"}, {"governor", "performance"}, {"turbo", "on"}}},
          {"vmms", {{"qemu", {{"version", "QEMU emulator version 7.2.9"}}}}},
          {"guest_kernels", {{"default", {{"release", "6.1.90"}}}}},
          {"fcbench", {{"version", "0.9.0"}, {"git_commit", "0123456789abcdef0123"}}}};
}

Dataset dataset(std::vector<Series> s, nlohmann::json e = env("Xeon")) {
  Dataset d;
  d.dirs = {"side"};
  d.env = std::move(e);
  d.series = std::move(s);
  std::sort(d.series.begin(), d.series.end(), [](auto& a, auto& b) { return a.key < b.key; });
  return d;
}

const std::vector<double> kBase{100, 101, 99, 100, 102, 98, 100, 100};
const std::vector<double> kDouble{200, 202, 198, 200, 204, 196, 200, 200};

const EnvField& field(const EnvComparison& e, const std::string& name) {
  for (auto& f : e.fields)
    if (f.name == name) return f;
  FAIL("no env field " << name);
  return e.fields.front();
}

}  // namespace

TEST_CASE("compare: groups match by benchmark, vmm, accel and metric", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", kBase), series("prime", "process", kBase),
                       series("dd", "runtime", kBase), series("boot", "runtime", kBase)});
  auto next = dataset({series("prime", "runtime", kDouble), series("prime", "process", kBase),
                       series("dd", "runtime", kBase), series("stream", "copy", kBase)});
  auto c = compare_datasets(base, next, CompareOptions{});
  REQUIRE(c.groups.size() == 3);
  REQUIRE(c.only_base.size() == 1);
  CHECK(c.only_base[0].benchmark == "boot");
  REQUIRE(c.only_new.size() == 1);
  CHECK(c.only_new[0].benchmark == "stream");
  for (auto& g : c.groups) {
    INFO(g.base.benchmark << " " << g.base.metric);
    CHECK(g.base == g.next);
    CHECK(g.n_base == 8);
    const bool doubled = g.base.benchmark == "prime" && g.base.metric == "runtime";
    CHECK(g.change.verdict == (doubled ? Verdict::regressed : Verdict::unchanged));
    if (doubled) CHECK(g.change.change_mean == Approx(1.0));
  }
  CHECK(any_regressed(c));
}

TEST_CASE("compare: a group whose params differ is paired and says so", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", kBase, R"({"n":1000})")});
  auto next = dataset({series("prime", "runtime", kBase, R"({"n":2000})")});
  auto c = compare_datasets(base, next, CompareOptions{});
  REQUIRE(c.groups.size() == 1);
  CHECK(c.groups[0].params_differ());
  CHECK(c.groups[0].base.params == R"({"n":1000})");
  CHECK(c.groups[0].next.params == R"({"n":2000})");
  CHECK(c.only_base.empty());
  CHECK(c.only_new.empty());
}

TEST_CASE("compare: same params match first, an ambiguous rest stays one-sided",
          "[unit][analysis]") {
  // A workload's benchmark "prime" with several params: {n:1} pairs exactly;
  // {n:2} and {n:3} in BASE against {n:4} in NEW cannot be paired.
  auto base = dataset({series("prime", "runtime", kBase, R"({"n":1})"),
                       series("prime", "runtime", kBase, R"({"n":2})"),
                       series("prime", "runtime", kBase, R"({"n":3})")});
  auto next = dataset({series("prime", "runtime", kBase, R"({"n":1})"),
                       series("prime", "runtime", kBase, R"({"n":4})")});
  auto c = compare_datasets(base, next, CompareOptions{});
  REQUIRE(c.groups.size() == 1);
  CHECK_FALSE(c.groups[0].params_differ());
  CHECK(c.only_base.size() == 2);
  REQUIRE(c.only_new.size() == 1);
  CHECK(c.only_new[0].params == R"({"n":4})");
}

TEST_CASE("compare: another accelerator is another group", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", kBase, "{}", "tcg")});
  auto next = dataset({series("prime", "runtime", kBase, "{}", "kvm"),
                       series("prime", "runtime", kBase, "{}", "tcg")});
  auto c = compare_datasets(base, next, CompareOptions{});
  REQUIRE(c.groups.size() == 1);
  CHECK(c.groups[0].base.accel == "tcg");
  REQUIRE(c.only_new.size() == 1);
  CHECK(c.only_new[0].accel == "kvm");
}

TEST_CASE("compare: sides with no group in common are an input error", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", kBase)});
  auto next = dataset({series("dd", "runtime", kBase)});
  try {
    compare_datasets(base, next, CompareOptions{});
    FAIL("no error");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), Catch::Contains("mismatched sides"));
    CHECK_THAT(e.what(), Catch::Contains("prime/qemu/tcg/runtime"));
    CHECK_THAT(e.what(), Catch::Contains("dd/qemu/tcg/runtime"));
  }
}

TEST_CASE("compare: the environment fields side by side", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", kBase)}, env("Xeon", "6.1.0"));
  auto next = dataset({series("prime", "runtime", kBase)}, env("Xeon", "6.8.0"));
  auto e = compare_env(base, next);
  CHECK(e.warnings.empty());
  CHECK(field(e, "host kernel").base == "6.1.0");
  CHECK(field(e, "host kernel").next == "6.8.0");
  CHECK(field(e, "host kernel").differs());
  CHECK_FALSE(field(e, "CPU model").differs());
  CHECK(field(e, "accelerator").base == "tcg");
  CHECK(field(e, "SMT").base == "on");
  CHECK(field(e, "governor").base == "performance");
  CHECK(field(e, "VMM").base == "qemu: QEMU emulator version 7.2.9");
  CHECK(field(e, "guest kernel").base == "6.1.90");
  CHECK(field(e, "fcbench").base == "0.9.0 (0123456789ab)");
  CHECK(field(e, "CPUs online").base == "2");
}

TEST_CASE("compare: TCG against KVM gets a loud warning", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", kBase, "{}", "tcg")});
  auto next = dataset({series("prime", "runtime", kBase, "{}", "kvm")});
  auto e = compare_env(base, next);
  REQUIRE(e.warnings.size() == 1);
  CHECK_THAT(e.warnings[0], Catch::Contains("TCG") && Catch::Contains("KVM"));
  CHECK(field(e, "accelerator").differs());
}

TEST_CASE("compare: different host CPUs get a warning, unknown ones do not", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", kBase)}, env("Xeon"));
  auto next = dataset({series("prime", "runtime", kBase)}, env("EPYC"));
  auto e = compare_env(base, next);
  REQUIRE(e.warnings.size() == 1);
  CHECK_THAT(e.warnings[0], Catch::Contains("different host CPUs") && Catch::Contains("EPYC"));
  auto none = dataset({series("prime", "runtime", kBase)}, nullptr);
  auto e2 = compare_env(base, none);
  CHECK(field(e2, "CPU model").next == "unknown");
  REQUIRE(e2.warnings.size() == 1);
  CHECK_THAT(e2.warnings[0], Catch::Contains("no env.json"));
}

TEST_CASE("compare: too few values on a side is inconclusive", "[unit][analysis]") {
  auto base = dataset({series("prime", "runtime", {100, 101, 99})});
  auto next = dataset({series("prime", "runtime", {200, 201, 199})});
  auto c = compare_datasets(base, next, CompareOptions{});
  REQUIRE(c.groups.size() == 1);
  CHECK(c.groups[0].change.verdict == Verdict::inconclusive);
  CHECK_FALSE(any_regressed(c));
}

TEST_CASE("compare: a threshold is a percentage or a fraction", "[unit][analysis]") {
  CHECK(parse_relative("5%") == Approx(0.05));
  CHECK(parse_relative("5 %") == Approx(0.05));
  CHECK(parse_relative("2.5%") == Approx(0.025));
  CHECK(parse_relative("0.05") == Approx(0.05));
  CHECK(parse_relative("0") == 0.0);
  CHECK(parse_relative("150%") == Approx(1.5));
  CHECK_FALSE(parse_relative("5"));  // 5 % or 500 %?
  CHECK_FALSE(parse_relative("-5%"));
  CHECK_FALSE(parse_relative("five%"));
  CHECK_FALSE(parse_relative("%"));
  CHECK_FALSE(parse_relative(""));
}

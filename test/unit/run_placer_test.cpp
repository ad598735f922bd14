// run/placer: placed instances from per-benchmark prototypes.
#include <catch2/catch.hpp>
#include <map>
#include <vector>

#include "plugin/registry.hpp"
#include "run/placer.hpp"
#include "vmm/driver.hpp"

TEST_CASE("Placer::samples: the first instance of each plugin, VMM and kernel, in plan order",
          "[unit][placer]") {
  using fcbench::run::Instance;
  using fcbench::run::Placed;
  static const auto plugins = fcbench::plugin::Registry::discover({FCBENCH_BUILD_PLUGIN_DIR});
  const auto native = fcbench::vmm::make_driver("native");
  std::vector<fcbench::config::Benchmark> b(4);
  for (auto& x : b) x.plugin = "prime", x.vm.vmm = "native";
  b[1].params["n"] = "3";  // another benchmark of the same plugin, VMM and kernel
  b[2].plugin = "dd";
  b[3].vm.kernel = "other";
  for (auto& x : b) x.params = plugins.find(x.plugin)->with_defaults(x.params);
  int made = 0;
  const fcbench::run::Placer placer(
      [&](const fcbench::config::Benchmark& x) {
        ++made;
        Placed p;
        p.bench = &x;
        p.plugin = plugins.find(x.plugin);
        p.driver = native.get();
        return p;
      },
      "/nonexistent/out");
  const std::vector<Instance> plan = {{"i1", &b[1], 1, 0}, {"i0", &b[0], 1, 0},
                                      {"i2", &b[2], 1, 0}, {"i3", &b[3], 1, 0},
                                      {"i4", &b[2], 1, 0}, {"i5", &b[0], 1, 0}};
  std::vector<std::string> ids;
  for (const auto& p : placer.samples(plan)) ids.push_back(p.id);
  CHECK(ids == std::vector<std::string>{"i1", "i2", "i3"});
  CHECK(made == 3);  // a prototype per benchmark placed, made once
}

TEST_CASE("Placer: a prototype is made when first needed, and the job only when placed",
          "[unit][placer]") {
  using fcbench::run::Instance;
  using fcbench::run::Placed;
  static const auto plugins = fcbench::plugin::Registry::discover({FCBENCH_BUILD_PLUGIN_DIR});
  const auto native = fcbench::vmm::make_driver("native");
  std::vector<fcbench::config::Benchmark> b(2000);
  for (size_t i = 0; i < b.size(); ++i) {
    b[i].name = "p" + std::to_string(i);
    b[i].plugin = "prime";
    b[i].params = plugins.find("prime")->with_defaults({{"n", std::to_string(i + 2)}});
  }
  std::vector<const fcbench::config::Benchmark*> made;
  const fcbench::run::Placer placer(
      [&](const fcbench::config::Benchmark& x) {
        made.push_back(&x);
        Placed p;
        p.bench = &x;
        p.plugin = plugins.find(x.plugin);
        p.driver = native.get();
        p.base.benchmark = x.name;
        return p;
      },
      "/out");
  CHECK(made.empty());
  // A record for each of 2000 benchmarks: each prototype made once, in
  // order; only the base record is copied.
  for (size_t i = 0; i < b.size(); ++i) {
    const auto r = placer.record(Instance{"id" + std::to_string(i), &b[i], 2, 0});
    REQUIRE(r.benchmark == b[i].name);
    CHECK(r.id == "id" + std::to_string(i));
    CHECK(r.repetition == 2);
  }
  CHECK(made.size() == b.size());
  // The last few hundred are kept; older ones are made again when needed.
  placer.record(Instance{"again", &b[1999], 1, 0});
  CHECK(made.size() == b.size());
  placer.record(Instance{"again", &b[0], 1, 0});
  REQUIRE(made.size() == b.size() + 1);
  CHECK(made.back() == &b[0]);
  // Placing one asks for its job: prime's argv names its n.
  const Placed p = placer.place(Instance{"x", &b[1999], 1, 0});
  CHECK(p.spec.instance_dir == "/out/instances/x");
  CHECK(p.spec.payload_argv == p.job.argv);
  CHECK_FALSE(p.job.argv.empty());
  CHECK(p.job.argv == plugins.find("prime")->describe_job(b[1999].params).argv);
}

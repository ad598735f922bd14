// run/placer: placed instances from per-benchmark prototypes.
#include <catch2/catch.hpp>
#include <map>
#include <vector>

#include "run/placer.hpp"
#include "vmm/driver.hpp"

TEST_CASE("Placer::samples: the first instance of each plugin, VMM and kernel, in plan order",
          "[unit][placer]") {
  using fcbench::run::Instance;
  using fcbench::run::Placed;
  const auto native = fcbench::vmm::make_driver("native");
  std::vector<fcbench::config::Benchmark> b(4);
  for (auto& x : b) x.plugin = "prime", x.vm.vmm = "native";
  b[1].params["n"] = "3";  // another benchmark of the same plugin, VMM and kernel
  b[2].plugin = "dd";
  b[3].vm.kernel = "other";
  std::map<const fcbench::config::Benchmark*, Placed> protos;
  for (auto& x : b) {
    Placed p;
    p.bench = &x;
    p.driver = native.get();
    protos.emplace(&x, std::move(p));
  }
  const fcbench::run::Placer placer(std::move(protos), "/nonexistent/out");
  const std::vector<Instance> plan = {{"i1", &b[1], 1, 0}, {"i0", &b[0], 1, 0},
                                      {"i2", &b[2], 1, 0}, {"i3", &b[3], 1, 0},
                                      {"i4", &b[2], 1, 0}, {"i5", &b[0], 1, 0}};
  std::vector<std::string> ids;
  for (const auto& p : placer.samples(plan)) ids.push_back(p.id);
  CHECK(ids == std::vector<std::string>{"i1", "i2", "i3"});
}

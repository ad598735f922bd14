// run/shard: --shard K/N, which instances a shard runs, and that a shard
// keeps the workload's arrival times.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "../fixtures/test_support.hpp"
#include "run/plan.hpp"
#include "run/shard.hpp"
#include "util/error.hpp"

using fcbench::run::parse_shard;
using fcbench::run::Shard;

TEST_CASE("shard: K/N parses, and bad text is a clear exit-2 error", "[unit][shard]") {
  CHECK(parse_shard("0/3") == Shard{0, 3});
  CHECK(parse_shard("2/3") == Shard{2, 3});
  CHECK(parse_shard("0/1") == Shard{0, 1});
  CHECK(to_string(parse_shard("4/7")) == "4/7");
  for (const char* bad : {"3/3", "4/3", "0/0", "1/0", "", "3", "a/b", "1/x", "-1/3", " 1/3", "1/3 ",
                          "1//3", "1/3/5", "0/100001"}) {
    INFO(bad);
    try {
      parse_shard(bad);
      FAIL("accepted");
    } catch (const fcbench::UserError& e) {
      CHECK(e.exit_code == 2);
      CHECK_THAT(e.what(), Catch::Contains("--shard") && Catch::Contains("K/N"));
    }
  }
}

TEST_CASE("shard: every instance falls in exactly one shard, round robin", "[unit][shard]") {
  const uint32_t n = 3;
  std::vector<int> hits(300);
  std::vector<int> per_shard(n);
  for (uint32_t k = 0; k < n; ++k)
    for (size_t i = 0; i < hits.size(); ++i)
      if (fcbench::run::in_shard(i, {k, n})) ++hits[i], ++per_shard[k];
  for (int h : hits) CHECK(h == 1);
  CHECK(per_shard == std::vector<int>{100, 100, 100});
  CHECK(fcbench::run::in_shard(4, {1, 3}));
  CHECK_FALSE(fcbench::run::in_shard(4, {0, 3}));
}

TEST_CASE("shard: JSON round trip, null for no shard", "[unit][shard]") {
  using fcbench::run::shard_from_json;
  CHECK(fcbench::run::to_json(std::nullopt).is_null());
  CHECK_FALSE(shard_from_json(nullptr));
  auto j = fcbench::run::to_json(Shard{1, 4});
  CHECK(j == nlohmann::json{{"index", 1}, {"count", 4}});
  CHECK(*shard_from_json(j) == Shard{1, 4});
  CHECK_THROWS(shard_from_json(nlohmann::json{{"index", 4}, {"count", 4}}));
  CHECK_THROWS(shard_from_json(nlohmann::json{{"index", 0}}));
}

TEST_CASE("shard: a sharded plan keeps ids, order and arrival times", "[unit][shard]") {
  fcbench::test::TempDir t;
  std::ofstream(t / "w.jsonl") << "{}\n";
  fcbench::workload::Workload w;
  for (int i = 0; i < 10; ++i) {
    fcbench::workload::Instance wi;
    wi.id = "w" + std::to_string(i);
    wi.arrival_ns = 1000 * i + 7;
    wi.plugin = i % 2 ? "prime" : "dd";
    w.instances.push_back(wi);
  }
  std::set<std::string> seen;
  for (uint32_t k = 0; k < 3; ++k) {
    fcbench::run::RunOptions opt;
    opt.shard = Shard{k, 3};
    auto p = fcbench::run::plan_workload(w, t / "w.jsonl", opt);
    REQUIRE(p.instances.size() == (k == 0 ? 4u : 3u));
    for (size_t j = 0; j < p.instances.size(); ++j) {
      const size_t i = k + 3 * j;  // the workload's index
      CHECK(p.instances[j].id == "w" + std::to_string(i));
      CHECK(p.instances[j].arrival_ns == int64_t(1000 * i + 7));  // not shifted
      CHECK(p.instances[j].bench->plugin == w.instances[i].plugin);
      seen.insert(p.instances[j].id);
    }
  }
  CHECK(seen.size() == 10);
  // A baseline runs every configuration, whatever the shard.
  fcbench::run::RunOptions opt;
  opt.shard = Shard{2, 3};
  CHECK(fcbench::run::plan_baseline(w, t / "w.jsonl", opt).benches.size() == 2);
}

// Workload generation: determinism and the statistics of each arrival
// process and parameter distribution (fixed seeds, so never flaky).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "util/fs.hpp"
#include "workload/generator.hpp"
#include "workload/jsonl.hpp"
#include "workload/spec_loader.hpp"
#include "workload_support.hpp"

using fcbench::workload::generate;
using fcbench::workload::Instance;
using fcbench::workload::parse_spec;
using fcbench::workload::Spec;

namespace {

Spec spec(const std::string& yaml) {
  return parse_spec(yaml, "spec.yaml", fcbench::test::workload_plugins());
}

std::string file_of(const Spec& s, uint64_t seed) {
  fcbench::workload::Workload w;
  w.header = fcbench::workload::make_header(fcbench::workload::to_json(s), seed);
  w.instances = generate(s, seed);
  return fcbench::workload::to_jsonl(w);
}

const char* kMix =
    "instances: 500\n"
    "duration_s: 60\n"
    "arrival: {process: poisson}\n"
    "vm: {vcpus: 2, mem_mib: 128}\n"
    "mix:\n"
    "  - weight: 1\n"
    "    plugin: prime\n"
    "    params: {n: {choice: [1000000, 2500000, 4000000]}}\n"
    "  - weight: 1\n"
    "    plugin: stream\n"
    "    params: {iterations: {uniform_int: [10, 320]}}\n";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

bool sorted(const std::vector<Instance>& v) {
  for (size_t i = 1; i < v.size(); ++i)
    if (v[i].arrival_ns < v[i - 1].arrival_ns) return false;
  return true;
}

}  // namespace

TEST_CASE("workload: same spec and seed give byte-identical files", "[unit][workload]") {
  Spec s = spec(kMix);
  std::string a = file_of(s, 42), b = file_of(s, 42), c = file_of(s, 43);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(std::count(a.begin(), a.end(), '\n') == 501);
}

TEST_CASE("workload: instances are counted, sorted, uniquely named and typed", "[unit][workload]") {
  auto v = generate(spec(kMix), 7);
  REQUIRE(v.size() == 500);
  CHECK(sorted(v));
  CHECK(v.front().id == "w000001");
  CHECK(v.back().id == "w000500");
  for (auto& i : v) {
    CHECK(i.vcpus == 2);
    CHECK(i.mem_mib == 128);
    if (i.plugin == "prime") {
      CHECK(i.params["n"].is_number_integer());
      CHECK(i.params["method"] == "trial");  // the default, filled in
    } else {
      CHECK(i.params["iterations"].is_number_integer());
      CHECK(i.params["array_size"] == 2000000);
    }
  }
  auto line = fcbench::workload::instance_line(v.front());
  CHECK(line.rfind("{\"id\":\"w000001\",\"arrival_ns\":", 0) == 0);
}

TEST_CASE("workload: poisson inter-arrival mean and CV match the rate", "[unit][workload]") {
  auto v = generate(spec("instances: 20000\nduration_s: 2000\narrival: {process: poisson}\n"
                         "mix: [{plugin: prime}]\n"),
                    12345);
  REQUIRE(v.size() == 20000);
  CHECK(sorted(v));
  double sum = 0, sq = 0, prev = 0;
  for (auto& i : v) {
    double gap = double(i.arrival_ns) - prev;
    prev = double(i.arrival_ns);
    sum += gap;
    sq += gap * gap;
  }
  double mean = sum / 20000, sd = std::sqrt(sq / 20000 - mean * mean);
  CHECK(mean == Approx(0.1e9).epsilon(0.03));  // expected 100 ms; 1/sqrt(n) = 0.7%
  CHECK(sd / mean == Approx(1.0).epsilon(0.05));
  CHECK(double(v.back().arrival_ns) == Approx(2000e9).epsilon(0.05));
}

TEST_CASE("workload: uniform arrivals stay within the span", "[unit][workload]") {
  auto v = generate(spec("instances: 5000\nduration_s: 10\narrival: {process: uniform}\n"
                         "mix: [{plugin: prime}]\n"),
                    1);
  CHECK(sorted(v));
  int first_half = 0;
  for (auto& i : v) {
    CHECK(i.arrival_ns >= 0);
    CHECK(i.arrival_ns < 10'000'000'000);
    first_half += i.arrival_ns < 5'000'000'000;
  }
  CHECK(first_half > 2300);
  CHECK(first_half < 2700);
}

TEST_CASE("workload: burst arrivals come in groups of size every interval", "[unit][workload]") {
  auto v = generate(spec("instances: 7\narrival: {process: burst, size: 3, interval_s: 2.5}\n"
                         "mix: [{plugin: prime}]\n"),
                    1);
  std::vector<int64_t> t;
  for (auto& i : v) t.push_back(i.arrival_ns);
  CHECK(t ==
        std::vector<int64_t>{0, 0, 0, 2'500'000'000, 2'500'000'000, 2'500'000'000, 5'000'000'000});
}

TEST_CASE("workload: choice weights and mix weights are respected", "[unit][workload]") {
  auto v = generate(spec("instances: 10000\nduration_s: 100\narrival: {process: poisson}\n"
                         "mix:\n"
                         "  - {weight: 3, plugin: prime,\n"
                         "     params: {n: {choice: [100, 200], weights: [1, 4]}}}\n"
                         "  - {weight: 1, plugin: dd}\n"),
                    99);
  std::map<std::string, int> plugins;
  std::map<int64_t, int> n;
  for (auto& i : v) {
    ++plugins[i.plugin];
    if (i.plugin == "prime") ++n[i.params["n"].get<int64_t>()];
  }
  CHECK(plugins["prime"] / 10000.0 == Approx(0.75).margin(0.02));
  CHECK(n[200] / double(plugins["prime"]) == Approx(0.8).margin(0.02));
  CHECK(n.size() == 2);
}

TEST_CASE("workload: uniform_int includes both bounds, uniform includes a but not b",
          "[unit][workload]") {
  auto v = generate(spec("instances: 2000\nduration_s: 10\narrival: {process: uniform}\n"
                         "mix:\n"
                         "  - {plugin: stream, params: {iterations: {uniform_int: [1, 4]}}}\n"
                         "  - {plugin: sleeper, params: {seconds: {uniform: [0.5, 1.5]}}}\n"),
                    3);
  std::map<int64_t, int> seen;
  for (auto& i : v) {
    if (i.plugin == "stream") {
      ++seen[i.params["iterations"].get<int64_t>()];
    } else {
      REQUIRE(i.params["seconds"].is_number_float());
      double s = i.params["seconds"].get<double>();
      CHECK(s >= 0.5);
      CHECK(s < 1.5);
    }
  }
  CHECK(seen.size() == 4);
  CHECK(seen.begin()->first == 1);
  CHECK(seen.rbegin()->first == 4);
}

TEST_CASE("workload: known answers, byte for byte, for fixed specs and seeds", "[unit][workload]") {
  // test/data/workload/kat-*.jsonl were written by `fcbench generate` from
  // the spec beside them. A different random stream, distribution or file
  // format shows up here; regenerate them only for an intended change
  // (docs/testing.md says how).
  const std::filesystem::path dir = FCBENCH_TEST_DATA_DIR "/workload";
  for (std::string name : {"kat-poisson", "kat-uniform"}) {
    INFO(name);
    Spec s =
        fcbench::workload::load_spec(dir / (name + ".yaml"), fcbench::test::workload_plugins());
    REQUIRE(s.seed);
    fcbench::workload::Workload w;
    w.instances = generate(s, *s.seed);
    w.header = fcbench::workload::make_header(fcbench::workload::to_json(s), *s.seed);
    auto got = lines(fcbench::workload::to_jsonl(w));
    auto want = lines(fcbench::read_file(dir / (name + ".jsonl")));
    REQUIRE(got.size() == want.size());
    // The header names the fcbench version that wrote it; the rest must match.
    auto got_header = nlohmann::json::parse(got[0]), want_header = nlohmann::json::parse(want[0]);
    got_header.erase("fcbench_version");
    want_header.erase("fcbench_version");
    CHECK(got_header == want_header);
    for (size_t i = 1; i < got.size(); ++i) {
      INFO("line " << i + 1);
      CHECK(got[i] == want[i]);
    }
  }
}

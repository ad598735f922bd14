// A directory of the prior tool's files → an fcbench results directory.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "results/baseline.hpp"
#include "results/legacy_import.hpp"
#include "results/record.hpp"
#include "util/dir_lock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "workload_support.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using namespace fcbench::results;
using namespace fcbench::results::legacy;
namespace fs = std::filesystem;

namespace {

const fs::path kSamples = fs::path(FCBENCH_TEST_DATA_DIR) / "legacy";

std::vector<nlohmann::json> json_lines(const fs::path& file) {
  std::vector<nlohmann::json> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

// Data lines of a sample file (after its header, without comments).
size_t data_lines(const fs::path& file) {
  std::ifstream in(file);
  size_t n = 0;
  bool header = false;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (!header) {
      header = true;
      continue;
    }
    ++n;
  }
  return n;
}

ImportSummary import_dir(const fs::path& dir, const fs::path& out) {
  ImportOptions opt;
  opt.dir = dir;
  opt.out = out;
  return import_legacy(opt, fcbench::test::workload_plugins());
}

template <class F>
std::string user_error(F&& f) {
  try {
    f();
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    return e.what();
  }
  FAIL("expected a UserError");
  return "";
}

}  // namespace

TEST_CASE("legacy import: the samples convert into one results directory", "[unit][results]") {
  fcbench::test::TempDir t;
  auto sum = import_dir(kSamples, t / "out");
  const size_t n1 = data_lines(kSamples / "results-1.txt");
  const size_t n2 = data_lines(kSamples / "results-2.txt");
  REQUIRE(n1 == 20);
  CHECK(sum.records == n1 + n2);
  CHECK(sum.ok == n1 + n2 - 1);  // results-1.txt has one row with tVM 0
  CHECK(sum.host_samples ==
        data_lines(kSamples / "sysmon-1.txt") + data_lines(kSamples / "sysmon-2.txt"));
  CHECK(sum.baseline_entries == 6);
  CHECK(sum.warnings.empty());
  CHECK(sum.sources == std::vector<std::string>{"results-1.txt", "sysmon-1.txt", "results-2.txt",
                                                "sysmon-2.txt", "baselines.txt"});

  auto lines = json_lines(t / "out" / "results.jsonl");
  REQUIRE(lines.size() == n1 + n2);
  std::set<std::string> ids;
  for (auto& j : lines) {
    Record r = from_json(j);
    ids.insert(r.id);
    CHECK(r.vmm == "firecracker");
    CHECK(r.accel == "kvm");
    CHECK(r.imported_from == (r.id.starts_with("1-") ? "results-1.txt" : "results-2.txt"));
    CHECK_FALSE(r.env_id.empty());
  }
  CHECK(ids.size() == lines.size());
  CHECK(lines[0]["id"] == "1-000001");
  CHECK(lines[n1]["id"] == "2-000001");

  // Every configuration in the results has its baseline entry.
  Baseline b = load_baseline(t / "out");
  for (auto& j : lines) CHECK(b.entries.contains(key_of(from_json(j))));
  CHECK(b.repetitions == 3);

  auto env = nlohmann::json::parse(fcbench::read_file(t / "out" / "env.json"));
  CHECK(env["vmm"] == "firecracker");
  CHECK(env["accel"] == "kvm");
  CHECK(env["cpu_count"] == 8);
  CHECK(env["total_mem"] == 17179869184u);
  CHECK(env["imported_from"]["tool"] == "fc-microbenchmark");
  CHECK(env["imported_from"]["baseline"] == nlohmann::json::array({"baselines.txt"}));
  CHECK(env["imported_from"]["programs_file"].is_null());
  CHECK(lines[0]["env_id"] == fcbench::sha256_hex(env.dump()));

  auto host = json_lines(t / "out" / "host.jsonl");
  REQUIRE(host.size() == sum.host_samples);
  int64_t most = 0;
  for (auto& h : host) most = std::max(most, h["running"].get<int64_t>());
  CHECK(most >= 3);
}

TEST_CASE("legacy import: a record without imported_from leaves it out of the JSON",
          "[unit][results]") {
  Record r;
  r.status = Status::ok;
  CHECK_FALSE(to_json(r).contains("imported_from"));
  CHECK(from_json(to_json(r)).imported_from.empty());
}

TEST_CASE("legacy import: a malformed line stops it, and nothing is written", "[unit][results]") {
  fcbench::test::TempDir t;
  fs::create_directories(t / "in");
  fcbench::write_file(t / "in" / "results-a.txt",
                      "workloadID, workload argument, tFC, tVM, start time\n"
                      "0,1000,4231,298,1606757721\n"
                      "9,1000,4231,298,1606757722\n");
  const std::string in = (t / "in").string();
  CHECK_THAT(user_error([&] { import_dir(t / "in", t / "out"); }),
             Equals(in + "/results-a.txt:3:1: workload ID 9 names no program; the programs are 0 "
                         "primenumber, 1 dd-workload, 2 stream (the prior tool's default program "
                         "list)"));
  CHECK_FALSE(fs::exists(t / "out"));
}

TEST_CASE("legacy import: missing sysmon and baseline files are warnings", "[unit][results]") {
  fcbench::test::TempDir t;
  fs::create_directories(t / "in");
  fs::copy_file(kSamples / "results-2.txt", t / "in" / "results-2.txt");
  fs::copy_file(kSamples / "sysmon-1.txt", t / "in" / "sysmon-1.txt");
  auto sum = import_dir(t / "in", t / "out");
  CHECK(sum.records == data_lines(kSamples / "results-2.txt"));
  CHECK(sum.host_samples == 0);
  CHECK(sum.baseline_entries == 0);
  REQUIRE(sum.warnings.size() == 3);
  CHECK_THAT(sum.warnings[0], Equals("no sysmon-2.txt: results-2.txt has no host samples"));
  CHECK_THAT(sum.warnings[1], Contains("no baseline runs (baselines.txt or baseline.txt)"));
  CHECK_THAT(sum.warnings[2],
             Equals("sysmon-1.txt: no results file of the same name; not imported"));
  CHECK(fs::exists(t / "out" / "results.jsonl"));
  CHECK(fs::exists(t / "out" / "env.json"));
  CHECK_FALSE(fs::exists(t / "out" / "host.jsonl"));
  CHECK_FALSE(fs::exists(t / "out" / "baseline.json"));
}

TEST_CASE("legacy import: a directory without results, or an OUT with results, is refused",
          "[unit][results]") {
  fcbench::test::TempDir t;
  fs::create_directories(t / "empty");
  fcbench::write_file(t / "empty" / "baselines.txt", "");
  CHECK_THAT(user_error([&] { import_dir(t / "empty", t / "out"); }),
             Equals((t / "empty").string() +
                    ": no results-*.txt (the prior tool's results files) in this directory"));
  CHECK_THAT(
      user_error([&] { import_dir(t / "missing", t / "out"); }),
      Equals((t / "missing").string() + ": not a directory (expected the prior tool's results)"));
  fs::create_directories(t / "out");
  fcbench::write_file(t / "out" / "results.jsonl", "");
  CHECK_THAT(user_error([&] { import_dir(kSamples, t / "out"); }),
             Equals((t / "out").string() + " already holds results; choose another -o"));
  // An OUT another fcbench is writing: refused, naming its PID.
  fs::create_directories(t / "busy");
  const fcbench::DirLock held(t / "busy", "test");
  CHECK_THAT(user_error([&] { import_dir(kSamples, t / "busy"); }),
             Contains("(PID " + std::to_string(::getpid()) + ")"));
}

TEST_CASE("legacy import: --legacy-programs reorders the workload IDs", "[unit][results]") {
  fcbench::test::TempDir t;
  fcbench::write_file(t / "programs.txt", "stream\nprimenumber\ndd-workload\n");
  ImportOptions opt;
  opt.dir = kSamples;
  opt.out = t / "out";
  opt.programs = fcbench::workload::load_program_list(t / "programs.txt");
  // The samples' arguments now meet other parameters: results-1.txt line 3
  // (ID 0, 1000000) is stream with 1000000 iterations, which converts (the
  // plugin's range is checked when a run starts, not here).
  auto sum = import_legacy(opt, fcbench::test::workload_plugins());
  auto first = json_lines(t / "out" / "results.jsonl").at(0);
  CHECK(first["plugin"] == "stream");
  CHECK(first["params"]["iterations"] == 1000000);
  CHECK(sum.records == 28);
  auto env = nlohmann::json::parse(fcbench::read_file(t / "out" / "env.json"));
  CHECK(env["imported_from"]["programs_file"] == (t / "programs.txt").string());
}

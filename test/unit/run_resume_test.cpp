// run/resume: which records are final, what moves aside, what stays, and
// which instances are left.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../fixtures/test_support.hpp"
#include "run/resume.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace {

using fcbench::test::TempDir;

std::string line(const std::string& id, const std::string& status) {
  return nlohmann::json{{"id", id}, {"status", status}, {"suite", "s"}}.dump() + "\n";
}

size_t count_lines(const std::filesystem::path& f) {
  std::ifstream in(f);
  size_t n = 0;
  for (std::string l; std::getline(in, l);) n += !l.empty();
  return n;
}

}  // namespace

TEST_CASE("resume: final records stay, the rest move aside and nothing is lost", "[unit][resume]") {
  TempDir t;
  auto results = t / "results.jsonl", aside = t / "results.superseded.jsonl";
  fcbench::write_file(results, line("a", "ok") + line("b", "interrupted") +
                                   line("c", "not_started") + line("d", "failed") +
                                   line("e", "timeout") + line("b", "ok") +
                                   "{\"id\":\"f\",\"sta");  // cut short by SIGKILL
  auto kept = fcbench::run::split_final_records(results, aside);
  REQUIRE(kept.size() == 4);
  CHECK(kept[0].id == "a");
  CHECK(kept[1].id == "d");
  CHECK(kept[2].id == "e");
  CHECK(kept[3].id == "b");
  CHECK(kept[3].status == fcbench::results::Status::ok);
  CHECK(count_lines(results) == 4);
  CHECK(count_lines(aside) == 3);  // b interrupted, c not started, the partial line
  CHECK(fcbench::read_file(aside).find("\"sta") != std::string::npos);

  // A second split finds nothing to move.
  auto again = fcbench::run::split_final_records(results, aside);
  CHECK(again.size() == 4);
  CHECK(count_lines(aside) == 3);
}

TEST_CASE("resume: of two final records for one id, the last one stays", "[unit][resume]") {
  TempDir t;
  auto results = t / "results.jsonl", aside = t / "aside.jsonl";
  fcbench::write_file(results, line("a", "failed") + line("a", "ok"));
  auto kept = fcbench::run::split_final_records(results, aside);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].status == fcbench::results::Status::ok);
  CHECK(count_lines(aside) == 1);
}

TEST_CASE("resume: final statuses", "[unit][resume]") {
  using fcbench::run::is_final;
  using enum fcbench::results::Status;
  CHECK(is_final(ok));
  CHECK(is_final(failed));
  CHECK(is_final(timeout));
  CHECK_FALSE(is_final(interrupted));
  CHECK_FALSE(is_final(not_started));
}

TEST_CASE("resume: what is left keeps its order and spacing, and starts at once",
          "[unit][resume]") {
  std::vector<fcbench::run::Instance> all(5);
  for (size_t i = 0; i < all.size(); ++i) {
    all[i].id = "i" + std::to_string(i);
    all[i].arrival_ns = int64_t(i) * 100;
  }
  auto left = fcbench::run::remaining_instances(all, {"i0", "i1", "i3"});
  REQUIRE(left.size() == 2);
  CHECK(left[0].id == "i2");
  CHECK(left[0].arrival_ns == 0);
  CHECK(left[1].id == "i4");
  CHECK(left[1].arrival_ns == 200);
  CHECK(fcbench::run::remaining_instances(all, {"i0", "i1", "i2", "i3", "i4"}).empty());
  CHECK(fcbench::run::remaining_instances(all, {}).size() == 5);
}

TEST_CASE("resume: a failure to get QEMU's write lock (held by a dead run) is run again",
          "[unit][resume]") {
  TempDir t;
  auto results = t / "results.jsonl", aside = t / "aside.jsonl";
  auto failed = [](const std::string& id, const std::string& error) {
    return nlohmann::json{{"id", id}, {"status", "failed"}, {"error", error}}.dump() + "\n";
  };
  fcbench::write_file(
      results, failed("a",
                      "no results came back from the guest; VMM exited with status 1 (last "
                      "console: qemu-system-x86_64: Failed to get \"write\" lock | Is another "
                      "process using the image [w.ext4]?)") +
                   failed("b", "Failed to get shared \"write\" lock") +
                   failed("c", "guest panic: x"));
  auto kept = fcbench::run::split_final_records(results, aside);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].id == "c");
  CHECK(count_lines(aside) == 2);
}

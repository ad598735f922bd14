#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "slurm/status.hpp"
#include "util/fs.hpp"

using namespace fcbench;

TEST_CASE("slurm indices: single, range, list, brackets and task limit") {
  using V = std::vector<uint32_t>;
  CHECK(slurm::parse_indices("3") == V{3});
  CHECK(slurm::parse_indices("0-2") == V{0, 1, 2});
  CHECK(slurm::parse_indices("[0-2,5%4]") == V{0, 1, 2, 5});
  CHECK(slurm::parse_indices("[7]") == V{7});
  CHECK(slurm::parse_indices("").empty());
  CHECK(slurm::parse_indices("N/A").empty());
  CHECK(slurm::parse_indices("5-2").empty());
}

TEST_CASE("slurm squeue: one line per array task, pending ranges expanded") {
  const auto t =
      slurm::parse_squeue("0|RUNNING|0:03|node1\n1|RUNNING|0:03|node2\n2-3|PENDING|0:00|\n");
  REQUIRE(t.size() == 4);
  CHECK(t.at(0).state == "RUNNING");
  CHECK(t.at(0).node == "node1");
  CHECK(t.at(0).elapsed == "0:03");
  CHECK(t.at(1).node == "node2");
  CHECK(t.at(3).state == "PENDING");
  CHECK(t.at(3).source == "squeue");
}

TEST_CASE("slurm sacct: allocations by task, steps skipped, CANCELLED by UID trimmed") {
  const auto t = slurm::parse_sacct(
      "17_0|COMPLETED|0:0|00:00:05|node1\n"
      "17_0.batch|COMPLETED|0:0|00:00:05|node1\n"
      "17_1|CANCELLED by 0|0:15|00:00:02|node2\n"
      "17_[2-3]|PENDING|0:0|00:00:00|None assigned\n");
  REQUIRE(t.size() == 4);
  CHECK(t.at(0).state == "COMPLETED");
  CHECK(t.at(0).exit_code == "0:0");
  CHECK(t.at(1).state == "CANCELLED");
  CHECK(t.at(1).exit_code == "0:15");
  CHECK(t.at(2).state == "PENDING");
  CHECK(t.at(3).source == "sacct");
}

TEST_CASE("slurm scontrol: one-liner records by ArrayTaskId") {
  const auto t = slurm::parse_scontrol(
      "JobId=21 ArrayJobId=20 ArrayTaskId=1 JobName=fcbench JobState=COMPLETED Reason=None "
      "ExitCode=0:0 RunTime=00:00:04 NodeList=n1 WorkDir=/s\n"
      "JobId=20 ArrayJobId=20 ArrayTaskId=0 JobName=fcbench JobState=CANCELLED Reason=None "
      "ExitCode=0:15 RunTime=00:00:02 NodeList=n1 WorkDir=/s\n"
      "JobId=22 ArrayJobId=20 ArrayTaskId=2-3 JobName=fcbench JobState=PENDING "
      "Reason=Resources ExitCode=0:0 RunTime=00:00:00 NodeList=(null) WorkDir=/s\n");
  REQUIRE(t.size() == 4);
  CHECK(t.at(0).state == "CANCELLED");
  CHECK(t.at(0).exit_code == "0:15");
  CHECK(t.at(1).state == "COMPLETED");
  CHECK(t.at(1).elapsed == "00:00:04");
  CHECK(t.at(1).node == "n1");
  CHECK(t.at(3).state == "PENDING");
  CHECK(t.at(3).node.empty());
}

TEST_CASE("slurm shards: sizes of i mod n == k, and a shard directory's records") {
  CHECK(slurm::shard_size(300, 3, 0) == 100);
  CHECK(slurm::shard_size(10, 3, 0) == 4);
  CHECK(slurm::shard_size(10, 3, 1) == 3);
  CHECK(slurm::shard_size(10, 3, 2) == 3);
  CHECK(slurm::shard_size(2, 3, 2) == 0);
  CHECK(slurm::shard_size(5, 0, 0) == 0);
  test::TempDir tmp;
  CHECK_FALSE(slurm::shard_records((tmp / "none").string()).exists);
  write_file(tmp / "results.jsonl",
             "{\"id\":\"a\",\"status\":\"ok\"}\n{\"id\":\"b\",\"status\":\"failed\"}\n"
             "{\"id\":\"c\",\"status\":\"ok\"}\n{\"id\":\"d\",\"sta");  // a torn last line
  const auto r = slurm::shard_records(tmp.path().string());
  CHECK(r.exists);
  CHECK(r.records == 3);
  CHECK(r.ok == 2);
}

// results/not_started: template lines for not_started records are exactly
// what to_json would write.
#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "results/not_started.hpp"

using fcbench::results::NotStartedLine;
using fcbench::results::Record;
using fcbench::results::Status;

namespace {

Record pending(const std::string& id, uint32_t rep, int64_t scheduled) {
  Record r;
  r.id = id;
  r.suite = "s";
  r.benchmark = "sleeper[seconds=0.3]";
  r.plugin = "sleeper";
  r.params = {{"seconds", "0.3"}, {"message", "a \"quoted\" one"}};
  r.param_types = {{"seconds", FCB_PARAM_FLOAT}};
  r.repetition = rep;
  r.vmm = "native";
  r.accel = "none";
  r.mem_mib = 128;
  r.status = Status::not_started;
  r.error = "the run was interrupted before this instance started";
  r.scheduled_ns = scheduled;
  r.env = {{"host_kernel", "6.1"}, {"vmm", "native"}};
  r.env_id = "abc";
  r.host = "h";
  r.start_mono_ns = 5;
  r.start_wall_ns = 6;
  return r;
}

}  // namespace

TEST_CASE("not_started lines: the same text as to_json", "[unit][results]") {
  std::vector<Record> recs = {pending("a", 1, 10), pending("b\n\"odd\"", 2, 20),
                              pending("c", 3, 1'000'000'000'000), pending("\xc3\xa9", 9, 1)};
  recs.push_back(pending("d", 1, 30));
  recs.back().params["seconds"] = "0.5";
  recs.back().params["extra"] = "x";
  recs.back().benchmark = "another \"one\"";
  recs.push_back(pending("e", 1, 40));
  recs.back().env["vmm"] = "qemu";
  for (const auto& like : recs) {
    const NotStartedLine line(like);
    for (auto& r : recs) {
      Record expected = like;
      expected.benchmark = r.benchmark;
      expected.params = r.params;
      expected.id = r.id;
      expected.repetition = r.repetition;
      expected.scheduled_ns = r.scheduled_ns;
      INFO(like.id << " filled as " << r.id);
      CHECK(line.fill(r.benchmark, r.id, r.params, r.repetition, r.scheduled_ns) ==
            to_json(expected).dump());
    }
  }
}

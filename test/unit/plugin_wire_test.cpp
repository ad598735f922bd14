// plugin/wire: what fcbench and a plugin host exchange survives the trip
// byte for byte, and a short message is refused, never read past its end.
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "plugin/wire.hpp"

using namespace fcbench::plugin;
using Catch::Matchers::Contains;

namespace {

// The body of a frame (its length prefix checked and removed).
std::string body_of(const wire::Writer& w) {
  std::string f = w.frame();
  REQUIRE(f.size() >= 4);
  uint32_t n;
  std::memcpy(&n, f.data(), 4);
  REQUIRE(n == f.size() - 4);
  return f.substr(4);
}

}  // namespace

TEST_CASE("plugin wire: info, job, output and metrics round-trip", "[unit][plugin]") {
  Info info{"p", "1.2", "desc", 1, 0, {{"n", FCB_PARAM_INT, "7", "doc"}}, {}};
  info.files.push_back({FCB_FILE_HOST_BINARY, "fio", "/usr/bin/fio"});
  Job job{{"/bin/x", "-a", ""}, {"out.json"}, {2, 256, 64}};
  GuestOutput out;
  out.params = {{"n", "7"}, {"m", ""}};
  out.out = std::string("a\0b\xff", 4);
  out.err = "e";
  out.exit_status = 3;
  out.term_signal = 9;
  out.files = {{"f", std::string(70000, 'x')}};
  out.guest_payload_ns = -1;
  out.time_to_payload_ns = 1LL << 40;
  std::vector<Metric> metrics{{"m", 1.5e-300, "s", false}, {"k", -0.0, "", true}};

  wire::Writer w;
  wire::put(w, info);
  wire::put(w, job);
  wire::put(w, out);
  wire::put(w, metrics);
  const std::string body = body_of(w);
  wire::Reader r(body);
  auto i = wire::get_info(r);
  CHECK(i.name == "p");
  CHECK(i.version == "1.2");
  CHECK(i.abi_major == 1);
  REQUIRE(i.params.size() == 1);
  CHECK(i.params[0].type == FCB_PARAM_INT);
  CHECK(i.params[0].default_value == "7");
  REQUIRE(i.files.size() == 1);
  CHECK(i.files[0].kind == FCB_FILE_HOST_BINARY);
  CHECK(i.files[0].guest_path == "/usr/bin/fio");
  auto j = wire::get_job(r);
  CHECK(j.argv == job.argv);
  CHECK(j.result_files == job.result_files);
  CHECK(j.requirements.min_mem_mib == 256);
  CHECK(j.requirements.write_disk_mib == 64);
  auto o = wire::get_output(r);
  CHECK(o.params == out.params);
  CHECK(o.out == out.out);
  CHECK(o.exit_status == 3);
  CHECK(o.term_signal == 9);
  CHECK(o.files == out.files);
  CHECK(o.guest_payload_ns == -1);
  CHECK(o.time_to_payload_ns == out.time_to_payload_ns);
  auto m = wire::get_metrics(r);
  REQUIRE(m.size() == 2);
  CHECK(m[0].value == 1.5e-300);
  CHECK_FALSE(m[0].higher_is_better);
  CHECK(m[1].higher_is_better);
  CHECK(r.done());
}

TEST_CASE("plugin wire: a truncated message is refused at every cut", "[unit][plugin]") {
  GuestOutput out;
  out.params = {{"k", "v"}};
  out.out = "stdout";
  out.files = {{"f", "data"}};
  wire::Writer w;
  wire::put(w, out);
  const std::string body = body_of(w);
  for (size_t cut = 0; cut < body.size(); ++cut) {
    INFO("cut at " << cut);
    wire::Reader r(std::string_view(body).substr(0, cut));
    CHECK_THROWS_WITH(wire::get_output(r), Contains("malformed message"));
  }
}

// host/journal: what the journal holds, and where it is kept.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "../fixtures/host_fixture.hpp"
#include "host/journal.hpp"
#include "host/session.hpp"
#include "util/fs.hpp"

using Fixture = fcbench::test::HostFixture;
using fcbench::test::FakeHost;
using fcbench::test::kControl;
using fcbench::test::settings;
namespace host = fcbench::host;
namespace fs = std::filesystem;

TEST_CASE("host: the journal holds the originals, the owner and the boot id", "[unit][host]") {
  Fixture f;
  host::Session s(f.sys, settings(host::Toggle::off, "performance"));
  s.apply();
  auto doc = nlohmann::json::parse(fcbench::read_file(f.journal()));
  CHECK(doc["pid"] == ::getpid());
  CHECK(doc["boot_id"] == FakeHost{}.boot_id);
  CHECK(doc["root"] == f.fake.root().string());
  REQUIRE(doc["changes"].size() == 3);  // control + governor on cpu0 and cpu1
  CHECK(doc["changes"][0]["path"] == kControl);
  CHECK(doc["changes"][0]["original"] == "on");
  CHECK(doc["changes"][0]["target"] == "off");
  CHECK(doc["changes"][1]["original"] == "powersave");
  // Nothing but the journal in the cache directory (no temporary left).
  CHECK(std::distance(fs::directory_iterator(f.journal().parent_path()), {}) == 1);
}

TEST_CASE("host: the real host and a fake root keep separate journals", "[unit][host]") {
  Fixture f;
  CHECK(host::journal_path(host::Sysfs("/")).filename() == "host-journal.json");
  CHECK(host::journal_path(f.sys).filename() != "host-journal.json");
  CHECK(host::journal_path(f.sys).parent_path() == f.tmp.path() / "cache");
}

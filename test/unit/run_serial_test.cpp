// The serial console monitor: marker arrival times, agent errors, panics.
#include <catch2/catch.hpp>
#include <string>

#include "run/serial.hpp"

using fcbench::run::SerialMonitor;

TEST_CASE("serial: markers are timestamped when their line completes", "[unit][serial]") {
  SerialMonitor m;
  m.feed("[    0.1] kernel noise\n@@FCBENCH:booted@@\n", 100);
  m.feed("@@FCBENCH:payload_start@@\n", 200);
  CHECK(m.at("booted") == 100);
  CHECK(m.at("payload_start") == 200);
  CHECK(m.at("payload_end") == 0);
  CHECK(m.agent_error.empty());
  CHECK(m.panic.empty());
}

TEST_CASE("serial: a marker split across chunks takes the time of its newline", "[unit][serial]") {
  SerialMonitor m;
  m.feed("@@FCB", 10);
  m.feed("ENCH:payl", 20);
  CHECK(m.at("payload_end") == 0);
  m.feed("oad_end@@", 30);
  CHECK(m.at("payload_end") == 0);  // the line is not finished yet
  m.feed("\n", 40);
  CHECK(m.at("payload_end") == 40);
}

TEST_CASE("serial: CRLF line ends and text around a marker", "[unit][serial]") {
  SerialMonitor m;
  m.feed("@@FCBENCH:booted@@\r\n", 5);
  m.feed("garbage before @@FCBENCH:results@@ and after\r\n", 6);
  CHECK(m.at("booted") == 5);
  CHECK(m.at("results") == 6);
  // "\r" is not part of the marker name.
  CHECK(m.at("booted\r") == 0);
}

TEST_CASE("serial: the first arrival of a marker wins", "[unit][serial]") {
  SerialMonitor m;
  m.feed("@@FCBENCH:booted@@\n", 1);
  m.feed("@@FCBENCH:booted@@\n", 2);
  CHECK(m.at("booted") == 1);
}

TEST_CASE("serial: unframed or unfinished markers are ignored", "[unit][serial]") {
  SerialMonitor m;
  m.feed("@@FCBENCH:booted\n@FCBENCH:results@@\n@@FCBENCH:payload_start@@", 7);
  CHECK(m.at("booted") == 0);
  CHECK(m.at("results") == 0);
  CHECK(m.at("payload_start") == 0);  // no newline yet
}

TEST_CASE("serial: agent_error carries its reason", "[unit][serial]") {
  SECTION("with text") {
    SerialMonitor m;
    m.feed("@@FCBENCH:agent_error@@   cannot read job: bad magic\r\n", 50);
    CHECK(m.at("agent_error") == 50);
    CHECK(m.agent_error == "cannot read job: bad magic");
  }
  SECTION("without text") {
    SerialMonitor m;
    m.feed("@@FCBENCH:agent_error@@\n", 50);
    CHECK(m.at("agent_error") == 50);
    CHECK_FALSE(m.agent_error.empty());
  }
  SECTION("the first reason is kept") {
    SerialMonitor m;
    m.feed("@@FCBENCH:agent_error@@ first\n@@FCBENCH:agent_error@@ second\n", 1);
    CHECK(m.agent_error == "first");
  }
  SECTION("split across chunks") {
    SerialMonitor m;
    m.feed("@@FCBENCH:agent_er", 1);
    m.feed("ror@@ disk vdc miss", 2);
    m.feed("ing\n", 3);
    CHECK(m.agent_error == "disk vdc missing");
    CHECK(m.at("agent_error") == 3);
  }
}

TEST_CASE("serial: a kernel panic line is captured", "[unit][serial]") {
  SerialMonitor m;
  m.feed("[    1.0] ok\n[    1.2] Kernel panic - not syncing: Attempted to kill init!", 1);
  CHECK(m.panic.empty());  // not a full line yet
  m.feed("\r\n[    1.3] Kernel panic - second\n", 2);
  CHECK(m.panic == "[    1.2] Kernel panic - not syncing: Attempted to kill init!");
}

TEST_CASE("serial: ordinary lines are not panics", "[unit][serial]") {
  SerialMonitor m;
  m.feed("panic=-1 on the command line\nkernel panic (lower case)\n", 1);
  CHECK(m.panic.empty());
}

TEST_CASE("serial: the kernel's poweroff and halt lines are captured", "[unit][serial]") {
  SerialMonitor m;
  m.feed("[    1.5] reboot: Restarting system\n", 1);  // a reboot is the normal end
  CHECK(m.poweroff.empty());
  m.feed("[    1.6] reboot: Power down\r\n[    1.7] reboot: System halted\n", 2);
  CHECK(m.poweroff == "[    1.6] reboot: Power down");
  SerialMonitor h;
  h.feed("[    2.0] reboot: System halted\n", 1);
  CHECK(h.poweroff == "[    2.0] reboot: System halted");
}

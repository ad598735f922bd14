// The job/result channel: job encoding and result decoding.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "run/channel.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using fcbench::run::decode_results;
using fcbench::run::encode_job;
using fcbench::run::GuestResult;
using fcbench::run::JobSpec;
using fcbench::run::kResultOffset;
using fcbench::run::kResultSize;
using fcbench::test::TempDir;

namespace {

// One "<key> <len>\n<bytes>\n" record, as the guest agent writes it.
std::string rec(const std::string& key, const std::string& value) {
  return key + " " + std::to_string(value.size()) + "\n" + value + "\n";
}

const std::string kMagic = "FCBRES1\n";
const std::string kEnd = "end 0\n\n";

std::string full_result() {
  return kMagic + rec("status", "exited") + rec("exit_status", "3") + rec("term_signal", "0") +
         rec("payload_ns", "1234567890123") + rec("stdout", "line one\nline two\n") +
         rec("stderr", "warning\n") + rec("file", "out/result.txt") + rec("file_data", "42\n") +
         rec("file", "missing.txt") + rec("file_missing", "No such file or directory") +
         rec("file", "empty.bin") + rec("file_data", "") + kEnd;
}

}  // namespace

TEST_CASE("channel: encode_job writes the documented record layout", "[unit][channel]") {
  JobSpec job;
  job.argv = {"/bin/sh", "-c", "echo hi"};
  job.result_files = {"out.txt"};
  job.env = {"A=1"};
  const std::string expected =
      "FCBJOB1\n"
      "arg 7\n/bin/sh\n"
      "arg 2\n-c\n"
      "arg 7\necho hi\n"
      "result_file 7\nout.txt\n"
      "env 3\nA=1\n"
      "cwd 5\n/work\n"
      "result_offset 7\n1048576\n"
      "result_size 8\n16777216\n"
      "end 0\n\n";
  CHECK(encode_job(job) == expected);

  job.boot_timer_addr = "d0000000";
  CHECK(encode_job(job) ==
        expected.substr(0, expected.size() - kEnd.size()) + "boot_timer_addr 8\nd0000000\n" + kEnd);
}

TEST_CASE("channel: encode_job keeps binary-unsafe argv bytes intact", "[unit][channel]") {
  JobSpec job;
  job.argv = {"/p", std::string("a\nb\0c", 5), ""};
  job.cwd = "/";
  std::string blob = encode_job(job);
  CHECK(blob.find(std::string("arg 5\na\nb\0c\n", 12)) != std::string::npos);
  CHECK(blob.find("arg 0\n\n") != std::string::npos);
  CHECK(blob.find("cwd 1\n/\n") != std::string::npos);
}

TEST_CASE("channel: a job larger than the job area is refused", "[unit][channel]") {
  JobSpec job;
  job.argv = {"/p", std::string(kResultOffset, 'x')};
  CHECK_THROWS_AS(encode_job(job), fcbench::UserError);
}

TEST_CASE("channel: a full result decodes", "[unit][channel]") {
  GuestResult r = decode_results(full_result());
  CHECK(r.complete);
  CHECK(r.status == "exited");
  CHECK(r.exit_status == 3);
  CHECK(r.term_signal == 0);
  CHECK(r.payload_ns == 1234567890123LL);
  CHECK(r.out == "line one\nline two\n");
  CHECK(r.err == "warning\n");
  CHECK_FALSE(r.out_truncated);
  CHECK_FALSE(r.err_truncated);
  CHECK(r.error.empty());
  REQUIRE(r.files.size() == 2);
  CHECK(r.files[0] == std::make_pair(std::string("out/result.txt"), std::string("42\n")));
  CHECK(r.files[1] == std::make_pair(std::string("empty.bin"), std::string()));
  REQUIRE(r.missing.size() == 1);
  CHECK(r.missing[0] ==
        std::make_pair(std::string("missing.txt"), std::string("No such file or directory")));
}

TEST_CASE("channel: flags, signals and agent errors", "[unit][channel]") {
  GuestResult r =
      decode_results(kMagic + rec("status", "signaled") + rec("exit_status", "-1") +
                     rec("term_signal", "9") + rec("stdout_truncated", "1") +
                     rec("stderr_truncated", "1") + rec("error", "out of memory") + kEnd);
  CHECK(r.complete);
  CHECK(r.status == "signaled");
  CHECK(r.exit_status == -1);
  CHECK(r.term_signal == 9);
  CHECK(r.out_truncated);
  CHECK(r.err_truncated);
  CHECK(r.error == "out of memory");
}

TEST_CASE("channel: records after the end record are not read", "[unit][channel]") {
  std::string blob = kMagic + rec("status", "exited") + kEnd + rec("status", "late");
  blob += std::string(4096, '\0');  // the rest of the zeroed result area
  GuestResult r = decode_results(blob);
  CHECK(r.complete);
  CHECK(r.status == "exited");
}

TEST_CASE("channel: unknown keys are skipped", "[unit][channel]") {
  GuestResult r =
      decode_results(kMagic + rec("future_key", "whatever\n") + rec("exit_status", "0") + kEnd);
  CHECK(r.complete);
  CHECK(r.exit_status == 0);
}

TEST_CASE("channel: binary output with newlines and NULs survives", "[unit][channel]") {
  const std::string bin("\n\0\nend 0\n\n\0\xff", 12);
  GuestResult r = decode_results(kMagic + rec("stdout", bin) + rec("file", "b") +
                                 rec("file_data", bin) + rec("exit_status", "0") + kEnd);
  CHECK(r.complete);
  CHECK(r.out.size() == bin.size());
  CHECK(r.out == bin);
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].second == bin);
  CHECK(r.exit_status == 0);
}

TEST_CASE("channel: a truncated blob is incomplete but keeps what was read", "[unit][channel]") {
  const std::string blob = full_result();
  SECTION("cut before the end record") {
    GuestResult r = decode_results(blob.substr(0, blob.size() - kEnd.size()));
    CHECK_FALSE(r.complete);
    CHECK(r.status == "exited");
    CHECK(r.out == "line one\nline two\n");
  }
  SECTION("cut inside a record's data") {
    size_t cut = blob.find("line two");
    REQUIRE(cut != std::string::npos);
    GuestResult r = decode_results(blob.substr(0, cut));
    CHECK_FALSE(r.complete);
    CHECK(r.status == "exited");
    CHECK(r.out.empty());
  }
  SECTION("followed by zeros instead of an end record") {
    GuestResult r =
        decode_results(blob.substr(0, blob.size() - kEnd.size()) + std::string(64, '\0'));
    CHECK_FALSE(r.complete);
  }
  SECTION("a length that disagrees with the data") {
    GuestResult r = decode_results(kMagic + rec("status", "exited") + "stdout 3\nabcdef\n" + kEnd);
    CHECK_FALSE(r.complete);
    CHECK(r.status == "exited");
    CHECK(r.out.empty());
  }
  SECTION("a header without a length") {
    GuestResult r = decode_results(kMagic + "stdout\nabc\n" + kEnd);
    CHECK_FALSE(r.complete);
  }
}

TEST_CASE("channel: garbage is not a result", "[unit][channel]") {
  for (const std::string& blob :
       {std::string(), std::string(64, '\0'),
        std::string("FCBRES2\n") + rec("status", "exited") + kEnd,
        std::string("FCBJOB1\n") + rec("arg", "/bin/sh") + kEnd, std::string("FCBRES1")}) {
    GuestResult r = decode_results(blob);
    CHECK_FALSE(r.complete);
    CHECK(r.status.empty());
    CHECK(r.exit_status == -1);
  }
}

TEST_CASE("channel: write_channel and read_results round-trip through a file", "[unit][channel]") {
  TempDir tmp;
  const auto chan = tmp / "chan.img";
  JobSpec job;
  job.argv = {"/bin/true"};
  fcbench::run::write_channel(chan, job);

  struct stat st {};
  REQUIRE(::stat(chan.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK(uint64_t(st.st_size) == kResultOffset + kResultSize);
  const std::string encoded = encode_job(job);
  CHECK(fcbench::read_file(chan).substr(0, encoded.size()) == encoded);

  // Before the guest has written anything the result area is zeros.
  CHECK_FALSE(fcbench::run::read_results(chan).complete);

  // What the guest agent would write at the result offset.
  const std::string blob = full_result();
  int fd = ::open(chan.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  CHECK(::pwrite(fd, blob.data(), blob.size(), off_t(kResultOffset)) == ssize_t(blob.size()));
  ::close(fd);

  GuestResult r = fcbench::run::read_results(chan);
  CHECK(r.complete);
  CHECK(r.exit_status == 3);
  CHECK(r.out == "line one\nline two\n");
  CHECK(r.files.size() == 2);

  // Rewriting the channel truncates the old results away.
  fcbench::run::write_channel(chan, job);
  CHECK_FALSE(fcbench::run::read_results(chan).complete);
}

TEST_CASE("channel: reading a missing channel gives an incomplete result", "[unit][channel]") {
  TempDir tmp;
  GuestResult r = fcbench::run::read_results(tmp / "absent.img");
  CHECK_FALSE(r.complete);
  CHECK(r.status.empty());
}

TEST_CASE("channel: write_channel reports an unwritable path", "[unit][channel]") {
  TempDir tmp;
  JobSpec job;
  job.argv = {"/bin/true"};
  CHECK_THROWS_AS(fcbench::run::write_channel(tmp / "no-dir" / "chan.img", job),
                  fcbench::UserError);
}

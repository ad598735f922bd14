#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "../fixtures/test_support.hpp"
#include "slurm/submit.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using namespace fcbench;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

slurm::SubmitConfig config(const fs::path& shared) {
  slurm::SubmitConfig c;
  c.fcbench = "/opt/fcbench/bin/fcbench";
  c.version = "fcbench 9.9.9";
  c.workload = "/data/w.jsonl";
  c.shared_dir = shared.string();
  c.shards = 2;
  c.start_at_ns = 42;
  c.partition = "p1";
  return c;
}

// A stand-in sbatch in BIN: records its arguments (NUL-separated) in
// BIN/args, prints OUTPUT and exits with CODE.
void fake_sbatch(const fs::path& bin, const std::string& output, int code) {
  fs::create_directories(bin);
  write_file(bin / "sbatch",
             "#!/bin/sh\nprintf '%s\\0' \"$@\" > \"$(dirname \"$0\")/args\"\nprintf '" + output +
                 "'\nexit " + std::to_string(code) + "\n",
             0755);
}

int exit_code_of(const std::function<void()>& f, std::string& what) {
  try {
    f();
  } catch (const UserError& e) {
    what = e.what();
    return e.exit_code;
  }
  return 0;
}

}  // namespace

TEST_CASE("slurm preflight: no sbatch on PATH is exit 2, before anything is created") {
  test::TempDir tmp;
  test::ScopedEnv path("PATH", tmp.path().c_str());
  const auto c = config(tmp / "shared");
  std::string what;
  CHECK(exit_code_of([&] { slurm::preflight(c); }, what) == 2);
  CHECK_THAT(what, Contains("sbatch is not on PATH"));
  CHECK_FALSE(fs::exists(tmp / "shared"));
}

TEST_CASE("slurm preflight: an unwritable or occupied shared directory is exit 2") {
  test::TempDir tmp;
  fake_sbatch(tmp / "bin", "1\\n", 0);
  test::ScopedEnv path("PATH", (tmp / "bin").c_str());
  write_file(tmp / "a-file", "x");
  std::string what;
  CHECK(exit_code_of([&] { slurm::preflight(config(tmp / "a-file" / "shared")); }, what) == 2);
  CHECK_THAT(what, Contains("cannot create the shared directory"));
  CHECK(exit_code_of([&] { slurm::preflight(config(tmp / "a-file")); }, what) == 2);
  CHECK_THAT(what, Contains("is not a directory"));
  // A directory no file can be created in, even by root.
  CHECK(exit_code_of([&] { slurm::preflight(config("/proc")); }, what) == 2);
  CHECK_THAT(what, Contains("the shared directory /proc is not writable"));
  if (::geteuid() != 0) {  // mode 0555 stops all but root
    fs::create_directories(tmp / "ro");
    ::chmod((tmp / "ro").c_str(), 0555);
    CHECK(exit_code_of([&] { slurm::preflight(config(tmp / "ro")); }, what) == 2);
    CHECK_THAT(what, Contains("is not writable"));
  }
  // Missing: created. Then a shard directory from an earlier run is refused.
  CHECK(exit_code_of([&] { slurm::preflight(config(tmp / "new" / "shared")); }, what) == 0);
  CHECK(fs::is_directory(tmp / "new" / "shared"));
  CHECK(fs::is_empty(tmp / "new" / "shared"));  // the write probe is gone
  fs::create_directories(tmp / "new" / "shared" / "shard-1");
  CHECK(exit_code_of([&] { slurm::preflight(config(tmp / "new" / "shared")); }, what) == 2);
  CHECK_THAT(what, Contains("already holds shard-1"));
}

TEST_CASE("slurm submit: writes the script and metadata, runs sbatch by argv, reads the id") {
  test::TempDir tmp;
  fake_sbatch(tmp / "bin", "sbatch: warning: odd\\n4711;cl\\n", 0);
  test::ScopedEnv path("PATH", ((tmp / "bin").string() + ":/usr/bin:/bin").c_str());
  const fs::path shared = tmp / "it's shared";
  const auto c = config(shared);
  slurm::preflight(c);
  const auto s = slurm::submit(c, 300);
  CHECK(s.job_id == "4711");
  CHECK(s.script == (shared / "fcbench-slurm.sh").string());
  CHECK(read_file(s.script) == slurm::batch_script(c));
  struct stat st {};
  REQUIRE(::stat(s.script.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0755);
  std::string args = read_file(tmp / "bin" / "args");
  std::string want;
  for (const auto& a : slurm::sbatch_argv(c, s.script)) (want += a) += '\0';
  CHECK(args == want.substr(want.find('\0') + 1));  // argv[0] is not recorded
  const auto meta = nlohmann::json::parse(read_file(shared / "fcbench-slurm.json"));
  CHECK(meta["job_id"] == "4711");
  CHECK(meta["shards"] == 2);
  CHECK(meta["instances"] == 300);
  CHECK(meta["start_at_ns"] == 42);
  CHECK(meta["fcbench_version"] == "fcbench 9.9.9");
}

TEST_CASE("slurm submit: a failing sbatch is an error with its output, and no metadata") {
  test::TempDir tmp;
  fake_sbatch(tmp / "bin", "sbatch: error: invalid partition specified: p1\\n", 1);
  test::ScopedEnv path("PATH", ((tmp / "bin").string() + ":/usr/bin:/bin").c_str());
  const auto c = config(tmp / "shared");
  slurm::preflight(c);
  std::string what;
  CHECK(exit_code_of([&] { slurm::submit(c, 10); }, what) == 1);
  CHECK_THAT(what, Contains("exit 1"));
  CHECK_THAT(what, Contains("invalid partition specified: p1"));
  CHECK_FALSE(fs::exists(tmp / "shared" / "fcbench-slurm.json"));
}

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "../fixtures/test_support.hpp"
#include "slurm/script.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using namespace fcbench;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// Words that break naive quoting: quotes, expansions, globs, separators,
// control characters, an empty word, a leading dash and non-ASCII.
const std::vector<std::string> kNasty = {
    "",
    "plain",
    "it's",
    "''",
    "a\"b",
    "$(touch PWNED)",
    "`touch PWNED`",
    "${HOME}",
    "back\\slash\\",
    "* ? [a-z]",
    "semi; rm -rf /tmp/nothing && echo",
    "new\nline",
    "tab\there",
    "cr\rcr",
    std::string("ctl\x01\x1f\x7f", 6),
    "-n",
    "!event",
    "#comment",
    "\xc3\xa9t\xc3\xa9 \xe2\x9c\x93",
    "'$'\\''",
};

// The words bash sees for `printf '%s\0' LINE`, split at NULs.
std::vector<std::string> bash_words(const std::string& line, const fs::path& cwd) {
  const auto r =
      run_command({"bash", "-c", "cd \"$1\" && printf '%s\\0' " + line, "bash", cwd.string()});
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nul; (nul = r.output.find('\0', start)) != std::string::npos; start = nul + 1)
    out.push_back(r.output.substr(start, nul - start));
  return out;
}

slurm::SubmitConfig config(const fs::path& root) {
  slurm::SubmitConfig c;
  c.fcbench = (root / "bin dir/fcbench").string();
  c.version = "fcbench 9.9.9";
  c.workload = (root / "my 'work'\nload $(x).jsonl").string();
  c.shared_dir = (root / "shared \"dir\" `y`").string();
  c.shards = 3;
  c.start_at_ns = 1764000000123456789;
  c.run_args = {"--vmm", "native", "-j", "4", "--plugin-path", "/p/it's here", "--pin"};
  return c;
}

// A stand-in fcbench: prints VERSION for --version, else writes its
// arguments NUL-separated to ARGS_FILE.
void fake_fcbench(const fs::path& exe, const std::string& version, const fs::path& args_file) {
  fs::create_directories(exe.parent_path());
  write_file(exe,
             "#!/bin/bash\nif [ \"$1\" = --version ]; then printf '%s\\n' " +
                 slurm::sh_quote(version) + "; exit 0; fi\nprintf '%s\\0' \"$@\" > " +
                 slurm::sh_quote(args_file.string()) + "\n",
             0755);
}

std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nul; (nul = s.find('\0', start)) != std::string::npos; start = nul + 1)
    out.push_back(s.substr(start, nul - start));
  return out;
}

}  // namespace

TEST_CASE("slurm sh_quote: bash reads every nasty word back unchanged, running nothing") {
  test::TempDir tmp;
  std::string line;
  for (const auto& w : kNasty) line += slurm::sh_quote(w) + " ";
  CHECK(bash_words(line, tmp.path()) == kNasty);
  CHECK_FALSE(fs::exists(tmp / "PWNED"));
  CHECK(bash_words(slurm::sh_join(kNasty), tmp.path()) == kNasty);
  // Control characters never reach the output raw: each word stays on one line.
  for (const auto& w : kNasty) {
    const std::string q = slurm::sh_quote(w);
    CHECK(q.find_first_of("\n\r") == std::string::npos);
    CHECK((q.front() == '\'' || q.substr(0, 2) == "$'"));
  }
  CHECK(slurm::sh_quote("it's") == "'it'\\''s'");
  CHECK(slurm::sh_quote("a\nb") == "$'a\\x0ab'");
  CHECK(slurm::sh_quote("") == "''");
}

TEST_CASE("slurm script: directives, array size and exclusive") {
  test::TempDir tmp;
  auto c = config(tmp.path());
  const std::string s = slurm::batch_script(c);
  CHECK(s.rfind("#!/bin/bash\n", 0) == 0);
  CHECK(s.find("\n#SBATCH --array=0-2\n") != std::string::npos);
  CHECK(s.find("\n#SBATCH --exclusive\n") != std::string::npos);
  CHECK(s.find("\n#SBATCH --nodes=1\n") != std::string::npos);
  // Directives come before the first command, and hold no user words; every
  // line before `set` is a comment (user words in comments stay on their line).
  const size_t body = s.find("\nset -euo pipefail\n");
  REQUIRE(body != std::string::npos);
  const std::vector<std::string> fixed = {
      "#SBATCH --job-name=fcbench", "#SBATCH --array=0-2", "#SBATCH --nodes=1",
      "#SBATCH --ntasks=1",         "#SBATCH --exclusive", "#SBATCH --output=slurm-%A_%a.out"};
  size_t directives = 0;
  for (size_t at = 0; at < body;) {
    const size_t nl = s.find('\n', at);
    const std::string line = s.substr(at, nl - at);
    CHECK((!line.empty() && line[0] == '#'));
    if (line.rfind("#SBATCH", 0) == 0) {
      CHECK(std::find(fixed.begin(), fixed.end(), line) != fixed.end());
      ++directives;
    }
    at = nl + 1;
  }
  CHECK(directives == fixed.size());
  c.exclusive = false;
  c.shards = 1;
  const std::string one = slurm::batch_script(c);
  CHECK(one.find("#SBATCH --exclusive") == std::string::npos);
  CHECK(one.find("\n#SBATCH --array=0-0\n") != std::string::npos);
  c.shards = 64;
  CHECK(slurm::batch_script(c).find("\n#SBATCH --array=0-63\n") != std::string::npos);
}

TEST_CASE("slurm script: a task runs its shard with every run option, nasty paths intact") {
  test::TempDir tmp;
  const auto c = config(tmp.path());
  const fs::path args = tmp / "args";
  fake_fcbench(c.fcbench, c.version, args);
  const fs::path script = tmp / "job.sh";
  write_file(script, slurm::batch_script(c), 0755);
  CHECK(run_command({"bash", "-n", script.string()}).exit_code == 0);
  const auto r = run_command({"env", "SLURM_ARRAY_TASK_ID=1", "bash", script.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const std::vector<std::string> want = {"run",
                                         "--workload",
                                         c.workload,
                                         "--shard",
                                         "1/3",
                                         "--start-at",
                                         "1764000000123456789",
                                         "--output",
                                         c.shared_dir + "/shard-1",
                                         "--vmm",
                                         "native",
                                         "-j",
                                         "4",
                                         "--plugin-path",
                                         "/p/it's here",
                                         "--pin"};
  CHECK(split_nul(read_file(args)) == want);
  CHECK_FALSE(fs::exists(tmp / "PWNED"));
}

TEST_CASE("slurm script: a task on another fcbench version fails with both versions named") {
  test::TempDir tmp;
  const auto c = config(tmp.path());
  const fs::path args = tmp / "args";
  fake_fcbench(c.fcbench, "fcbench 1.0.0", args);
  const fs::path script = tmp / "job.sh";
  write_file(script, slurm::batch_script(c), 0755);
  const auto r = run_command({"env", "SLURM_ARRAY_TASK_ID=2", "bash", script.string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("fcbench slurm task 2 on "));
  CHECK_THAT(r.output,
             Contains("is 'fcbench 1.0.0', but the job was submitted with 'fcbench 9.9.9'"));
  CHECK_FALSE(fs::exists(args));  // no run started
  // Without Slurm's task id the script refuses too.
  const auto bare = run_command({"env", "-u", "SLURM_ARRAY_TASK_ID", "bash", script.string()});
  CHECK(bare.exit_code != 0);
  CHECK_THAT(bare.output, Contains("SLURM_ARRAY_TASK_ID"));
  CHECK_FALSE(fs::exists(args));
}

TEST_CASE("slurm sbatch argv: chdir, partition and extra options verbatim, script last") {
  test::TempDir tmp;
  auto c = config(tmp.path());
  c.partition = "big nodes";
  c.sbatch_args = {"--time=30", "--comment=it's \"odd\" $(x)"};
  const auto argv = slurm::sbatch_argv(c, "/s/job.sh");
  const std::vector<std::string> want = {"sbatch",
                                         "--parsable",
                                         "--chdir=" + c.shared_dir,
                                         "--partition=big nodes",
                                         "--time=30",
                                         "--comment=it's \"odd\" $(x)",
                                         "/s/job.sh"};
  CHECK(argv == want);
  // The script records the submission as a comment, quoted onto one line.
  const std::string s = slurm::batch_script(c);
  CHECK(s.find("#   " + slurm::sh_join(slurm::sbatch_argv(c, c.shared_dir + "/fcbench-slurm.sh")) +
               "\n") != std::string::npos);
}

TEST_CASE("slurm merge command: the glob expands, the quoted directory does not") {
  test::TempDir tmp;
  auto c = config(tmp.path());
  c.shared_dir = (tmp / "sh ared*'").string();
  fs::create_directories(fs::path(c.shared_dir) / "shard-0");
  fs::create_directories(fs::path(c.shared_dir) / "shard-1");
  const auto words = bash_words(slurm::merge_command(c), tmp.path());
  const std::vector<std::string> want = {c.fcbench,
                                         "merge",
                                         c.shared_dir + "/shard-0",
                                         c.shared_dir + "/shard-1",
                                         "-o",
                                         c.shared_dir + "/merged"};
  CHECK(words == want);
}

TEST_CASE("slurm config: bad values are refused with exit code 2") {
  test::TempDir tmp;
  auto check_refused = [&](const slurm::SubmitConfig& c, const std::string& what) {
    try {
      slurm::batch_script(c);
      FAIL("accepted a config that should fail with: " << what);
    } catch (const UserError& e) {
      CHECK(e.exit_code == 2);
      CHECK_THAT(e.what(), Contains(what));
    }
  };
  auto c = config(tmp.path());
  c.shards = 0;
  check_refused(c, "--shards must be at least 1");
  c = config(tmp.path());
  c.sbatch_args = {"--time", "30"};
  check_refused(c, "--sbatch-arg '30' is not an option");
  c.sbatch_args = {""};
  check_refused(c, "--sbatch-arg '' is not an option");
  c = config(tmp.path());
  c.partition = "a\nb";
  check_refused(c, "--partition must not contain a line break");
  c = config(tmp.path());
  c.workload = "relative.jsonl";
  check_refused(c, "is not absolute");
}

TEST_CASE("slurm job id: from sbatch --parsable output, warnings before it") {
  CHECK(slurm::parse_job_id("123\n") == "123");
  CHECK(slurm::parse_job_id("123;cluster-a\n") == "123");
  CHECK(slurm::parse_job_id("sbatch: warning: something\n45\n") == "45");
  CHECK_FALSE(slurm::parse_job_id(""));
  CHECK_FALSE(slurm::parse_job_id("sbatch: error: Batch job submission failed\n"));
  CHECK_FALSE(slurm::parse_job_id("12a\n"));
}

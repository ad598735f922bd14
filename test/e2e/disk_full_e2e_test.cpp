// A full disk: the output directory on a tiny tmpfs fills mid-run. No torn
// line is left, no more instances start, every instance not done gets a
// not_started record ("disk full"), the records that cannot be written are
// counted on stderr, and --resume after space is freed completes the run.
#include <fmt/format.h>
#include <sys/mount.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>

#include "e2e_support.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::Sandbox;
using fcbench::e2e::WorkloadFile;
using nlohmann::json;

// A tmpfs mounted on DIR for the object's life; unmounted in every path.
class TinyTmpfs {
 public:
  TinyTmpfs(fs::path dir, const std::string& size) : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    const std::string opts = "size=" + size + ",mode=0700";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, opts.c_str()) != 0)
      error_ = std::strerror(errno);
  }
  ~TinyTmpfs() {
    if (error_.empty()) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  TinyTmpfs(const TinyTmpfs&) = delete;
  TinyTmpfs& operator=(const TinyTmpfs&) = delete;
  const std::string& error() const { return error_; }  // "" once mounted
  bool resize(const std::string& size) {
    const std::string opts = "size=" + size;
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, opts.c_str()) == 0;
  }

 private:
  fs::path dir_;
  std::string error_;
};

// Every line of results.jsonl parsed; a line that is not JSON fails the test.
std::vector<json> whole_lines(const fs::path& file) {
  std::vector<json> out;
  std::ifstream in(file);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    INFO(file.string() << ":" << n << ": " << line);
    REQUIRE(json::accept(line));
    out.push_back(json::parse(line));
  }
  return out;
}

// 60 quick sleepers, 2 at a time, each printing ~1 KiB on stdout (a log page).
fs::path workload(const Sandbox& t, int n) {
  WorkloadFile w;
  for (int i = 0; i < n; ++i)
    w.add(fmt::format("d{:03}", i), int64_t(i) * 1'000'000, "sleeper",
          {{"seconds", 0.01}, {"message", std::string(1000, 'x')}});
  return w.write(t);
}

size_t unwritten_count(const std::string& output) {
  std::smatch m;
  static const std::regex re(R"((\d+) record\(s\) could not be written)");
  return std::regex_search(output, m, re) ? std::stoul(m[1]) : 0;
}

}  // namespace

TEST_CASE("disk full: no torn line, the rest not_started, and --resume completes the run",
          "[e2e][disk-full]") {
  if (::geteuid() != 0) FCBENCH_SKIP("mounting a tmpfs needs root");
  Sandbox t;
  TinyTmpfs disk(t / "disk", "256k");
  if (!disk.error().empty()) FCBENCH_SKIP("cannot mount a tmpfs: " + disk.error());
  const int n = 60;
  const auto w = workload(t, n);
  const auto out = t / "disk" / "out";
  auto r = fcbench_cmd({"run", "-w", w.string(), "--vmm", "native", "-j", "2", "-o", out.string(),
                        "--monitor-interval-s", "0", "--plugin-path", FCBENCH_E2E_FIXTURE_DIR});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Catch::Contains("disk full"));
  CHECK_THAT(r.output, Catch::Contains("fcbench run --resume " + out.string()));
  CHECK_THAT(r.output, Catch::Contains("record(s) could not be written"));
  const auto recs = whole_lines(out / "results.jsonl");
  const size_t unwritten = unwritten_count(r.output);
  CHECK(recs.size() + unwritten == size_t(n));  // every instance has a record, on disk or not
  for (auto& rec : recs)
    if (rec["status"] == "not_started")
      CHECK_THAT(rec["error"].get<std::string>(), Catch::Contains("disk full"));
  CHECK(recs.size() < size_t(n));  // it did fill mid-run
  CHECK((!fs::exists(out / "instances") || fs::is_empty(out / "instances")));
  CHECK(t.leftovers().empty());

  REQUIRE(disk.resize("16m"));
  auto again =
      fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", FCBENCH_E2E_FIXTURE_DIR});
  INFO(again.output);
  CHECK(again.exit_code == 0);
  std::map<std::string, int> ok;
  for (auto& rec : whole_lines(out / "results.jsonl")) {
    CHECK(rec["status"] == "ok");
    ++ok[rec["id"].get<std::string>()];
  }
  CHECK(ok.size() == size_t(n));
  for (auto& [id, count] : ok) CHECK(count == 1);
  CHECK(fs::exists(out / "summary.json"));
}

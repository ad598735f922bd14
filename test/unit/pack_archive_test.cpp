// The pack archive reader (core/pack/archive.cpp), from a file and from memory.
#include "pack/archive.hpp"

#include <catch2/catch.hpp>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using namespace fcbench;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

namespace {

// A two-file archive written by write_archive(), as bytes.
std::string sample_archive(const TempDir& t) {
  write_file(t / "a.txt", "alpha\n");
  write_file(t / "b.sh", "#!/bin/sh\n", 0755);
  pack::write_archive(t / "x.fcpack", {{"pack.yaml", t / "a.txt"}, {"bin/run.sh", t / "b.sh"}});
  return read_file(t / "x.fcpack");
}

std::string refusal(std::string_view bytes, const fs::path& into) {
  try {
    pack::read_archive_memory(bytes, "m.fcpack", into);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("pack archive: read from memory as from the file", "[unit][pack]") {
  TempDir t;
  const std::string bytes = sample_archive(t);
  fs::create_directory(t / "from-file");
  fs::create_directory(t / "from-memory");
  const auto a = pack::read_archive(t / "x.fcpack", t / "from-file");
  const auto b = pack::read_archive_memory(bytes, "x.fcpack", t / "from-memory");
  CHECK(a == std::vector<std::string>{"bin/run.sh", "pack.yaml"});
  CHECK(b == a);
  CHECK(read_file(t / "from-memory" / "pack.yaml") == "alpha\n");
  CHECK((fs::status(t / "from-memory" / "bin/run.sh").permissions() & fs::perms::owner_exec) !=
        fs::perms::none);
}

TEST_CASE("pack archive: garbage and truncation are refused naming the archive", "[unit][pack]") {
  TempDir t;
  const std::string bytes = sample_archive(t);
  fs::create_directory(t / "in");
  CHECK_THAT(refusal("not an archive at all", t / "in"), Catch::StartsWith("m.fcpack: "));
  fs::remove_all(t / "in");
  fs::create_directory(t / "in");
  CHECK_THAT(refusal(bytes.substr(0, bytes.size() / 2), t / "in"),
             Catch::StartsWith("m.fcpack: ") &&
                 Catch::Contains("truncated", Catch::CaseSensitive::No));
}

// Found by the pack fuzz target: libarchive fails an entry without an error
// string (a NULL archive_error_string), which fmt refused with format_error,
// and that escaped as an uncaught exception.
TEST_CASE("pack archive: a failure libarchive gives no message for is still a clear refusal",
          "[unit][pack]") {
  TempDir t;
  const std::string bytes =
      read_file(fs::path(FCBENCH_TEST_DATA_DIR) / "../fuzz/corpus/pack/crash-no-error-string.tar");
  fs::create_directory(t / "in");
  CHECK_THAT(refusal(bytes, t / "in"), Catch::StartsWith("m.fcpack: corrupt or truncated"));
}

// Found by the pack fuzz target: a symlink entry "0/suites/" after the
// directory 0/suites made create_symlink() throw filesystem_error ("File
// exists"), which escaped. Its trailing '/' also made the escape check judge
// the target from the wrong directory.
TEST_CASE("pack archive: a symlink named like a directory is refused", "[unit][pack]") {
  TempDir t;
  const std::string bytes = read_file(fs::path(FCBENCH_TEST_DATA_DIR) /
                                      "../fuzz/corpus/pack/crash-symlink-over-directory.tar");
  fs::create_directory(t / "in");
  CHECK_THAT(refusal(bytes, t / "in"),
             Catch::StartsWith("m.fcpack: refusing entry '0/suites/'"));
}

TEST_CASE("pack archive: an entry that clashes with an earlier one is refused, naming it",
          "[unit][pack]") {
  TempDir t;
  write_file(t / "f", "x");
  pack::write_archive(t / "x.fcpack", {{"a", t / "f"}, {"a/b", t / "f"}});  // a file, then a/b
  fs::create_directory(t / "in");
  CHECK_THAT(refusal(read_file(t / "x.fcpack"), t / "in"),
             Catch::StartsWith("m.fcpack: cannot unpack entry 'a/b': "));
}
